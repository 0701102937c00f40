// The catalog's search applies as the reader goes: a changed filter at once, typed words after a
// short pause. It fetches the same page the form would open and swaps in its results, so without
// this script the form's Search button does exactly the same.
(function () {
  var form = document.querySelector('form[data-live-search]');
  var results = document.getElementById('search-results');
  if (!form || !results || !window.fetch || !window.DOMParser) return;
  // On a phone the filters start folded unless one is set, so the results come first.
  var panel = form.querySelector('.filter-panel');
  if (
    panel &&
    window.matchMedia('(max-width: 48rem)').matches &&
    panel.dataset.activeFilters === '0'
  )
    panel.open = false;
  var pending = null;
  var typing = null;

  function refresh() {
    var query = new URLSearchParams(new FormData(form)).toString();
    var url = form.getAttribute('action') + (query ? '?' + query : '');
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url, {
      headers: { Accept: 'text/html' },
      signal: pending.signal,
      credentials: 'same-origin',
    })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, 'text/html');
        var fresh = page.getElementById('search-results');
        if (!fresh) return;
        results.innerHTML = fresh.innerHTML;
        history.replaceState(null, '', url);
      })
      .catch(function () {
        /* aborted by a newer search, or offline: the Search button still works */
      });
  }

  form.addEventListener('change', function (event) {
    if (event.target && event.target.name !== 'q') refresh();
  });
  form.addEventListener('input', function (event) {
    if (!event.target || event.target.name !== 'q') return;
    clearTimeout(typing);
    typing = setTimeout(refresh, 350);
  });
})();
