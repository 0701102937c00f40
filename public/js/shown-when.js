// Parts of a form that apply to one choice only show with it: `data-shown-when="kind=single
// multiple"` shows while the form's `kind` field is single or multiple (a quiz question's options),
// `data-shown-when="target=course"` while a cohort goes to a course. Without this script every
// part shows, and the labels say which choice each is for; hidden fields are still posted.
(function () {
  document.querySelectorAll('[data-shown-when]').forEach(function (part) {
    var rule = part.dataset.shownWhen.split('=');
    var scope = part.closest('form, .question-fields') || document;
    var field = scope.querySelector('select[name="' + rule[0] + '"]');
    if (!field) return;
    var values = rule[1].split(' ');
    var show = function () {
      part.hidden = values.indexOf(field.value) === -1;
    };
    field.addEventListener('change', show);
    show();
  });
})();
