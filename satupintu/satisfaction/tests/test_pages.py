"""The pages: SKM form, tablet sign-in, public results, report files, supervisor pages."""

import io

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from satupintu.accounts.services import issue_api_token
from satupintu.queueing.tests.factories import make_queue
from satupintu.satisfaction import imports, services
from satupintu.satisfaction.models import FollowUp, SurveyResponse
from satupintu.satisfaction.tests.factories import PROFILE, answers, served, tablet_at, waiting

pytestmark = pytest.mark.django_db


def _form(score=3):
    return {**answers(score), **PROFILE, "suggestion": "Mantap"}


def test_the_holder_fills_the_skm_form_once():
    q = make_queue()
    ticket = served(q)
    url = f"/skm/{ticket.public_id}/?sumber=qr"
    page = Client().get(url)
    assert page.status_code == 200
    assert "kesesuaian persyaratan" in page.content.decode()
    incomplete = Client().post(url, {**_form(), "waktu": ""})
    assert incomplete.status_code == 422
    assert "Pilih salah satu jawaban" in incomplete.content.decode()
    done = Client().post(url, _form(4))
    assert "Terima kasih" in done.content.decode()
    assert SurveyResponse.objects.get().source == "qr"
    assert "sudah diisi" in Client().get(url).content.decode()


def test_the_skm_form_waits_until_the_ticket_is_finished():
    ticket = waiting(make_queue())
    page = Client().get(f"/skm/{ticket.public_id}/")
    assert "setelah pelayanan" in page.content.decode()
    assert b'type="radio"' not in page.content


def test_a_tablet_signs_in_with_its_token_and_only_at_its_counter():
    q = make_queue(counters=2)
    tablet = tablet_at(q.counters[0])
    token = issue_api_token(user=tablet)
    url = f"/tablet/{q.mpp.slug}/loket/{q.counters[0].pk}/"
    client = Client()
    signed_in = client.get(f"{url}?token={token}")
    assert (signed_in.status_code, signed_in["Location"]) == (302, url)
    page = client.get(url)
    assert "Bagaimana pelayanan kami?" in page.content.decode()
    assert client.get(f"/tablet/{q.mpp.slug}/loket/{q.counters[1].pk}/").status_code == 403
    assert Client().get(f"{url}?token={token}x").status_code == 403
    assert Client().get(url).status_code == 302  # anonymous: to the sign-in page


def test_the_tablet_questionnaire_is_stored_as_tablet():
    q = make_queue()
    client = Client()
    client.force_login(tablet_at(q.counters[0]))
    ticket = served(q)
    url = f"/tablet/{q.mpp.slug}/loket/{q.counters[0].pk}/skm/{ticket.public_id}/"
    assert client.post(url, _form()).status_code == 200
    assert SurveyResponse.objects.get().source == "tablet"


def _with_responses(q, scores):
    for score in scores:
        services.submit_survey(
            mpp=q.mpp,
            service=None,
            source="qr",
            ticket=served(q),
            answers=answers(score),
            profile=PROFILE,
        )


def test_the_public_page_shows_the_ikm_and_warns_about_a_small_sample():
    q = make_queue()
    _with_responses(q, [4, 3])
    for _ in range(3):
        served(q)  # 5 served, 2 answered: the table asks for 5
    FollowUp.objects.create(mpp=q.mpp, title="Kursi tambahan di ruang tunggu")
    page = Client().get(f"/mpp/{q.mpp.slug}/ikm/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "87,50" in html and "Mutu B" in html
    assert "Sampel belum memenuhi" in html
    assert "Kursi tambahan di ruang tunggu" in html
    assert "<svg" in html
    # U8 (complaint handling) leads to how the MPP's complaints were answered
    assert f'href="/mpp/{q.mpp.slug}/pengaduan/statistik/"' in html


def test_the_pdf_report_parses_and_states_the_ikm_and_the_weight():
    q = make_queue()
    _with_responses(q, [4, 3])
    response = Client().get(f"/mpp/{q.mpp.slug}/ikm/laporan.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "87,50" in text
    assert "1/9" in text
    assert "Sangat Baik" in text  # the interval table


def test_the_xlsx_report_has_the_numbers():
    q = make_queue()
    _with_responses(q, [4, 3])
    response = Client().get(f"/mpp/{q.mpp.slug}/ikm/laporan.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["IKM unit pelayanan"] == 87.5
    assert values["Mutu pelayanan"] == "B"


def test_the_supervisor_enters_a_paper_questionnaire(personas):
    q = make_queue(mpp=personas.mpp_x, prefix="C")
    client = Client()
    client.force_login(personas.supervisor_x)
    response = client.post(
        "/staf/skm/kertas/", {**_form(2), "service": q.service.code, "date": "2026-01-05"}
    )
    assert response.status_code == 302
    stored = SurveyResponse.objects.get()
    assert (stored.source, stored.entered_by, stored.persyaratan) == (
        "paper",
        personas.supervisor_x,
        2,
    )
    officer = Client()
    officer.force_login(personas.officer_xa)
    assert officer.get("/staf/skm/kertas/").status_code == 403


def _sheet(rows):
    book = Workbook()
    book.active.append(imports.COLUMNS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "skm.xlsx"
    return out


def test_a_spreadsheet_imports_all_rows_or_none(personas):
    q = make_queue(mpp=personas.mpp_x, prefix="C")
    client = Client()
    client.force_login(personas.supervisor_x)
    good = ["2026-01-05", q.service.code, *[3] * 9, "L", "26-35", "sma", "swasta", ""]
    bad = ["2026-01-06", q.service.code, *[3] * 8, 5, "X", "26-35", "sma", "swasta", ""]
    refused = client.post("/staf/skm/impor/", {"file": _sheet([good, bad])})
    assert refused.status_code == 422
    assert "Baris 3" in refused.content.decode()
    assert not SurveyResponse.objects.exists()
    accepted = client.post("/staf/skm/impor/", {"file": _sheet([good, good])})
    assert accepted.status_code == 302
    assert SurveyResponse.objects.filter(source="paper").count() == 2


def test_follow_ups_are_published_by_the_supervisor(personas):
    client = Client()
    client.force_login(personas.supervisor_x)
    response = client.post(
        "/staf/skm/tindak-lanjut/",
        {
            "title": "Papan informasi persyaratan",
            "unsur": "persyaratan",
            "state": "planned",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert (
        "Papan informasi persyaratan"
        in Client().get(f"/mpp/{personas.mpp_x.slug}/ikm/").content.decode()
    )
    assert (
        "Papan informasi" not in Client().get(f"/mpp/{personas.mpp_y.slug}/ikm/").content.decode()
    )


def test_the_coaching_page_shows_each_officers_sample_and_holds_a_thin_flag(personas):
    import datetime as dt

    from satupintu.accounts.models import Role
    from satupintu.accounts.tests.factories import make_user
    from satupintu.satisfaction import selectors
    from satupintu.satisfaction.models import Rating

    q = make_queue(mpp=personas.mpp_x, prefix="C")
    weak = make_user(Role.OFFICER, mpp=q.mpp, agency=q.service.agency, counters=q.counters)
    today = selectors.today(q.mpp)
    for weeks_ago in (0, 1, 2):  # 13 ratings of 2 over three weeks, as the issue saw
        when = dt.datetime.combine(today - dt.timedelta(weeks=weeks_ago), dt.time(10), q.mpp.tzinfo)
        for _ in range(5 if weeks_ago else 3):
            rating = services.submit_rating(ticket=served(q, officer=weak), score=2, reasons=[])
            Rating.objects.filter(pk=rating.pk).update(created_at=when)
    client = Client()
    client.force_login(personas.supervisor_x)
    page = client.get("/staf/skm/pembinaan/").content.decode()
    assert "(n = 13)" in page  # next to the officer's figure, in the flag list and the table
    held = page.split("penilaiannya belum cukup", 1)[1]
    assert weak.full_name in held and "belum ditandai sampai n = 30" in held
    assert "Belum ada petugas yang ditandai." in page
    assert "text-danger" not in page  # nor marked red in the tables on 13 ratings
