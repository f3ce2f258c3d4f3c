// The kiosk screens (a static file: the CSP allows no inline script).
// - An untouched screen returns to the start (data-idle-seconds on <body>, or on a field
//   once typed in), through the reset form, which also switches the language back to
//   Indonesian for the next visitor.
// - The ticket screen prints itself once (data-autoprint); Chrome started with
//   --kiosk-printing prints without a dialog (docs/operations.md, "Kios antrian").
// - One tap, one ticket: a form marked data-once is sent only once.
(() => {
  "use strict";
  const body = document.body;
  const reset = document.getElementById("kiosk-reset");

  // An untouched screen returns to the start; a screen that stays (the start) does so
  // once a visitor has typed in a field marked with data-idle-seconds (the search).
  let armed = false;
  const watch = (seconds) => {
    if (armed || !(seconds > 0) || !reset) return;
    armed = true;
    let timer = 0;
    const arm = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => reset.submit(), seconds * 1000);
    };
    for (const type of ["pointerdown", "keydown", "wheel", "touchstart", "scroll", "input"]) {
      window.addEventListener(type, arm, { capture: true, passive: true });
    }
    arm();
  };
  watch(Number(body.dataset.idleSeconds || 0));
  for (const field of document.querySelectorAll("input[data-idle-seconds]")) {
    field.addEventListener("input", () => watch(Number(field.dataset.idleSeconds)));
  }

  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  if ("autoprint" in body.dataset) {
    window.addEventListener("load", () => window.setTimeout(() => window.print(), 300));
  }

  for (const form of document.querySelectorAll("form[data-once]")) {
    form.addEventListener("submit", (event) => {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "true";
      form.setAttribute("aria-busy", "true");
    });
  }
})();
