// Quiz question forms show only the fields of the chosen kind: options with their "correct" ticks
// for choice questions, accepted answers for short ones. Without this script every field shows,
// and the labels say which kind each is for; hidden fields are still posted (and ignored).
(function () {
  document.querySelectorAll('.question-fields').forEach(function (fields) {
    var kind = fields.querySelector('select.question-kind');
    if (!kind) return;
    var show = function () {
      fields.dataset.questionKind = kind.value;
      fields.querySelectorAll('[data-question-kinds]').forEach(function (part) {
        part.hidden = part.dataset.questionKinds.split(' ').indexOf(kind.value) === -1;
      });
    };
    kind.addEventListener('change', show);
    show();
  });
})();
