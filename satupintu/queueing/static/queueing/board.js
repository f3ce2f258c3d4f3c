/* The TV display board: the server draws the first screen from a snapshot; the MPP's
   event stream moves it (applyEvent mirrors satupintu/queueing/board.py), and every call
   and recall is chimed and announced in Indonesian (announcementText mirrors
   satupintu/queueing/speech.py). No interaction: it reconnects by itself. */
(function () {
  "use strict";

  // --- what is said (speech.py) -------------------------------------------------------
  const ONES = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"];
  const NUMBER = /^([A-Z]{1,3})-([0-9]{3,4})$/;
  const MAX_COUNTER = 999;

  function numberInWords(n) {
    if (!Number.isInteger(n) || n < 0 || n >= 1000000) throw new RangeError(n + " is outside 0…999,999");
    if (n < 10) return ONES[n];
    if (n < 20) return n === 10 ? "sepuluh" : n === 11 ? "sebelas" : ONES[n - 10] + " belas";
    if (n < 1000) {
      const [head, rest, unit] = n < 100 ? [Math.floor(n / 10), n % 10, "puluh"] : [Math.floor(n / 100), n % 100, "ratus"];
      const words = head === 1 && unit === "ratus" ? "seratus" : ONES[head] + " " + unit;
      return rest ? words + " " + numberInWords(rest) : words;
    }
    const thousands = Math.floor(n / 1000), rest = n % 1000;
    const words = thousands === 1 ? "seribu" : numberInWords(thousands) + " ribu";
    return rest ? words + " " + numberInWords(rest) : words;
  }

  function digitsInWords(digits) {
    const significant = digits.replace(/^0+/, "");
    const words = Array(digits.length - significant.length).fill("nol");
    if (significant) words.push(numberInWords(parseInt(significant, 10)));
    return words.join(" ");
  }

  function announcementText(number, counterNumber) {
    const match = NUMBER.exec(number || "");
    if (!match || !Number.isInteger(counterNumber) || counterNumber < 1 || counterNumber > MAX_COUNTER) return null;
    return "Nomor antrian, " + match[1].split("").join(" ") + ", " + digitsInWords(match[2]) +
      ", silakan menuju loket " + numberInWords(counterNumber) + ".";
  }

  // --- how an event moves the board (board.py) ------------------------------------------
  const LAST_CALLS = 10;
  const AT_COUNTER = ["called", "serving"];
  const CALLS = ["call", "recall"];
  const EVENT_TYPES = ["issue", "call", "recall", "start", "finish", "no_show", "restore",
    "cancel", "transfer", "notice", "counter"];

  function pick(data, keys) {
    const entry = {};
    for (const key of keys) entry[key] = data[key];
    return entry;
  }

  function sortWaiting(waiting) {
    waiting.sort((a, b) => (a.issued_at < b.issued_at ? -1 : a.issued_at > b.issued_at ? 1 : a.ticket - b.ticket));
  }

  function recount(state) {
    const perService = {}, perQueue = {};
    for (const entry of state.waiting) {
      perService[entry.service] = (perService[entry.service] || 0) + 1;
      const counts = perQueue[entry.queue] || (perQueue[entry.queue] = [0, 0]);
      counts[0] += 1;
      counts[1] += entry.priority ? 1 : 0;
    }
    for (const service of state.services) service.waiting = perService[service.code] || 0;
    for (const queue of state.queues) [queue.waiting, queue.priority_waiting] = perQueue[queue.prefix] || [0, 0];
  }

  function applyEvent(snapshot, type, data) {
    const state = structuredClone(snapshot);
    if (type === "notice") {
      state.running_text = data.running_text;
      return state;
    }
    if (type === "counter") {  // a counter opened, paused or closed
      for (const counter of state.counters) {
        if (counter.id === data.counter) [counter.mode, counter.is_active] = [data.mode, data.is_active];
      }
      return state;
    }
    if (!("ticket" in data)) return state;
    const ticket = data.ticket;
    state.waiting = state.waiting.filter((w) => w.ticket !== ticket);
    if (data.status === "waiting") {
      state.waiting.push(pick(data, ["ticket", "number", "service", "queue", "priority", "issued_at"]));
      sortWaiting(state.waiting);
    }
    for (const counter of state.counters) {
      if (counter.ticket !== null && counter.ticket.ticket === ticket) counter.ticket = null;
      if (AT_COUNTER.includes(data.status) && counter.id === data.counter) {
        counter.ticket = pick(data, ["ticket", "number", "service", "status"]);
      }
    }
    const calls = state.last_calls;
    if (CALLS.includes(type) && calls.every((c) => c.history !== data.history)) {
      calls.push(Object.assign(
        pick(data, ["history", "ticket", "number", "service", "counter", "counter_number", "at"]),
        { action: type }));
      calls.sort((a, b) => b.history - a.history);
      calls.length = Math.min(calls.length, LAST_CALLS);
    }
    recount(state);
    return state;
  }

  window.satupintuBoard = { numberInWords, digitsInWords, announcementText, applyEvent };

  const body = document.body;
  if (!body || !body.classList.contains("board")) return;

  // --- the screen ------------------------------------------------------------------------
  const config = JSON.parse(document.getElementById("board-config").textContent);
  let state = JSON.parse(document.getElementById("board-snapshot").textContent);
  const $ = (id) => document.getElementById(id);
  const text = body.dataset;

  function serviceName(code) {
    const service = state.services.find((s) => s.code === code);
    return service ? service.name : "";
  }

  function agencyOf(counterId) {
    return config.labels.agencies[String(counterId)] || "";
  }

  function counterState(counter) {
    if (!counter.is_active || counter.mode === "closed") return "closed";
    if (counter.mode === "paused") return "paused";
    return counter.ticket ? counter.ticket.status : "idle";
  }

  function counterText(counter, shown) {
    if (shown === "closed") return text.textClosed;
    if (shown === "paused") return text.textPaused;
    return counter.ticket ? counter.ticket.number : "—";
  }

  function flash(element) {
    element.classList.remove("is-fresh");
    void element.offsetWidth;  // restart the animation
    element.classList.add("is-fresh");
  }

  function reloadOnce() {
    // A counter or queue the page was not drawn with: draw the page again (at most once a minute).
    const last = Number(sessionStorage.getItem("board-reloaded") || 0);
    if (Date.now() - last > 60000) {
      sessionStorage.setItem("board-reloaded", String(Date.now()));
      location.reload();
    }
  }

  function render(freshCall) {
    const latest = state.last_calls[0];
    const card = $("call-card");
    card.classList.toggle("is-empty", !latest);
    $("call-number").textContent = latest ? latest.number : "—";
    $("call-counter").textContent = latest ? latest.counter_number : "";
    if (latest) {
      $("call-service").textContent = [serviceName(latest.service), agencyOf(latest.counter)].filter(Boolean).join(" · ");
    }
    const previous = $("previous-calls");
    previous.replaceChildren(...state.last_calls.slice(1, 1 + config.previous_calls).map((call) => {
      const item = document.createElement("li");
      const number = document.createElement("span");
      number.className = "previous-number";
      number.textContent = call.number;
      const counter = document.createElement("span");
      counter.className = "previous-counter";
      counter.textContent = text.textCounter + " " + call.counter_number;
      item.append(number, " ", counter);
      return item;
    }));
    for (const counter of state.counters) {
      const tile = document.querySelector('.counter[data-counter="' + counter.id + '"]');
      if (!tile) { reloadOnce(); continue; }
      const shown = counterState(counter);
      tile.dataset.state = shown;
      tile.querySelector(".counter-ticket").textContent = counterText(counter, shown);
      if (freshCall && freshCall.counter === counter.id) flash(tile);
    }
    for (const queue of state.queues) {
      const chip = document.querySelector('.waiting[data-queue="' + queue.prefix + '"]');
      if (!chip) { reloadOnce(); continue; }
      chip.querySelector(".waiting-number").textContent = queue.waiting;
    }
    const ticker = $("ticker-text");
    if (ticker.textContent !== state.running_text) {
      ticker.textContent = state.running_text;
      // about 12 characters a second, whatever the length of the text
      ticker.style.animationDuration = Math.max(15, (state.running_text.length + 60) / 12) + "s";
    }
    $("board-ticker").hidden = !state.running_text;
    if (freshCall) flash(card);
  }

  // --- clock in the MPP's time zone --------------------------------------------------------
  const lang = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
  const timeFormat = new Intl.DateTimeFormat(lang, { timeZone: config.time_zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const dateFormat = new Intl.DateTimeFormat(lang, { timeZone: config.time_zone, weekday: "long", day: "numeric", month: "long", year: "numeric" });
  const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: config.time_zone, year: "numeric", month: "2-digit", day: "2-digit" });
  let refreshedForDay = null;

  function tick() {
    const now = new Date();
    $("board-time").textContent = timeFormat.format(now);
    $("board-time").setAttribute("datetime", now.toISOString());
    $("board-date").textContent = dateFormat.format(now);
    const today = dayFormat.format(now);
    if (today !== state.day && refreshedForDay !== today) {
      refreshedForDay = today;  // a new day at the MPP: start from a fresh snapshot
      reconnect();
    }
  }

  // --- sound: a chime, then the announcement, one call after the other ---------------------
  const AudioContextClass = window.AudioContext || window.webkitAudioContext;
  const audio = AudioContextClass ? new AudioContextClass() : null;
  const soundButton = $("board-sound");
  const live = $("board-announcement");
  const pending = [];
  const voices = new Map();  // phrase → decoded server audio
  let speaking = false;
  let serverVoiceMissingUntil = 0;

  function audioBlocked() {
    return !audio || audio.state !== "running";
  }

  function showSoundButton() {
    soundButton.hidden = !(audio && audio.state === "suspended");
  }

  function unlock() {
    if (audio && audio.state === "suspended") audio.resume().then(showSoundButton, showSoundButton);
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function chime() {
    if (audioBlocked()) return Promise.resolve();
    const start = audio.currentTime + 0.05;
    [[659.25, 0], [523.25, 0.65]].forEach(([frequency, offset]) => {
      for (const [multiple, level] of [[1, 0.35], [2, 0.08], [3, 0.04]]) {
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.type = "sine";
        tone.frequency.value = frequency * multiple;
        gain.gain.setValueAtTime(0.0001, start + offset);
        gain.gain.exponentialRampToValueAtTime(level, start + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 1.2);
        tone.connect(gain).connect(audio.destination);
        tone.start(start + offset);
        tone.stop(start + offset + 1.25);
      }
    });
    return sleep(1900);
  }

  function indonesianVoice() {
    if (!("speechSynthesis" in window)) return null;
    return speechSynthesis.getVoices().find((v) => /^id([-_]|$)/i.test(v.lang)) || null;
  }

  function speakWithBrowser(voice, phrase) {
    return new Promise((resolve) => {
      const utterance = new SpeechSynthesisUtterance(phrase);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9;
      const done = () => { clearTimeout(guard); resolve(); };
      const guard = setTimeout(done, 15000);  // some engines never say "end"
      utterance.onend = done;
      utterance.onerror = done;
      speechSynthesis.speak(utterance);
    });
  }

  async function serverVoice(call) {
    const key = call.number + "@" + call.counter_number;
    if (voices.has(key)) return voices.get(key);
    if (Date.now() < serverVoiceMissingUntil) return null;
    const url = config.voice + "?nomor=" + encodeURIComponent(call.number) + "&loket=" + call.counter_number;
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) {
        serverVoiceMissingUntil = Date.now() + 600000;  // no voice on the server: chime only for a while
        return null;
      }
      const buffer = await audio.decodeAudioData(await response.arrayBuffer());
      if (voices.size > 50) voices.delete(voices.keys().next().value);
      voices.set(key, buffer);
      return buffer;
    } catch (error) {
      return null;
    }
  }

  async function speakWithServer(call) {
    const buffer = await serverVoice(call);
    if (!buffer || audioBlocked()) return;
    const player = audio.createBufferSource();
    player.buffer = buffer;
    player.connect(audio.destination);
    await new Promise((resolve) => {
      player.onended = resolve;
      setTimeout(resolve, (buffer.duration + 1) * 1000);
      player.start();
    });
  }

  async function speak(call, phrase) {
    const voice = indonesianVoice();
    if (voice) return speakWithBrowser(voice, phrase);
    if (!audioBlocked()) return speakWithServer(call);
  }

  async function drain() {
    if (speaking) return;
    speaking = true;
    try {
      while (pending.length) {
        const item = pending.shift();
        live.textContent = item.phrase || item.call.number;
        await chime();
        if (item.phrase) await speak(item.call, item.phrase);
        await sleep(700);
      }
    } finally {
      speaking = false;
    }
  }

  function announce(call) {
    pending.push({ call, phrase: announcementText(call.number, call.counter_number) });
    if (pending.length > 6) pending.splice(0, pending.length - 6);  // after an outage: the latest ones
    drain();
  }

  // --- the live stream -------------------------------------------------------------------
  const OFFLINE_GRACE = 2000;
  const SILENCE_CHECK = 90000;  // no message for this long: is the server still there?
  const SILENCE_RECYCLE = 300000;  // …and after this long, reconnect anyway
  let source = null;
  let retryDelay = 1000;
  let retryTimer = null;
  let offlineTimer = null;
  let lastMessage = Date.now();

  function setOffline(offline) {
    body.dataset.stream = offline ? "offline" : "live";
    if (!offline) {
      clearTimeout(offlineTimer);
      offlineTimer = null;
      $("board-offline").hidden = true;
    } else if (offlineTimer === null && $("board-offline").hidden) {
      offlineTimer = setTimeout(() => { $("board-offline").hidden = false; offlineTimer = null; }, OFFLINE_GRACE);
    }
  }

  function received() {
    lastMessage = Date.now();
    retryDelay = 1000;
    setOffline(false);
  }

  function onEvent(type, data) {
    const before = state;
    state = applyEvent(state, type, data);
    received();
    const isNew = CALLS.includes(type) && before.last_calls.every((c) => c.history !== data.history);
    render(isNew ? data : null);
    if (isNew) announce(data);
  }

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = null;
    const stream = new EventSource(config.events);
    source = stream;
    stream.addEventListener("open", received);
    stream.addEventListener("error", () => {
      if (stream !== source) return;
      setOffline(true);
      if (stream.readyState === EventSource.CLOSED) {  // the browser gave up (e.g. a 502): we don't
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30000);
      }
    });
    stream.addEventListener("snapshot", (event) => {
      state = JSON.parse(event.data);
      received();
      render(null);
    });
    for (const type of EVENT_TYPES) {
      stream.addEventListener(type, (event) => onEvent(type, JSON.parse(event.data)));
    }
  }

  function reconnect() {
    if (source) source.close();
    setOffline(true);
    connect();
  }

  async function watch() {
    const silent = Date.now() - lastMessage;
    if (silent > SILENCE_RECYCLE) return reconnect();
    if (silent < SILENCE_CHECK || retryTimer !== null) return;
    try {
      const response = await fetch("/healthz", { cache: "no-store" });
      if (!response.ok) throw new Error(response.status);
    } catch (error) {
      reconnect();
    }
  }

  window.satupintuBoard.state = () => state;
  if (audio) {
    audio.addEventListener("statechange", showSoundButton);
    showSoundButton();
    soundButton.addEventListener("click", unlock);
    document.addEventListener("pointerdown", unlock);
    document.addEventListener("keydown", unlock);
  }
  if ("speechSynthesis" in window) speechSynthesis.getVoices();  // starts loading the voices
  window.addEventListener("online", reconnect);
  window.addEventListener("offline", () => setOffline(true));
  render(null);
  connect();
  tick();
  setInterval(tick, 1000);
  setInterval(watch, 30000);
})();
