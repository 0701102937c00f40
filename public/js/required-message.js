// A required tick or field the browser refuses to submit says why in the page's language: the
// browser's own message ("Please check this box…") is in the browser's, whatever the page's.
(function () {
  document.querySelectorAll('[data-required-message]').forEach(function (input) {
    input.addEventListener('invalid', function () {
      input.setCustomValidity(input.dataset.requiredMessage);
    });
    input.addEventListener('change', function () {
      input.setCustomValidity('');
    });
  });
})();
