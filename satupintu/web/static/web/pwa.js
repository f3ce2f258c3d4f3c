// The installable app on a citizen's page (web/pwa.py decides which pages load this):
// registers the service worker, shows the server-drawn "Anda sedang luring…" line when the
// phone is offline or the page is the copy the worker kept (<html data-from-store>), and
// turns Android's install offer into the "Pasang aplikasi" button (web/_install_app.html).
(() => {
  "use strict";
  const script = document.currentScript;
  if ("serviceWorker" in navigator && script && script.dataset.worker) {
    navigator.serviceWorker.register(script.dataset.worker, { scope: "/" }).catch(() => {});
  }

  const fromStore = document.documentElement.hasAttribute("data-from-store");
  const banner = document.querySelector("[data-offline-banner]");
  const showBanner = () => {
    if (banner) banner.hidden = navigator.onLine && !fromStore;
  };
  showBanner();
  window.addEventListener("online", showBanner);
  window.addEventListener("offline", showBanner);

  let offer = null; // the browser's install prompt, kept until the button asks for it
  const offers = (shown) => {
    for (const box of document.querySelectorAll("[data-install-app]")) box.hidden = !shown;
  };
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    offer = event;
    offers(true);
  });
  window.addEventListener("appinstalled", () => {
    offer = null;
    offers(false);
  });
  document.addEventListener("click", async (event) => {
    if (!offer || !event.target.closest("[data-install-app] button")) return;
    const asked = offer;
    offer = null; // a prompt can be shown once
    offers(false);
    await asked.prompt();
  });
})();
