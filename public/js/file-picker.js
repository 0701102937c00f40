// File fields worded in the page's language. A browser words its own file button ("Choose File",
// "No file chosen") in the browser's language, whatever the page's. The native input stays the
// control (focus, keyboard, required, posting the form, screen readers): it lies transparent over
// a button worded by the page, with the chosen file's name beside it. Without this script the
// browser's own field shows, which works the same.
(function () {
  var script = document.currentScript;
  var words = script ? script.dataset : {};
  if (!words.choose || !words.none) return;
  document.querySelectorAll('input[type="file"]').forEach(function (input) {
    var picker = document.createElement('span');
    picker.className = 'file-picker';
    var face = document.createElement('span');
    face.className = 'button button-secondary file-picker-button';
    face.setAttribute('aria-hidden', 'true');
    face.textContent = words.choose;
    var chosen = document.createElement('span');
    chosen.className = 'file-picker-name';
    chosen.setAttribute('aria-hidden', 'true');
    input.parentNode.insertBefore(picker, input);
    picker.appendChild(input);
    picker.appendChild(face);
    picker.appendChild(chosen);
    input.classList.add('file-picker-input');
    var show = function () {
      var names = Array.prototype.map.call(input.files || [], function (file) {
        return file.name;
      });
      chosen.textContent = names.length ? names.join(', ') : words.none;
    };
    input.addEventListener('change', show);
    show();
  });
})();
