// The apply form's condition questions: show only the requirements that apply to the
// chosen answers (a conditional one stays hidden until its question is answered). The server decides what is required (this only hides what does not
// apply); without script every requirement shows with its "jika …" label.
(function () {
  "use strict";
  function update(form) {
    var chosen = [];
    form.querySelectorAll("[data-condition-option]:checked").forEach(function (input) {
      chosen.push(input.value.toLowerCase());
    });
    form.querySelectorAll("[data-applies-when]").forEach(function (row) {
      var answers = row.getAttribute("data-applies-when").toLowerCase().split("|");
      var applies = answers.some(function (a) { return chosen.indexOf(a) >= 0; });
      row.hidden = !applies;
      row.querySelectorAll("input[type=file]").forEach(function (input) { input.disabled = !applies; });
    });
    form.querySelectorAll("[data-brought]").forEach(function (box) {
      box.hidden = !box.querySelector("li:not([hidden])");
    });
  }
  document.querySelectorAll("[data-conditional-form]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.matches("[data-condition-option]")) update(form);
    });
    update(form);
  });
})();
