// HallMark's few page behaviours, bound by data attributes (the CSP allows no inline handlers).
//   data-print            button: prints the page
//   data-autosubmit       input/select: submits its form when changed
//   data-toggle-body="c"  checkbox: toggles class c on <body>
//   data-go-to="field"    form: goes to the URL held by the value of its field `field`
(function () {
  "use strict";
  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }
  document.addEventListener("DOMContentLoaded", function () {
    each("[data-print]", function (el) {
      el.addEventListener("click", function () { window.print(); });
    });
    each("[data-autosubmit]", function (el) {
      el.addEventListener("change", function () { if (el.form) { el.form.submit(); } });
    });
    each("[data-toggle-body]", function (el) {
      var name = el.getAttribute("data-toggle-body");
      el.addEventListener("change", function () { document.body.classList.toggle(name, el.checked); });
    });
    each("form[data-go-to]", function (form) {
      form.addEventListener("submit", function (event) {
        var field = form.elements[form.getAttribute("data-go-to")];
        if (field && field.value && field.value.charAt(0) === "/") {
          event.preventDefault();
          window.location.href = field.value;
        }
      });
    });
  });
})();
