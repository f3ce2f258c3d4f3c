// The rating tablet at a counter (satupintu/satisfaction/pages/tablet.py).
// Rest screen → a `finish` at this counter on the MPP's event stream → ask the server
// which ticket (rating-prompt) → four faces → reason chips → POST the rating → thanks and
// the offer of the SKM questionnaire → back to rest after a while. Sentences come
// translated from the server (data-msg-* attributes).
(() => {
  "use strict";

  // The questionnaire page on the tablet: go back to the rating screen when left alone.
  const back = document.getElementById("tablet-return");
  if (back) {
    const seconds = Number(back.dataset.seconds || 60);
    let timer = null;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { window.location.assign(back.dataset.backUrl); }, seconds * 1000);
    };
    if (back.hasAttribute("data-idle")) {
      for (const type of ["pointerdown", "keydown", "input", "scroll"]) {
        document.addEventListener(type, arm, { passive: true });
      }
    }
    arm();
    return;
  }

  const root = document.getElementById("tablet");
  if (!root) return;
  const counterId = Number(root.dataset.counter);
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const resetMs = Number(root.dataset.resetSeconds || 20) * 1000;
  const status = document.getElementById("tablet-status");
  const screens = ["rest", "ask", "reasons", "thanks", "error"];
  let current = null; // {ticket, number}
  let score = null;
  let resetTimer = null;
  const done = new Set(); // tickets asked about already: a reconnect does not ask again

  function show(name) {
    for (const screen of screens) {
      document.getElementById("screen-" + screen).hidden = screen !== name;
    }
    root.dataset.screen = name;
    clearTimeout(resetTimer);
    if (name !== "rest") resetTimer = setTimeout(rest, resetMs);
  }

  function rest() {
    if (current) done.add(current.ticket);
    current = null;
    score = null;
    show("rest");
  }

  function fail(message) {
    document.getElementById("error-text").textContent = message || root.dataset.msgError;
    show("error");
  }

  async function ask() {
    let response;
    try {
      response = await fetch(root.dataset.promptUrl, {
        credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
      });
    } catch (e) { return; }
    if (response.status !== 200) return;
    const prompt = await response.json();
    if (done.has(prompt.ticket) || (current && current.ticket === prompt.ticket)) return;
    current = prompt;
    document.getElementById("ask-ticket").textContent =
      root.dataset.msgNumber.replace("%(number)s", prompt.number);
    status.textContent = document.getElementById("ask-title").textContent;
    show("ask");
  }

  function choose(value) {
    score = value;
    const positive = value >= 3;
    for (const group of root.querySelectorAll(".chips")) {
      group.hidden = (group.dataset.for === "positive") !== positive;
    }
    for (const chip of root.querySelectorAll(".chip")) chip.setAttribute("aria-pressed", "false");
    show("reasons");
  }

  async function send() {
    if (!current || score === null) return rest();
    const group = root.querySelector(".chips:not([hidden])");
    const reasons = [...group.querySelectorAll(".chip[aria-pressed=true]")].map((c) => c.dataset.reason);
    const url = root.dataset.ratingUrl.replace("{ticket}", current.ticket);
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ score, reasons }),
      });
    } catch (e) { return fail(); }
    if (response.status === 201 || response.status === 409) {
      const link = document.getElementById("survey-link");
      link.href = root.dataset.surveyUrl.replace("00000000-0000-0000-0000-000000000000", current.ticket);
      status.textContent = document.getElementById("thanks-title").textContent;
      return show("thanks");
    }
    let message = null;
    try { message = (await response.json()).message; } catch (e) { /* keep the default */ }
    fail(message);
  }

  for (const button of root.querySelectorAll(".face-button")) {
    button.addEventListener("click", () => choose(Number(button.dataset.score)));
  }
  for (const chip of root.querySelectorAll(".chip")) {
    chip.addEventListener("click", () => {
      chip.setAttribute("aria-pressed", chip.getAttribute("aria-pressed") === "true" ? "false" : "true");
      show("reasons"); // restarts the reset timer
    });
  }
  document.getElementById("send-rating").addEventListener("click", send);
  document.getElementById("no-survey").addEventListener("click", rest);

  function connect() {
    if (!window.EventSource) return;
    const source = new EventSource(root.dataset.eventsUrl);
    source.addEventListener("open", () => { root.dataset.stream = "live"; });
    source.addEventListener("error", () => { root.dataset.stream = "offline"; });
    source.addEventListener("snapshot", () => { if (!current) ask(); });
    source.addEventListener("finish", (event) => {
      let data = {};
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data.counter === counterId) ask();
    });
  }
  rest();
  connect();
})();
