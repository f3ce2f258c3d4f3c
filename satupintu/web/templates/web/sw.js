// satupintu's service worker, served at /sw.js by web/pages/pwa.py; the rules (which files,
// which pages never, how long to wait) come from web/pwa.py as CONFIG. What it keeps, for
// operators: docs/deployment.md, "The citizen's app (PWA)".
// - install: keeps the app shell (CSS, JS, icons, the offline page) under this version;
// - a citizen's page: the network first; after CONFIG.timeout ms, or offline, the copy kept
//   from the last visit, marked so its page says so; never seen: the offline page;
// - never answered nor kept: anything but GET, event streams, other sites, CONFIG.never;
// - signing out (POST to CONFIG.logout) forgets every kept page and the push subscription;
// - push: shows the message; a click focuses the page it names, or opens it.
"use strict";
const CONFIG = {{ config|safe }};
const SHELL = `satupintu-shell-${CONFIG.version}`;
const PAGES = "satupintu-pages";

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const shell = await caches.open(SHELL);
    const files = [...CONFIG.shell, CONFIG.offline];
    await shell.addAll(files.map((url) => new Request(url, { cache: "reload" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("satupintu-shell-") && key !== SHELL) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    if (url.pathname === CONFIG.logout) event.waitUntil(forgetCitizen());
    return;
  }
  if ((request.headers.get("Accept") || "").includes("text/event-stream")) return;
  if (CONFIG.shell.includes(url.pathname)) {
    event.respondWith(fromShell(request));
    return;
  }
  if (request.mode !== "navigate") return;
  if (CONFIG.never.some((prefix) => url.pathname.startsWith(prefix))) return;
  event.respondWith(citizenPage(event));
});

// A shared phone: the next person sees none of the citizen's pages and gets none of their
// notifications (the push service then answers 410 and the server drops the subscription).
async function forgetCitizen() {
  await caches.delete(PAGES);
  const subscription = await self.registration.pushManager.getSubscription();
  if (subscription) await subscription.unsubscribe();
}

async function fromShell(request) {
  const shell = await caches.open(SHELL);
  return (await shell.match(request, { ignoreSearch: true })) || fetch(request);
}

async function citizenPage(event) {
  const request = event.request;
  const network = fetch(request).then((response) => {
    if (keepable(response)) event.waitUntil(keep(request, response.clone()));
    return response;
  });
  network.catch(() => {}); // a failure is answered below
  const slow = new Promise((resolve) => setTimeout(resolve, CONFIG.timeout))
    .then(() => kept(request))
    .then((copy) => copy || network);
  try {
    return await Promise.race([network, slow]);
  } catch {
    return (await kept(request)) || (await offlinePage());
  }
}

function keepable(response) {
  const type = response.headers.get("Content-Type") || "";
  const caching = response.headers.get("Cache-Control") || "";
  return response.ok && response.type === "basic" && type.startsWith("text/html")
    && !caching.includes("no-store");
}

async function keep(request, response) {
  const pages = await caches.open(PAGES);
  await pages.delete(request, { ignoreVary: true }); // put it back as the newest
  await pages.put(request, response);
  const keys = await pages.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - CONFIG.keep))) await pages.delete(old);
  await followLanguage(response.headers.get("Content-Language"));
}

// The kept copy, with a mark on <html> that makes its page show "Anda sedang luring…".
async function kept(request) {
  const pages = await caches.open(PAGES);
  const copy = await pages.match(request, { ignoreVary: true });
  if (!copy) return undefined;
  const html = (await copy.text()).replace("<html ", "<html data-from-store ");
  const headers = new Headers(copy.headers);
  headers.delete("Content-Length");
  return new Response(html, { status: copy.status, headers });
}

async function offlinePage() {
  const shell = await caches.open(SHELL);
  return (await shell.match(CONFIG.offline)) || Response.error();
}

// The offline page speaks the language of the pages the citizen last opened.
async function followLanguage(language) {
  const shell = await caches.open(SHELL);
  const offline = await shell.match(CONFIG.offline);
  if (!language || !offline || offline.headers.get("Content-Language") === language) return;
  const fresh = await fetch(CONFIG.offline, { cache: "reload" });
  if (fresh.ok) await shell.put(CONFIG.offline, fresh);
}

// Push: {"title", "body", "url", "tag"}; a newer message with the same tag replaces the older.
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { body: event.data.text() };
  }
  const options = { body: message.body || "", icon: CONFIG.icon, badge: CONFIG.icon,
                    data: { url: message.url || "/" } };
  if (message.tag) Object.assign(options, { tag: message.tag, renotify: true });
  event.waitUntil(self.registration.showNotification(message.title || "satupintu", options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const asked = new URL(event.notification.data?.url || "/", self.location.origin);
  const url = asked.origin === self.location.origin ? asked.href : `${self.location.origin}/`;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const open = windows.find((client) => client.url === url);
    return open ? open.focus() : self.clients.openWindow(url);
  })());
});
