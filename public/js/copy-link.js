// "Copy link" beside a read-only link field: one tap puts the link on the clipboard and the
// button says so. Without this script (or clipboard access) the field can still be selected.
(function () {
  var buttons = document.querySelectorAll('[data-copy-target]');
  if (!buttons.length || !window.navigator.clipboard) return;
  buttons.forEach(function (button) {
    var field = document.getElementById(button.getAttribute('data-copy-target'));
    if (!field) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener('click', function () {
      window.navigator.clipboard.writeText(field.value).then(
        function () {
          button.textContent = button.getAttribute('data-copied-label');
          setTimeout(function () {
            button.textContent = label;
          }, 2000);
        },
        function () {
          field.select();
        },
      );
    });
  });
})();
