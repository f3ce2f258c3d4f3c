// The counter console: actions are POSTs to the JSON API (session + CSRF token). The live
// part (#console-live) is drawn by the server (the page's `live` partial): its stream
// (htmx's SSE extension, sse-connect on #console) sends it again whenever an event concerns
// this counter, and it is asked for after each action. Shortcut keys work anywhere except
// while typing; the sentences come translated from the server (data-msg-* on #console).
(() => {
  "use strict";
  const root = document.getElementById("console");
  if (!root) return;
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const alertBox = document.getElementById("console-alert");
  const statusBox = document.getElementById("console-status");
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
  const live = () => document.getElementById("console-live");
  let busy = false;

  // --- messages

  function showError(message) {
    alertBox.innerHTML = "";
    const box = document.createElement("div");
    box.className = "alert alert-danger alert-dismissible mb-3";
    box.textContent = message;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", root.dataset.msgClose);
    close.addEventListener("click", () => { alertBox.innerHTML = ""; });
    box.appendChild(close);
    alertBox.appendChild(box);
  }

  function announce(message) {
    alertBox.innerHTML = "";
    statusBox.textContent = message;
    const toast = document.getElementById("console-toast") || document.createElement("div");
    toast.id = "console-toast";
    toast.className = "console-toast";
    toast.textContent = message;
    toast.setAttribute("aria-hidden", "true");
    root.appendChild(toast);
    clearTimeout(announce.timer);
    announce.timer = setTimeout(() => toast.remove(), 3500);
  }

  // --- the live part, asked for after an action (htmx keeps the focus on its button)

  const refresh = () =>
    htmx.ajax("GET", root.dataset.liveUrl, { target: "#console-live", swap: "outerHTML" })
      .catch(() => {}); // the stream or the next action brings it

  // --- actions

  async function post(url, body) {
    busy = true;
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body || {}),
      });
      let data = null;
      if (response.status !== 204) {
        try { data = await response.json(); } catch (e) { data = null; }
      }
      if (!response.ok) {
        showError((data && data.message) || root.dataset.msgNetwork);
        await refresh();
        return null;
      }
      await refresh();
      return { status: response.status, data };
    } catch (e) {
      showError(root.dataset.msgNetwork);
      return null;
    } finally {
      busy = false;
    }
  }

  async function act(button) {
    if (!button || button.disabled || busy) return;
    if (button.dataset.dialog) { openDialog(button.dataset.dialog); return; }
    const url = button.dataset.post;
    if (!url) return;
    const result = await post(url);
    if (!result) return;
    if (button.id === "btn-call") {
      if (result.status === 204) announce(root.dataset.msgNobody);
      else announce(fill(root.dataset.msgCalled, { number: result.data.number, counter: result.data.counter ?? "" }));
    } else {
      announce(root.dataset.msgDone);
    }
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-post], button[data-dialog]");
    if (button && root.contains(button)) { event.preventDefault(); act(button); }
  });

  // --- dialogs (finish, transfer, note, walk-in, close, help): native <dialog>, Esc closes

  let opener = null;
  function openDialog(id) {
    const dialog = document.getElementById(id);
    if (!dialog || dialog.open) return;
    const current = document.getElementById("current-ticket");
    const form = dialog.querySelector("form");
    if (form) form.reset();
    for (const slot of dialog.querySelectorAll("[data-fill=number]")) {
      slot.textContent = (current && current.dataset.number) || "";
    }
    if (id === "dlg-note" && current) dialog.querySelector("textarea").value = current.dataset.note || "";
    for (const slot of dialog.querySelectorAll("[data-fill=close-effects]")) {
      slot.innerHTML = document.getElementById("close-effects").innerHTML;  // drawn by the server
    }
    // focus goes back here on close: the focused control, else the button that opens it
    // (a key pressed with nothing focused)
    const launcher = root.querySelector(`[data-dialog="${id}"]`);
    opener = document.activeElement && document.activeElement.id ? document.activeElement : launcher;
    dialog.showModal();
    const first = dialog.querySelector("[data-autofocus]");
    if (first) first.focus();
  }

  for (const dialog of root.querySelectorAll("dialog")) {
    dialog.addEventListener("close", () => {
      const back = opener && document.getElementById(opener.id);
      if (back && !back.disabled) back.focus(); else live().querySelector("#btn-call")?.focus();
    });
    for (const close of dialog.querySelectorAll("[data-close]")) {
      close.addEventListener("click", () => dialog.close());
    }
    // One Esc closes, also from a search field with text in it (Chromium's first Esc there
    // would only empty the field).
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !event.defaultPrevented) { event.preventDefault(); dialog.close(); }
    });
  }

  const SUBMITS = {
    finish: (form, current) => [current.dataset.finishUrl, {
      outcome: form.elements.outcome.value, reason: form.elements.reason.value,
    }],
    transfer: (form, current) => [current.dataset.transferUrl, {
      service: form.elements.service.value,
      keep_place: form.elements.keep_place.checked,
      note: form.elements.note.value,
    }],
    note: (form, current) => [current.dataset.noteUrl, { note: form.elements.note.value }],
    "walk-in": (form) => [root.dataset.walkInUrl, {
      service: form.elements.service.value, priority: form.elements.priority.value || null,
    }],
    close: () => [root.dataset.closeUrl, {}],
  };
  const WITHOUT_TICKET = ["walk-in", "close"];

  for (const form of root.querySelectorAll("form[data-submit]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const current = document.getElementById("current-ticket");
      const kind = form.dataset.submit;
      if (!WITHOUT_TICKET.includes(kind) && !(current && current.dataset.ticket)) return;
      const [url, body] = SUBMITS[kind](form, current);
      const dialog = form.closest("dialog");
      const result = await post(url, body);
      if (!result) {
        if (kind === "close") dialog.close();  // the reason it was refused shows on the page
        return;
      }
      dialog.close();
      if (kind === "walk-in") announce(fill(root.dataset.msgIssued, { number: result.data.number }));
      else announce(root.dataset.msgDone);
    });
  }

  // --- keyboard: one key per action, never while typing or with a modifier

  // Each button names its key (data-key, from the page's SHORTCUTS); Space also calls next.
  const buttonFor = (key) => root.querySelector(`button[data-key="${CSS.escape(key)}"]`);

  function typing(target) {
    if (!(target instanceof HTMLElement)) return false;
    const dialog = target.closest("dialog");
    if (dialog && !dialog.open) return false; // just closed: focus has not moved back yet
    return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target) || document.querySelector("dialog[open]")) return;
    const key = event.key.toLowerCase();
    if (event.key === "?") { event.preventDefault(); openDialog("dlg-help"); return; }
    let button = key.length === 1 && key !== " " ? buttonFor(key) : null;
    if (event.key === " ") {
      // Space activates a focused button or link as usual; elsewhere it calls the next number.
      if (event.target instanceof HTMLElement && event.target.closest("button, a, summary, [tabindex]:not(main)")) return;
      button = document.getElementById("btn-call");
    }
    if (!button) return;
    event.preventDefault();
    act(button);
  });
})();
