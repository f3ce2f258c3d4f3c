"""The verification page in a real browser on a phone (390×844), in Indonesian and English:
a valid document from its QR, an altered copy uploaded, both passing axe (WCAG 2.1 AA).
Takes the screenshots of the page and of the issued PDF rendered."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from satupintu.documents import selectors
from satupintu.documents.tests.factories import ready_application
from satupintu.documents.tests.test_bsre import simulator  # noqa: F401
from satupintu.documents.tests.test_verification import changed_one_byte
from satupintu.gates.a11y import audit
from satupintu.gates.browser import screenshot_dir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_verification_page_valid_and_altered_on_a_phone(
    chromium, live_server, personas, settings, tmp_path
):
    settings.DATA_DIR = tmp_path  # the MPP's own signing chain, made for this test
    call_command("setup_document_signing", personas.mpp_x.slug, stdout=io.StringIO())
    # pyHanko runs asyncio.run(), which cannot run in this thread beside Playwright's loop
    with ThreadPoolExecutor(max_workers=1) as pool:
        document = pool.submit(lambda: ready_application(personas).document).result()
    data = selectors.document_bytes(document)
    folder = screenshot_dir()
    for locale, valid, altered in (
        ("id-ID", "Dokumen sah", "Dokumen telah diubah"),
        ("en-US", "Valid document", "Document altered"),
    ):
        context = chromium.new_context(locale=locale, base_url=live_server.url, viewport=PHONE)
        page = context.new_page()
        try:
            page.goto(reverse("documents:verify-code", args=[document.code]))
            expect(page.get_by_role("heading", name=valid)).to_be_visible()
            expect(page.get_by_text("3302********0001")).to_be_visible()
            expect(page.get_by_text("Penerbit Dokumen")).to_be_visible()  # the signer
            assert audit(page, f"valid {locale}") == []
            page.screenshot(path=str(folder / f"docs-verify-valid-{locale}.png"), full_page=True)
            field = "Berkas PDF" if locale == "id-ID" else "PDF file"
            page.get_by_label(field, exact=True).set_input_files(
                {"name": "salinan.pdf", "mimeType": "application/pdf",
                 "buffer": changed_one_byte(data)}
            )  # fmt: skip
            page.get_by_role("button", name="Periksa" if locale == "id-ID" else "Check").click()
            expect(page.get_by_role("heading", name=altered)).to_be_visible()
            assert audit(page, f"altered {locale}") == []
            page.screenshot(path=str(folder / f"docs-verify-altered-{locale}.png"), full_page=True)
        finally:
            context.close()


def test_the_issued_pdf_renders(personas):
    import pypdfium2

    document = ready_application(personas).document
    pdf = pypdfium2.PdfDocument(selectors.document_bytes(document))
    assert len(pdf) == 1
    image = pdf[0].render(scale=1.5).to_pil()
    image.save(screenshot_dir() / "docs-pdf.png")
    assert image.width > 800


def _as(chromium, live_server, user, viewport):
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = chromium.new_context(locale="id-ID", base_url=live_server.url, viewport=viewport)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": urlsplit(live_server.url).hostname,
                "path": "/",
            }
        ]
    )
    return context


def test_the_citizen_downloads_and_the_officer_revokes(chromium, live_server, personas):
    document = ready_application(personas).document
    app = document.application
    folder = screenshot_dir()
    context = _as(chromium, live_server, personas.citizen, PHONE)
    try:
        page = context.new_page()
        page.goto(reverse("applications:mine_detail", args=[app.public_id]))
        link = page.get_by_role("link", name="Unduh dokumen (PDF)")
        expect(link).to_have_attribute("href", f"/verifikasi/{document.code}/unduh/")
        assert audit(page, "citizen application") == []
        page.screenshot(path=str(folder / "docs-citizen-application.png"), full_page=True)
    finally:
        context.close()
    context = _as(chromium, live_server, personas.officer_xa, {"width": 1366, "height": 768})
    try:
        page = context.new_page()
        page.goto(reverse("applications:verify", args=[app.public_id]))
        page.get_by_label("Alasan pencabutan dokumen").fill("Salah ketik nama")
        assert audit(page, "officer application") == []
        page.screenshot(path=str(folder / "docs-officer-document.png"), full_page=True)
        page.get_by_role("button", name="Cabut dokumen").click()
        expect(page.get_by_text("Salah ketik nama")).to_be_visible()
        page.goto(reverse("documents:verify-code", args=[document.code]))
        expect(page.get_by_role("heading", name="Dokumen sudah dicabut")).to_be_visible()
        page.screenshot(path=str(folder / "docs-verify-revoked.png"), full_page=True)
    finally:
        context.close()


def test_batch_signing_then_the_wallet_share_and_its_read(
    chromium,
    live_server,
    personas,
    simulator,  # noqa: F811
):
    """BSrE: the officer signs waiting documents in one act after authenticating again and
    watches the progress bar; the citizen finds them in the wallet, shares one, and sees
    the share link's read."""
    from satupintu.applications.tests.factories import online_service
    from satupintu.documents.tests.test_bsre import NIK, SECRET

    service = online_service(personas.counter_xa.booth)
    documents = [ready_application(personas, service).document for _ in range(3)]
    folder = screenshot_dir()
    context = _as(chromium, live_server, personas.officer_xa, {"width": 1366, "height": 768})
    try:
        page = context.new_page()
        page.goto(reverse("documents:signing"))
        expect(page.get_by_text(documents[0].number)).to_be_visible()
        page.get_by_label("NIK penanda tangan").fill(NIK)
        page.get_by_label("Passphrase", exact=True).fill(SECRET)
        assert audit(page, "signing") == []
        page.screenshot(path=str(folder / "docs-signing.png"), full_page=True)
        page.get_by_role("button", name="Tanda tangani dokumen terpilih").click()
        expect(page.get_by_text("3 dari 3 dokumen ditandatangani")).to_be_visible(timeout=30000)
        expect(page.get_by_text("Selesai.")).to_be_visible()
        assert audit(page, "signing progress") == []
        page.screenshot(path=str(folder / "docs-signing-done.png"), full_page=True)
    finally:
        context.close()
    context = _as(chromium, live_server, personas.citizen, PHONE)
    try:
        page = context.new_page()
        page.goto(reverse("documents:wallet"))
        card = page.locator(f"#d-{documents[0].code}")
        card.get_by_label("Dibagikan kepada (opsional)").fill("Bank Jateng")
        card.get_by_role("button", name="Buat tautan berbagi").click()
        link = page.get_by_text("Tautan berbagi dibuat:").inner_text().split(": ", 1)[1].strip()
        anonymous = chromium.new_context(locale="id-ID", viewport=PHONE)
        try:
            shared = anonymous.new_page()
            shared.goto(link)
            expect(shared.get_by_role("heading", name="Dokumen yang dibagikan")).to_be_visible()
            assert audit(shared, "shared") == []
            shared.screenshot(path=str(folder / "docs-shared.png"), full_page=True)
        finally:
            anonymous.close()
        page.goto(reverse("documents:wallet"))
        card = page.locator(f"#d-{documents[0].code}")
        card.get_by_text("Dibuka 1 kali").click()
        expect(card.get_by_text("lewat tautan berbagi (Bank Jateng)")).to_be_visible()
        assert audit(page, "wallet") == []
        page.screenshot(path=str(folder / "docs-wallet.png"), full_page=True)
    finally:
        context.close()
