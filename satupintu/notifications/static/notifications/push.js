// "Aktifkan notifikasi di ponsel ini": ask permission, subscribe this browser with the
// server's VAPID key through the service worker (/sw.js) and give the subscription to
// POST /api/v1/me/push-subscriptions. Without a service worker, Push API or permission
// it only says so; it never registers a worker of its own.
(function () {
  "use strict";
  var box = document.getElementById("push");
  if (!box) return;
  var enable = document.getElementById("push-enable");
  var disable = document.getElementById("push-disable");
  var status = document.getElementById("push-status");
  var say = function (key) { status.textContent = box.dataset[key] || ""; };
  var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (!supported) {
    enable.disabled = true;
    say("unsupported");
    return;
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function label() {
    var ua = navigator.userAgent;
    var browser = /SamsungBrowser/.test(ua) ? "Samsung Internet" : /Edg\//.test(ua) ? "Edge"
      : /Firefox\//.test(ua) ? "Firefox" : /Chrome\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "";
    var system = /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS"
      : /Windows/.test(ua) ? "Windows" : /Mac OS/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : "";
    return [browser, system].filter(Boolean).join(" · ");
  }

  function send(method, body) {
    return fetch(box.dataset.url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(body)
    });
  }

  // A page without a registered worker: `ready` would wait forever, so ask first.
  function registration() {
    return navigator.serviceWorker.getRegistration().then(function (found) {
      return found ? navigator.serviceWorker.ready : null;
    });
  }

  registration().then(function (reg) {
    return reg ? reg.pushManager.getSubscription() : null;
  }).then(function (current) {
    if (current) { disable.hidden = false; say("done"); }
  }).catch(function () {});

  enable.addEventListener("click", function () {
    say("working");
    enable.disabled = true;
    registration().then(function (reg) {
      if (!reg) { say("noWorker"); return null; }
      return Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") { say("denied"); return null; }
        return reg.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(box.dataset.key)
        });
      });
    }).then(function (subscription) {
      if (!subscription) return;
      var json = subscription.toJSON();
      return send("POST", { endpoint: json.endpoint, keys: json.keys, label: label() }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        disable.hidden = false;
        say("done");
      });
    }).catch(function () { say("failed"); }).then(function () { enable.disabled = false; });
  });

  disable.addEventListener("click", function () {
    registration().then(function (reg) {
      return reg ? reg.pushManager.getSubscription() : null;
    }).then(function (subscription) {
      if (!subscription) return;
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () { return send("DELETE", { endpoint: endpoint }); });
    }).then(function () { disable.hidden = true; say("off"); }).catch(function () { say("failed"); });
  });
})();
