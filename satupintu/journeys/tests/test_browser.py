"""A birth journey in real browsers: the kiosk plans it and prints one number; three
counters serve its three steps; after each, the citizen's phone names the next step's
number and counters, and the board calls that number at its counter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from satupintu.accounts.models import Role, User
from satupintu.accounts.services import issue_api_token
from satupintu.demo.services import seed_demo
from satupintu.gates.browser import screenshot_dir
from satupintu.journeys.tests.factories import make_bookable_birth
from satupintu.queueing.counters import services as counters
from satupintu.queueing.models import Ticket
from satupintu.tenancy.models import Counter, Mpp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("bus"),
]

LIVE = 5_000  # ms
NO_PRINT = "window.print = () => {}; navigator.vibrate = () => true;"


def screen(chromium, asgi_server, **options):
    context = chromium.new_context(locale="id-ID", base_url=asgi_server.url, **options)
    context.add_init_script(NO_PRINT)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    return page, errors


def test_a_birth_goes_from_the_kiosk_through_three_counters_with_one_number(chromium, asgi_server):
    seed_demo()
    mpp = Mpp.objects.get(slug="banyumas")
    kiosk_token = issue_api_token(user=User.objects.get(mpp=mpp, role=Role.KIOSK))
    display = User.objects.filter(mpp=mpp, role=Role.DISPLAY).order_by("pk").first()
    dukcapil, bpjs = (Counter.objects.get(mpp=mpp, number=n) for n in (1, 15))
    for counter in (dukcapil, bpjs):
        counters.open_counter(counter=counter, actor=None)

    board, board_errors = screen(chromium, asgi_server, viewport={"width": 1920, "height": 1080})
    board.goto(f"/layar/{mpp.slug}/?token={issue_api_token(user=display)}")
    expect(board.locator("#call-number")).to_be_visible()

    kiosk, kiosk_errors = screen(chromium, asgi_server, viewport={"width": 1080, "height": 1920})
    kiosk.goto(f"/kios/{mpp.slug}/?token={kiosk_token}")
    kiosk.get_by_role("link", name="Urus per peristiwa hidup").click()
    kiosk.get_by_role("link", name="Kelahiran anak").click()
    kiosk.locator("input[name=kia][value=Tidak]").check()
    kiosk.locator("input[name=jkn][value=Ya]").check()
    kiosk.get_by_role("button", name="Lihat rencana kunjungan").click()
    expect(kiosk.locator(".journey-bring")).to_contain_text("Kartu Keluarga (KK)")
    kiosk.get_by_role("button", name="Ambil satu nomor untuk 3 layanan hari ini").click()
    kiosk.wait_for_url("**/nomor/**")
    ticket = Ticket.objects.get(public_id=kiosk.url.rstrip("/").rsplit("/", 1)[-1])
    expect(kiosk.locator(".kiosk-ticket-number")).to_have_text(ticket.number)

    phone, phone_errors = screen(chromium, asgi_server, viewport={"width": 360, "height": 740})
    phone.goto(f"/antrian/{ticket.public_id}/")
    expect(phone.locator("[data-field=status]")).to_have_text("Menunggu")

    steps = [
        ("A05", dukcapil, "Menuju loket 1, 2, 3, 4."),
        ("A04", dukcapil, "Menuju loket 15, 16."),
    ]
    steps.append(("G02", bpjs, None))
    for code, counter, next_counters in steps:
        called = counters.call_next(counter=counter, officer=None)
        assert (called.pk, called.service.code) == (ticket.pk, code)
        expect(board.locator("#call-number")).to_have_text(ticket.number, timeout=LIVE)
        expect(phone.get_by_role("heading", name="Giliran Anda!")).to_be_visible(timeout=LIVE)
        counters.start_serving(ticket=called, actor=None)
        counters.finish(ticket=called, actor=None)
        if next_counters is None:
            break
        moved = phone.locator("[data-journey-next]")
        expect(moved).to_contain_text("Langkah ini selesai. Berikutnya:", timeout=LIVE)
        expect(moved).to_contain_text(next_counters)
        held = ticket.number
        ticket = Ticket.objects.get(transferred_from=ticket)
        expect(moved).to_contain_text(ticket.number)
        onward = board.locator("#onward")  # the board says where the number goes next
        expect(onward).to_contain_text(f"{held}", timeout=LIVE)
        expect(onward).to_contain_text(f"Loket {next_counters[13:-1]}")
        expect(onward).to_contain_text(f"nomor {ticket.number}")
        if code == "A05":
            board.screenshot(path=str(screenshot_dir() / "journey-board-onward.png"))
        moved.get_by_role("link", name="Lihat nomor langkah berikutnya").click()
        expect(phone.locator("[data-field=status]")).to_have_text("Menunggu")
    assert not Ticket.objects.filter(transferred_from=ticket).exists()
    assert board_errors == kiosk_errors == phone_errors == []


def test_a_phone_books_the_birth_plan_as_one_visit(chromium, asgi_server):
    birth = make_bookable_birth(capacity=1)
    phone, errors = screen(chromium, asgi_server, viewport={"width": 360, "height": 740})
    phone.goto(f"/mpp/{birth.mpp.slug}/peristiwa-hidup/kelahiran/?jkn=Ya")
    form = phone.locator("#pesan")
    day = timezone.localdate(timezone.now(), birth.mpp.tzinfo) + dt.timedelta(days=1)
    form.get_by_label("Tanggal").fill(day.isoformat())
    form.get_by_label("Mulai paling cepat").fill("09:00")
    form.get_by_label("Nama lengkap sesuai KTP").fill("Siti Aminah")
    form.get_by_label("NIK").fill("3302014501900001")
    form.get_by_label("Nomor ponsel").fill("081234567890")
    form.get_by_label("Tanggal").scroll_into_view_if_needed()
    phone.screenshot(path=str(screenshot_dir() / "journey-book-phone.png"))
    form.get_by_role("button", name="Pesan satu kunjungan").click()
    phone.wait_for_url("**/kunjungan/**")
    expect(phone.get_by_role("heading", name="Kunjungan Anda")).to_be_visible()
    steps = phone.locator(".journey-steps li")
    expect(steps).to_have_count(3)
    expect(steps.first).to_contain_text("09.00")
    phone.screenshot(path=str(screenshot_dir() / "journey-visit-phone.png"), full_page=True)
    assert errors == []
