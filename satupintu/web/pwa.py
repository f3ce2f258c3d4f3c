"""The installable web app (PWA): what its manifest says, what its service worker keeps.

The citizen's pages are the app; `/manifest.webmanifest` names it (the platform, or one MPP
with `?mpp=<slug>`), `/sw.js` (template web/sw.js, filled from `worker_config`) keeps the
app shell and the last copy of each citizen page for a phone that goes offline. The rules
of what is kept are here, once: the worker and the templates read them.

The icons were made once from web/favicon.svg with headless Chromium (Playwright's
`page.screenshot(omit_background=True)` of the SVG drawn at each size): icon-192 and
icon-512 are the favicon itself; icon-maskable-512 and apple-touch-icon (180) are the brand
square without rounded corners, the door scaled to 85 % and 80 % and centred, so it stays
inside a launcher's mask (the centre circle of 80 %). Remake them the same way when the
favicon changes.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from satupintu.tenancy.models import Mpp

# app.css's brand colours (:root --sp-brand); a test keeps them equal
THEME_COLOR = "#0b4f8a"
BACKGROUND_COLOR = "#ffffff"  # the pages' background: the splash screen fades into the page

# (static path, pixel size, purpose)
ICONS = [
    ("web/icon-192.png", 192, "any"),
    ("web/icon-512.png", 512, "any"),
    ("web/icon-maskable-512.png", 512, "maskable"),
]
APPLE_TOUCH_ICON = "web/apple-touch-icon.png"

# The app shell: what the citizen pages draw with, kept by the worker at install.
SHELL = [
    "vendor/bootstrap-5.3.9/bootstrap.min.css",
    "vendor/bootstrap-5.3.9/bootstrap.bundle.min.js",
    "vendor/htmx-2.0.11/htmx.min.js",
    "web/app.css",
    "web/my_home.css",
    "web/pwa.js",
    "web/favicon.svg",
    "web/icon-192.png",
    "catalog/search.css",
    "queueing/ticket.css",
    "queueing/ticket.js",
    "appointments/appointments.css",
    "satisfaction/skm.css",
]

# Pages the worker never touches (neither answers nor keeps): the staff's and operator's
# rooms, the devices (kiosk, board, rating tablet), signing in and out, the API and its
# streams, the language switch. Everything else on the site is a citizen's page.
NEVER_KEPT = (
    "/staf/",
    "/operator/",
    "/admin/",
    "/kios/",
    "/layar/",
    "/tablet/",
    "/masuk/",
    "/keluar/",
    "/api/",
    "/i18n/",
    "/healthz",
)

NETWORK_TIMEOUT_MS = 3500  # a weak connection: after this, the kept copy is shown
KEPT_PAGES = 50  # the newest pages a phone keeps

_MPP_PATH = re.compile(r"^/mpp/(?P<slug>[-\w]+)/")


def is_citizen_page(path: str) -> bool:
    """Whether the worker answers and keeps this path (a citizen's page)."""
    return not path.startswith(NEVER_KEPT) and not path.startswith(settings.STATIC_URL)


def mpp_slug_of(path: str) -> str:
    """The MPP a page belongs to (`/mpp/<slug>/…`), or ''."""
    found = _MPP_PATH.match(path)
    return found["slug"] if found else ""


def start_url() -> str:
    """Where the installed app opens: the citizen's home ("Beranda saya")."""
    return reverse("web:my_home")


def short_name(mpp: Mpp) -> str:
    """The name under the icon on a home screen: "MPP Banyumas" for Kabupaten Banyumas."""
    place = re.sub(r"^(Kabupaten|Kab\.|Kota)\s+", "", mpp.regency_name.strip())
    return f"MPP {place or mpp.name}"


def app_manifest(mpp: Mpp | None) -> dict[str, Any]:
    """The web app manifest: the platform's, or one MPP's when `mpp` is given."""
    name, short = ("satupintu · Mal Pelayanan Publik", "satupintu")
    if mpp is not None:
        name, short = mpp.name, short_name(mpp)
    return {
        "id": reverse("web:mpp", args=[mpp.slug]) if mpp else "/",
        "name": name,
        "short_name": short,
        "description": "Antrian, janji temu dan permohonan di Mal Pelayanan Publik.",
        "lang": "id",
        "dir": "ltr",
        "start_url": start_url(),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static(path), "sizes": f"{size}x{size}", "type": "image/png", "purpose": p}
            for path, size, p in ICONS
        ],
    }


def shell_version() -> str:
    """Changes whenever a file of the shell or the release changes, so a deploy gives
    `/sw.js` new bytes: the browser installs the new worker, which keeps the new files
    and drops the old ones. Read once per process (a deploy restarts it); in DEBUG always."""
    return _read_shell_version() if settings.DEBUG else _cached_shell_version()


@cache
def _cached_shell_version() -> str:
    return _read_shell_version()


def _read_shell_version() -> str:
    digest = hashlib.sha256(settings.SATUPINTU_VERSION.encode())
    for path in SHELL:
        found = finders.find(path)
        if found is None:
            raise LookupError(f"the app shell names {path}, which no static folder holds")
        with open(found, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:12]


def worker_config() -> dict[str, Any]:
    """What /sw.js needs from the server, as one JSON object."""
    return {
        "version": shell_version(),
        "shell": [static(path) for path in SHELL],
        "offline": reverse("web:offline"),
        "never": [*NEVER_KEPT, settings.STATIC_URL],
        "logout": reverse("web:logout"),
        "timeout": NETWORK_TIMEOUT_MS,
        "keep": KEPT_PAGES,
        "icon": static(ICONS[0][0]),
    }
