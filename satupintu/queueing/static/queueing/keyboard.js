// The kiosk's on-screen keyboard (templates/queueing/kiosk/_keyboard.html): a tap on a key
// types into its field at the caret, as a physical keyboard or a scanner typing into the
// same field would, and sends the field's "input" event (the search asks the server for
// its results on it). The field keeps the focus, so a scanner can type at any moment.
// A keyboard marked osk-on-focus opens when its field is first focused and then stays
// open: closing it on blur would move the results under the finger that taps one.
(() => {
  "use strict";
  for (const board of document.querySelectorAll("[data-osk-for]")) {
    const field = document.getElementById(board.dataset.oskFor);
    if (!field) continue;
    field.addEventListener("focus", () => board.classList.add("is-open"));
    // a key does not take the focus (nor the caret) from the field
    board.addEventListener("mousedown", (event) => event.preventDefault());
    board.addEventListener("click", (event) => {
      const key = event.target.closest("button");
      if (!key) return;
      const value = field.value;
      let start = field.selectionStart ?? value.length;
      let end = field.selectionEnd ?? start;
      let text = "";
      if (key.dataset.action === "clear") {
        [start, end] = [0, value.length];
      } else if (key.dataset.action === "backspace") {
        if (start === end) start = Math.max(0, start - 1);
      } else if (key.dataset.key !== undefined) {
        text = key.dataset.key;
        const room = field.maxLength > 0 ? field.maxLength - (value.length - (end - start)) : text.length;
        if (room < text.length) return;
      } else {
        return;
      }
      field.value = value.slice(0, start) + text + value.slice(end);
      field.focus();
      field.setSelectionRange(start + text.length, start + text.length);
      field.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
})();
