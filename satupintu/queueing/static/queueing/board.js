/* The TV display board. The server draws it (satupintu/queueing/board/screen.py): the page,
   then, over the board's stream, the parts of the screen each event changes; this script
   swaps them in by their ids. A `call` message's card carries the sentence to say
   (data-say) and the address of the server's voice for it (data-voice), and shorter
   phrasings of both (data-say-brief, data-say-short, …): the board chimes and says each
   call, one after the other, and every call is said. When calls queue up behind the one
   it says (a burst at opening time), it says the shorter ones, faster, with a shorter
   chime and pause (PACE), so the voice keeps close to the screen. No interaction: it
   reconnects by itself, and every (re)connection starts with the whole board as the
   server has it. */
(function () {
  "use strict";
  const body = document.body;
  if (!body || !body.classList.contains("board")) return;
  const $ = (id) => document.getElementById(id);

  // --- the screen ------------------------------------------------------------------------
  function paceTicker() {  // about 12 characters a second, whatever the length of the text
    const ticker = $("ticker-text");
    ticker.style.animationDuration = Math.max(15, (ticker.textContent.length + 60) / 12) + "s";
  }

  function swap(html) {
    const parts = document.createElement("template");
    parts.innerHTML = html;
    for (const part of Array.from(parts.content.children)) {
      const shown = part.id && $(part.id);
      if (!shown) continue;
      shown.replaceWith(part);
      if (part.id === "board-ticker") paceTicker();
    }
  }

  // --- clock in the MPP's time zone --------------------------------------------------------
  const lang = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
  const zone = body.dataset.timeZone;
  const timeFormat = new Intl.DateTimeFormat(lang, { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const dateFormat = new Intl.DateTimeFormat(lang, { timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric" });

  function tick() {
    const now = new Date();
    $("board-time").textContent = timeFormat.format(now);
    $("board-time").setAttribute("datetime", now.toISOString());
    $("board-date").textContent = dateFormat.format(now);
  }

  // --- sound: a chime, then the sentence, one call after the other -------------------------
  const AudioContextClass = window.AudioContext || window.webkitAudioContext;
  const audio = AudioContextClass ? new AudioContextClass() : null;
  const soundButton = $("board-sound");
  const live = $("board-announcement");
  const pending = [];
  const voices = new Map();  // address → decoded server audio
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

  // How each call is said, by the number of calls still waiting behind it: the phrasing
  // (the card's data-say-<phrasing>, "" the full one), the speech rate, the chime and the
  // pause after. A call alone gets the full, polite sentence; in a burst, "Nomor A, nol
  // dua belas, loket tiga." at a faster rate.
  const PACE = [
    { behind: 0, phrasing: "", rate: 0.9, chime: "full", pause: 700 },
    { behind: 1, phrasing: "brief", rate: 1.0, chime: "short", pause: 400 },
    { behind: 3, phrasing: "short", rate: 1.15, chime: "short", pause: 250 },
    { behind: 6, phrasing: "short", rate: 1.3, chime: "short", pause: 150 },
  ];
  const paceFor = (behind) => PACE.filter((pace) => behind >= pace.behind).pop();
  const CHIMES = {  // [frequency, offset] of each tone, and how long it takes in all
    full: { tones: [[659.25, 0], [523.25, 0.65]], ms: 1900 },
    short: { tones: [[659.25, 0]], ms: 700 },
  };

  function chime(kind) {
    if (audioBlocked()) return Promise.resolve();
    const start = audio.currentTime + 0.05;
    CHIMES[kind].tones.forEach(([frequency, offset]) => {
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
    return sleep(CHIMES[kind].ms);
  }

  function indonesianVoice() {
    if (!("speechSynthesis" in window)) return null;
    return speechSynthesis.getVoices().find((v) => /^id([-_]|$)/i.test(v.lang)) || null;
  }

  function speakWithBrowser(voice, sentence, rate) {
    return new Promise((resolve) => {
      const utterance = new SpeechSynthesisUtterance(sentence);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = rate;
      const done = () => { clearTimeout(guard); resolve(); };
      const guard = setTimeout(done, 15000);  // some engines never say "end"
      utterance.onend = done;
      utterance.onerror = done;
      speechSynthesis.speak(utterance);
    });
  }

  async function serverVoice(address) {
    if (voices.has(address)) return voices.get(address);
    if (Date.now() < serverVoiceMissingUntil) return null;
    try {
      const response = await fetch(address, { credentials: "same-origin" });
      if (!response.ok) {
        serverVoiceMissingUntil = Date.now() + 600000;  // no voice on the server: chime only for a while
        return null;
      }
      const buffer = await audio.decodeAudioData(await response.arrayBuffer());
      if (voices.size > 50) voices.delete(voices.keys().next().value);
      voices.set(address, buffer);
      return buffer;
    } catch (error) {
      return null;
    }
  }

  async function speakWithServer(address, rate) {
    const buffer = await serverVoice(address);
    if (!buffer || audioBlocked()) return;
    const player = audio.createBufferSource();
    player.buffer = buffer;
    player.playbackRate.value = Math.min(rate / PACE[0].rate, 1.25);  // faster, not shrill
    player.connect(audio.destination);
    await new Promise((resolve) => {
      player.onended = resolve;
      setTimeout(resolve, (buffer.duration / player.playbackRate.value + 1) * 1000);
      player.start();
    });
  }

  async function drain() {
    if (speaking) return;
    speaking = true;
    try {
      while (pending.length) {
        const call = pending.shift();
        const pace = paceFor(pending.length);
        const say = call.say[pace.phrasing] || call.say[""];
        const address = call.voice[pace.phrasing] || call.voice[""];
        live.textContent = say || call.number;
        await chime(pace.chime);
        const voice = say ? indonesianVoice() : null;
        if (voice) await speakWithBrowser(voice, say, pace.rate);
        else if (say && address && !audioBlocked()) await speakWithServer(address, pace.rate);
        await sleep(pace.pause);
      }
    } finally {
      speaking = false;
    }
  }

  function phrasings(card, prefix) {  // data-say, data-say-brief, … → { "": …, brief: … }
    const found = {};
    for (const [key, value] of Object.entries(card.dataset)) {
      if (key === prefix) found[""] = value;
      else if (key.startsWith(prefix) && /^[A-Z]/.test(key.slice(prefix.length))) {
        found[key.slice(prefix.length).toLowerCase()] = value;
      }
    }
    return found;
  }

  function announce(card) {
    const call = { number: $("call-number").textContent, say: phrasings(card, "say"), voice: phrasings(card, "voice") };
    // Everyone called is said. A recall of a ticket still waiting to be said is said once,
    // in its place, with the latest words; two different tickets are both said.
    const queued = pending.findIndex((other) => other.number === call.number);
    if (queued >= 0) pending[queued] = call;
    else pending.push(call);
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
  let shownCall = $("call-card").dataset.call || "";  // the call the card shows

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

  async function stillSignedIn() {
    // The stream refused (e.g. the TV's token was revoked): the page itself says where to go.
    try {
      const response = await fetch(location.pathname, { redirect: "manual", cache: "no-store" });
      if (response.type === "opaqueredirect" || response.status === 403) location.reload();
    } catch (error) { /* the server is away: keep trying */ }
  }

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = null;
    const stream = new EventSource(body.dataset.events);
    source = stream;
    stream.addEventListener("open", received);
    stream.addEventListener("error", () => {
      if (stream !== source) return;
      setOffline(true);
      if (stream.readyState === EventSource.CLOSED) {  // the browser gave up (e.g. a 502): we don't
        if (retryDelay >= 4000) stillSignedIn();
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30000);
      }
    });
    for (const name of ["board", "update", "call"]) {
      stream.addEventListener(name, (event) => {
        received();
        swap(event.data);
        const card = $("call-card");
        // a whole board after a cut or a restart: a recent call it missed is announced too
        const missed = name === "board" && "recent" in card.dataset && card.dataset.call !== shownCall;
        if (name === "call" || missed) announce(card);
        shownCall = card.dataset.call || "";
      });
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
  paceTicker();
  connect();
  tick();
  setInterval(tick, 1000);
  setInterval(watch, 30000);
})();
