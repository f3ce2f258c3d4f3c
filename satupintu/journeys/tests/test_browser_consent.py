"""Verified once, with consent, in real browsers (one flow): the citizen ticks the plan's
consent sentence and takes the journey number on the phone; Dukcapil's officer checks the
KK; BPJS's officer sees "sudah diverifikasi oleh … pukul …" and uses it without a copy; the
citizen sees that use on "Data saya" and withdraws. Each page passes axe (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from satupintu.accounts.models import Role
from satupintu.accounts.tests.factories import make_user
from satupintu.gates.a11y import audit
from satupintu.gates.browser import screenshot_dir
from satupintu.journeys.consent.models import Consent
from satupintu.journeys.tests.consent_setup import NOON, officer_at, serve
from satupintu.journeys.tests.factories import make_birth
from satupintu.queueing.counters import services as counters

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]


def signed_in(chromium, asgi_server, user, viewport):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(locale="id-ID", base_url=asgi_server.url, viewport=viewport)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    host = asgi_server.url.split("//", 1)[1].split(":", 1)[0]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/"}]
    )
    return context.new_page()


def test_consent_given_on_the_phone_spares_the_next_booth_a_copy(chromium, asgi_server):
    shots = screenshot_dir()
    phone = {"width": 360, "height": 740}
    with time_machine.travel(NOON, tick=True):
        birth = make_birth()
        citizen = make_user(Role.CITIZEN, phone="081234567801", full_name="Sri Wahyuni")
        dukcapil = officer_at(birth.dukcapil[0], full_name="Rina Dukcapil")
        dukcapil.counters.add(birth.dukcapil[1])
        bpjs = officer_at(birth.bpjs, full_name="Agus BPJS")

        page = signed_in(chromium, asgi_server, citizen, phone)
        page.goto(f"/mpp/{birth.mpp.slug}/peristiwa-hidup/kelahiran/?jkn=Ya")
        sentence = page.locator("label[for=journey-consent]")
        expect(sentence).to_contain_text("Kartu Keluarga (KK)")
        expect(sentence).to_contain_text("pukul 23.59 WIB")
        page.locator("#journey-consent").check()
        sentence.scroll_into_view_if_needed()
        page.screenshot(path=shots / "consent-sentence-phone.png", full_page=True)
        violations = audit(page, "plan with consent")
        page.fill("#journey-phone", "081234567801")
        page.get_by_role("button", name="Ambil nomor antrian").click()
        page.wait_for_url("**/antrian/**")
        assert Consent.objects.get().user == citizen

        serve(birth.dukcapil[0], dukcapil, now=None, check="kk")
        serve(birth.dukcapil[1], dukcapil, now=None)
        at_bpjs = counters.call_next(counter=birth.bpjs, officer=bpjs)

        desk = signed_in(chromium, asgi_server, bpjs, {"width": 1366, "height": 768})
        desk.goto(f"/staf/nomor/{at_bpjs.public_id}/dokumen/")
        expect(desk.locator(".verified-doc")).to_contain_text("sudah diverifikasi oleh")
        violations += audit(desk, "officer's visit documents")
        desk.get_by_role("button", name="Pakai hasil ini, tanpa fotokopi").click()
        expect(desk.locator(".verified-doc")).to_contain_text("tidak perlu fotokopi")
        desk.screenshot(path=shots / "consent-officer-verified.png", full_page=True)

        page.goto("/akun/data/")
        expect(page.locator("table")).to_contain_text("Agus BPJS")
        page.screenshot(path=shots / "consent-my-data-phone.png", full_page=True)
        violations += audit(page, "my data")
        page.get_by_role("button", name="Tarik persetujuan").click()
        expect(page.locator("main")).to_contain_text("Ditarik")
        desk.reload()
        expect(desk.locator("#verified-title + p")).to_contain_text("Belum ada dokumen")
    assert not violations, violations
