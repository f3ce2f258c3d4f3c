"""The officer's verification screen with the reading beside each file, in a real browser
(the model is replaced by the synthetic cards' truth: test_offline.py runs it)."""

from __future__ import annotations

import io
import random

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from satupintu.applications import services
from satupintu.catalog.models import Category
from satupintu.catalog.services import create_service, ensure_default_categories
from satupintu.catalog.standard import RequirementData
from satupintu.catalog.tests.factories import FIRST, content
from satupintu.gates.a11y import audit
from satupintu.gates.browser import screenshot_dir
from satupintu.reading import cards, reader, synthetic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _png(data: bytes) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).save(out, "PNG")
    return out.getvalue()


def _signed_in(chromium, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    context = chromium.new_context(locale="id-ID", base_url=live_server.url, viewport=viewport)
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_the_officer_sees_match_and_wrong_document_beside_the_files(
    chromium, live_server, personas, monkeypatch, settings
):
    settings.READING_WORKER = "inline"
    ensure_default_categories()
    service = create_service(
        mpp=personas.counter_xa.booth.mpp,
        agency=personas.counter_xa.booth.agency,
        code="A60",
        standard_key="kia-a60",
        category=Category.objects.get(slug="kependudukan"),
        content=content(
            name="Perubahan data kependudukan",
            requirements=(
                RequirementData("KTP-el pemohon", uploadable=True, file_types="jpg,png"),
                RequirementData("Kartu Keluarga", uploadable=True, file_types="jpg,png"),
            ),
        ),
        meta=FIRST,
        online_application=True,
    )
    rng = random.Random(4)
    person = synthetic.make_person(rng, "3302", "BANYUMAS")
    card = synthetic.photograph(rng, synthetic.draw_ktp(rng, person, synthetic.REGIONS[0]))
    read = reader.Reading(
        kind="ktp",
        fields=cards.CardFields(
            nik=person.nik, name=person.name, birth_date=person.birth_date, female=person.female
        ),
        text_found=True,
    )
    monkeypatch.setattr(reader, "read_document", lambda data, **kw: read)
    application = services.create_application(
        user=personas.citizen,
        mpp=service.mpp,
        service_code=service.code,
        applicant=services.Applicant(
            name=person.name.title(), nik=person.nik, phone="0812-3456-7890"
        ),
        uploads={
            "p1": SimpleUploadedFile("ktp.jpg", card),
            "p2": SimpleUploadedFile("kk.png", _png(card)),  # the KTP again, for the KK
        },
        submit=True,
    )
    # the same citizen's draft of another application, with a KTP of someone else
    other = reader.Reading(
        kind="ktp", fields=cards.CardFields(nik="3302010101800003", name="BUDI"), text_found=True
    )
    monkeypatch.setattr(reader, "read_document", lambda data, **kw: other)
    draft = services.create_application(
        user=personas.citizen,
        mpp=service.mpp,
        service_code=service.code,
        applicant=services.Applicant(
            name=person.name.title(), nik=person.nik, phone="0812-3456-7890"
        ),
        uploads={"p1": SimpleUploadedFile("ktp.jpg", card)},
    )
    phone = _signed_in(chromium, live_server, personas.citizen, {"width": 412, "height": 900})
    try:
        page = phone.new_page()
        page.goto(f"/permohonan/{draft.public_id}/")
        warning = page.locator('[data-reading="mismatch"]')
        assert "NIK pada berkas tidak sama dengan NIK yang Anda isi" in warning.inner_text()
        page.screenshot(path=str(screenshot_dir() / "reading-citizen.png"), full_page=True)
    finally:
        phone.close()
    context = _signed_in(chromium, live_server, personas.officer_xa, {"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"/staf/permohonan/{application.public_id}/")
        readings = page.locator("[data-reading]")
        assert readings.count() == 2
        ktp, kk = readings.nth(0), readings.nth(1)
        assert "Sesuai" in ktp.inner_text()
        assert ktp.locator("text=✓ Sesuai").count() == 3  # NIK, name, birth date
        assert person.nik not in page.content()  # masked like the applicant's NIK
        assert "bukan Kartu Keluarga seperti yang diminta" in kk.inner_text()
        assert kk.get_attribute("data-reading") == "mismatch"
        page.screenshot(path=str(screenshot_dir() / "reading-verify.png"), full_page=True)
    finally:
        context.close()


def test_the_apply_form_warns_before_submitting(
    chromium, live_server, personas, monkeypatch, settings
):
    """The one-step form: the citizen types the NIK, chooses the KK, and is told at once
    that the KK does not list that NIK; nothing has been submitted."""
    from satupintu.applications.models import Application
    from satupintu.applications.tests.factories import NIK, image_bytes, online_service

    settings.READING_WORKER = "inline"
    service = online_service(personas.counter_xa.booth)
    someone_else = cards.Member(nik="3302010101800003", name="BUDI")
    found = reader.Reading(
        kind="kk", fields=cards.CardFields(members=[someone_else]), text_found=True
    )
    monkeypatch.setattr(reader, "read_document", lambda data, **kw: found)
    phone = _signed_in(chromium, live_server, personas.citizen, {"width": 412, "height": 900})
    try:
        page = phone.new_page()
        page.goto(f"/mpp/{service.mpp.slug}/permohonan/{service.code}/")
        page.fill("#id_nik", NIK)
        page.set_input_files(
            "#id_file_p2",
            files=[{"name": "kk.png", "mimeType": "image/png", "buffer": image_bytes()}],
        )
        warning = page.locator('[data-reading="mismatch"]')
        warning.wait_for()
        assert "NIK pada berkas tidak sama dengan NIK yang Anda isi" in warning.inner_text()
        assert "Sudah diunggah: kk.png" in page.locator("#status_p2").inner_text()
        assert not Application.objects.exists()
        assert audit(page, "apply form with a reading warning") == []
        warning.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir() / "reading-apply.png"))
    finally:
        phone.close()
