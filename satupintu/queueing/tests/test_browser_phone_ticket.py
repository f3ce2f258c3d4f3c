"""A citizen on a phone takes a queue number by clicking only, from the home page: through a
service's page (the service already chosen), then again from the MPP page with the same
phone, which leads back to the number they hold. On the ASGI server, so the ticket page
follows its stream as on a real phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from satupintu.demo.services import seed_demo
from satupintu.queueing.kiosk.selectors import kiosk_services
from satupintu.queueing.models import Ticket
from satupintu.queueing.tests.factories import open_all_day
from satupintu.queueing.tickets.selectors import local_day, service_name
from satupintu.tenancy.models import Mpp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

PHONE = {"width": 390, "height": 844}
MINE = "+6281234567801"


def test_a_phone_takes_a_number_and_finds_it_again_by_clicks_only(chromium, asgi_server):
    seed_demo()
    mpp = Mpp.objects.get(slug="banyumas")
    open_all_day(mpp)  # whatever the hour the test runs at
    service = kiosk_services(mpp).get(code="A01")
    name = service_name(service.pk, local_day(mpp))
    context = chromium.new_context(locale="id-ID", base_url=asgi_server.url, viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))

    page.goto("/")
    page.get_by_role("link", name=mpp.name).click()
    page.get_by_role("link", name="Lihat semua layanan").click()
    page.get_by_role("link", name=name, exact=True).click()
    page.get_by_role("link", name="Ambil nomor antrian", exact=True).click()
    expect(page.get_by_label("Layanan", exact=True)).to_have_value("A01")  # chosen by the link
    page.get_by_label("Nomor ponsel").fill("0812 3456 7801")
    page.get_by_role("button", name="Ambil nomor").click()
    page.wait_for_url("**/antrian/**")
    ticket = Ticket.objects.get(phone=MINE)
    expect(page.locator("[data-field=number]")).to_have_text(ticket.number)

    # later: the tab is gone, the citizen starts again from the site's name
    page.get_by_role("link", name="satupintu").click()
    page.get_by_role("link", name=mpp.name).click()
    page.get_by_role("link", name="Ambil nomor antrian", exact=True).click()
    page.get_by_label("Layanan", exact=True).select_option("A01")
    page.get_by_label("Nomor ponsel").fill("081234567801")
    page.get_by_role("button", name="Ambil nomor").click()
    expect(page.get_by_role("alert")).to_contain_text("sudah memiliki antrian aktif")
    expect(page.get_by_label("Layanan", exact=True)).to_have_value("A01")  # the choice is kept
    page.get_by_role("link", name="Lihat nomor antrian Anda").click()
    expect(page.locator("[data-field=number]")).to_have_text(ticket.number)
    assert Ticket.objects.filter(phone=MINE).count() == 1
    assert [e for e in errors if "409 (Conflict)" not in e] == []  # the refusal's own status
    context.close()
