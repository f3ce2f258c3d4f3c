"""The installable app's plumbing: the manifest, the service worker's script, the offline
page, what every page links, and signing out (the browser side: test_browser_pwa.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from satupintu.tenancy.tests.factories import MppFactory
from satupintu.web import pwa

pytestmark = pytest.mark.django_db

SW_CONFIG = re.compile(r"^const CONFIG = (\{.*\});$", re.M)


def worker_config(client) -> dict:
    return json.loads(SW_CONFIG.search(client.get("/sw.js").content.decode())[1])


@pytest.fixture
def banyumas():
    return MppFactory(slug="banyumas", name="Mal Pelayanan Publik Kabupaten Banyumas")


def test_the_platforms_manifest_names_the_app_and_opens_standalone_on_the_citizens_home(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "satupintu · Mal Pelayanan Publik"
    assert manifest["short_name"] == "satupintu"
    assert manifest["lang"] == "id"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == pwa.start_url()
    assert manifest["theme_color"] == "#0b4f8a"
    assert manifest["background_color"] == "#ffffff"
    assert {(i["sizes"], i["purpose"]) for i in manifest["icons"]} == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }


def test_the_installed_app_opens_on_beranda_saya(client, banyumas):
    assert client.get("/manifest.webmanifest?mpp=banyumas").json()["start_url"] == "/saya/"


def test_an_mpps_pages_link_the_manifest_with_its_name(client, banyumas):
    html = client.get("/mpp/banyumas/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest?mpp=banyumas">' in html
    manifest = client.get("/manifest.webmanifest?mpp=banyumas").json()
    assert manifest["name"] == "Mal Pelayanan Publik Kabupaten Banyumas"
    assert manifest["short_name"] == "MPP Banyumas"
    assert manifest["id"] == "/mpp/banyumas/"
    assert manifest["scope"] == "/"


@pytest.mark.parametrize("regency", ["Kota Surakarta", "Kab. Surakarta", "Surakarta"])
def test_an_mpps_short_name_is_its_regency_without_kabupaten_or_kota(regency):
    assert pwa.short_name(MppFactory.build(regency_name=regency)) == "MPP Surakarta"


def test_an_unknown_or_closed_mpp_gets_the_platforms_manifest_not_an_error(client):
    MppFactory(slug="tutup", is_active=False)
    for slug in ["tidak-ada", "tutup", "<script>"]:
        response = client.get("/manifest.webmanifest", {"mpp": slug})
        assert response.status_code == 200
        assert response.json()["short_name"] == "satupintu"


def test_the_manifests_theme_is_the_brand_colour_of_the_stylesheet():
    css = Path(finders.find("web/app.css")).read_text()
    assert re.search(r"--sp-brand:\s*(#[0-9a-f]{6})", css)[1] == pwa.THEME_COLOR


@pytest.mark.parametrize(("path", "size", "purpose"), pwa.ICONS)
def test_every_icon_is_a_png_of_its_stated_size(client, path, size, purpose):
    found = finders.find(path)
    assert found, f"{path} is not among the static files"
    with Image.open(found) as icon:
        assert icon.format == "PNG"
        assert icon.size == (size, size)
        if purpose == "maskable":  # full-bleed: a launcher's mask never shows a transparent corner
            assert icon.convert("RGBA").getpixel((0, 0))[3] == 255
    assert client.get(f"/static/{path}").status_code == 200


def test_the_apple_touch_icon_is_180_pixels_and_opaque():
    with Image.open(finders.find(pwa.APPLE_TOUCH_ICON)) as icon:
        assert icon.size == (180, 180)
        assert icon.convert("RGBA").getpixel((0, 0))[3] == 255  # iOS would paint it black


def test_the_service_worker_is_served_from_the_root_and_never_kept_on_the_way(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    assert client.post("/sw.js").status_code == 405


def test_the_worker_keeps_a_shell_that_the_server_serves_and_never_touches_staff_or_devices(
    client,
):
    config = worker_config(client)
    for url in [*config["shell"], config["offline"]]:
        assert client.get(url).status_code == 200, url
    assert config["offline"] == "/luring/"
    assert config["logout"] == "/keluar/"
    assert 3000 <= config["timeout"] <= 4000  # a weak connection, not a dead one
    never = tuple(config["never"])
    for name, args in [
        ("web:staff", []),
        ("web:login", []),
        ("web:logout", []),
        ("web:sign_in_code", []),
        ("admin:index", []),
        ("operations:regional", []),
        ("queueing:kiosk", ["banyumas"]),
        ("queueing:board", ["banyumas"]),
        ("satisfaction:tablet", ["banyumas", 1]),
        ("queueing:console", [1]),
    ]:
        assert reverse(name, args=args).startswith(never), name
    for name, args in [("web:home", []), ("web:mpp", ["banyumas"]), ("applications:mine", [])]:
        assert not reverse(name, args=args).startswith(never), name


def test_a_deploy_that_changes_a_shell_file_or_the_release_changes_the_workers_bytes(
    client, settings, tmp_path, monkeypatch
):
    settings.DEBUG = True  # read the files on each request
    before = client.get("/sw.js").content
    assert client.get("/sw.js").content == before  # the same deploy: the same worker

    changed = tmp_path / "app.css"
    changed.write_text(Path(finders.find("web/app.css")).read_text() + "\n.new {}")
    real_find = finders.find
    monkeypatch.setattr(
        finders,
        "find",
        lambda path, **kw: str(changed) if path == "web/app.css" else real_find(path),
    )
    after_css = client.get("/sw.js").content
    assert after_css != before

    settings.SATUPINTU_VERSION = "9.9.9"
    assert client.get("/sw.js").content not in {before, after_css}


def test_the_offline_page_speaks_the_visitors_language_and_shows_no_offline_line(client):
    html = client.get("/luring/").content.decode()
    assert "Anda sedang luring" in html
    assert "data-offline-banner" not in html
    client.cookies["django_language"] = "en"
    assert "You are offline" in client.get("/luring/").content.decode()


def test_a_citizen_page_registers_the_worker_and_carries_the_line_with_the_time_it_was_drawn(
    client,
):
    mpp = MppFactory(slug="makassar", time_zone="Asia/Makassar")
    with time_machine.travel(dt.datetime(2026, 12, 7, 2, 42, tzinfo=dt.UTC), tick=False):
        html = client.get(f"/mpp/{mpp.slug}/").content.decode()
    assert '<meta name="theme-color" content="#0b4f8a">' in html
    assert '<link rel="apple-touch-icon" href="/static/web/apple-touch-icon.png">' in html
    assert 'src="/static/web/pwa.js" data-worker="/sw.js"' in html
    line = re.search(r"<p class=\"offline-banner\"[^>]*>(.*?)</p>", html)
    assert 'data-drawn-at="2026-12-07T02:42:00+00:00"' in line[0]
    assert " hidden>" in line[0]  # shown by pwa.js only offline or from the kept copy
    assert line[1] == "Anda sedang luring. Ini keadaan terakhir pukul 10.42 WITA, 7 Des."


def test_staff_pages_link_the_manifest_but_never_register_the_worker(client, personas):
    client.force_login(personas.officer_xa)
    html = client.get("/staf/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert "pwa.js" not in html
    assert "data-offline-banner" not in html


def test_signing_out_tells_the_browser_to_drop_what_it_keeps(client, personas):
    client.force_login(personas.citizen)
    response = client.post("/keluar/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'
    assert "_auth_user_id" not in client.session
