// The live ticket page: follows /api/v1/tickets/<id>/events and rewrites the page.
// The first state is rendered by the server; every `snapshot` and `ticket` event
// carries the whole ticket view (selectors.ticket_view), so each one simply redraws.
// The place and the wait come in words in each view (ahead_text, wait_text: the server
// makes them, waits/words.py); the status sentences come translated from the server
// (json_script "ticket-phrases").
(() => {
  "use strict";
  const root = document.getElementById("live-ticket");
  const source = document.getElementById("ticket-phrases");
  if (!root || !source || !window.EventSource) return;
  const t = JSON.parse(source.textContent);
  const fill = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
  const field = (name) => root.querySelector(`[data-field="${name}"]`);
  const baseTitle = root.dataset.tabName;
  const FINAL = new Set(["done", "cancelled"]);
  let last = { status: root.dataset.status, recalls: Number(root.dataset.recalls) };

  function show(name, visible) {
    for (const el of root.querySelectorAll(`[data-show="${name}"]`)) el.hidden = !visible;
  }

  function render(view) {
    const status = view.status;
    const counter = view.counter ?? "";
    const statusEl = field("status");
    const text = fill(t.status[status] || status, { counter });
    if (statusEl.textContent !== text) statusEl.textContent = text;
    statusEl.className = `live-status status-${status}`;
    field("ahead").textContent = view.ahead_text;
    field("wait").textContent = view.wait_text;
    field("counter").textContent = counter;
    field("counter-label").textContent = counter === "" ? "" : fill(t.counter, { counter });
    show("waiting", status === "waiting");
    show("serving", status === "serving");
    show("called", status === "called");
    show("done", status === "done");
    root.dataset.status = status;
    document.title = status === "called" ? `${fill(t.title_called, { counter })} · ${view.number}` : baseTitle;
    const calledAgain = status === "called" && (last.status !== "called" || view.recalls > last.recalls);
    if (calledAgain && navigator.vibrate) navigator.vibrate([300, 150, 300, 150, 300]);
    if (status === "transferred" && last.status !== "transferred") {
      window.location.reload(); // the server names the new service and number
    }
    last = { status, recalls: view.recalls };
  }

  // EventSource reconnects by itself and the server answers a reconnect with a fresh
  // snapshot; "Menyambung ulang…" shows only when that takes longer than a moment.
  const events = new EventSource(root.dataset.eventsUrl);
  const connection = field("connection");
  let lost = 0;
  const connected = () => {
    window.clearTimeout(lost);
    lost = 0;
    connection.hidden = true;
  };
  const onData = (event) => {
    connected();
    const view = JSON.parse(event.data);
    render(view);
    if (FINAL.has(view.status)) events.close();
  };
  events.addEventListener("snapshot", onData);
  events.addEventListener("ticket", onData);
  events.addEventListener("open", connected);
  events.addEventListener("error", () => {
    if (events.readyState === EventSource.CLOSED || lost) return;
    lost = window.setTimeout(() => { connection.hidden = false; }, 2000);
  });
})();
