// The header's links on a phone: folded behind a Menu button, so a page starts with its content.
// Without this script (or on a wide screen) every link shows, as before: nothing depends on it.
(function () {
  var header = document.querySelector('.site-header');
  var button = header && header.querySelector('.menu-button');
  if (!button) return;
  header.classList.add('menu-enabled');
  button.hidden = false;
  button.addEventListener('click', function () {
    var open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    header.classList.toggle('menu-open', open);
  });
  // A tap outside the open menu closes it, as on any phone site.
  document.addEventListener('click', function (event) {
    if (button.getAttribute('aria-expanded') !== 'true' || header.contains(event.target)) return;
    button.setAttribute('aria-expanded', 'false');
    header.classList.remove('menu-open');
  });
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || button.getAttribute('aria-expanded') !== 'true') return;
    button.setAttribute('aria-expanded', 'false');
    header.classList.remove('menu-open');
    button.focus();
  });
})();
