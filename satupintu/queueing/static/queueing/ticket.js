// Live tickets: each element `[data-live-ticket]` (the ticket page's one, or each card of
// "Beranda saya") follows its ticket's stream (data-events-url: /api/v1/tickets/<id>/events)
// and rewrites its own fields. The first state is rendered by the server; every `snapshot`
// and `ticket` event carries the whole ticket view (selectors.ticket_view), so each one
// simply redraws. The place and the wait come in words in each view (ahead_text,
// wait_text: the server makes them, waits/words.py); the status sentences come translated
// from the server (json_script "ticket-phrases"). A field an element does not show is
// skipped.
(() => {
  "use strict";
  const source = document.getElementById("ticket-phrases");
  if (!source || !window.EventSource) return;
  const t = JSON.parse(source.textContent);
  const fill = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
  const FINAL = new Set(["done", "cancelled"]);
  const baseTitle = document.title;

  function follow(root) {
    const field = (name) => root.querySelector(`[data-field="${name}"]`);
    const put = (name, text) => { const el = field(name); if (el && el.textContent !== text) el.textContent = text; };
    const tabName = root.dataset.tabName || baseTitle;
    let last = { status: root.dataset.status, recalls: Number(root.dataset.recalls) };

    function show(name, visible) {
      for (const el of root.querySelectorAll(`[data-show="${name}"]`)) el.hidden = !visible;
    }

    function render(view) {
      const status = view.status;
      const counter = view.counter ?? "";
      const statusEl = field("status");
      const text = status === "called" && root.dataset.calledTitle !== undefined
        ? fill(t.title_called, { counter })
        : fill(t.status[status] || status, { counter });
      put("status", text);
      if (statusEl) statusEl.className = `live-status status-${status}`;
      put("ahead", view.ahead_text);
      put("wait", view.wait_text);
      put("counter", String(counter));
      put("counter-label", counter === "" ? "" : fill(t.counter, { counter }));
      show("waiting", status === "waiting");
      show("serving", status === "serving");
      show("called", status === "called");
      show("done", status === "done");
      root.dataset.status = status;
      if (status === "called") document.title = `${fill(t.title_called, { counter })} · ${view.number}`;
      else if (last.status === "called" || root.dataset.tabName) document.title = tabName;
      const calledAgain = status === "called" && (last.status !== "called" || view.recalls > last.recalls);
      if (calledAgain && navigator.vibrate) navigator.vibrate([300, 150, 300, 150, 300]);
      // transferred, or a journey's step done with its next step queued (journeys): the
      // server names the new service, number and counters
      const movedOn = status === "transferred" || (status === "done" && view.transferred_to);
      if (movedOn && last.status !== status) window.location.reload();
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
      if (connection) connection.hidden = true;
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
      if (events.readyState === EventSource.CLOSED || lost || !connection) return;
      lost = window.setTimeout(() => { connection.hidden = false; }, 2000);
    });
  }

  for (const root of document.querySelectorAll("[data-live-ticket]")) follow(root);
})();
