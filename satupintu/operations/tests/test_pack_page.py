"""The coordination page (/staf/rapat-koordinasi/): who may open it, the month picked, the
downloads, and the follow-up actions added and moved through their statuses."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from satupintu.core.errors import DomainError
from satupintu.operations.models import FollowUpAction
from satupintu.operations.pack import services
from satupintu.operations.pack.selectors import build_pack
from satupintu.operations.tests.measures_day import build_day

pytestmark = pytest.mark.django_db
PAGE = "/staf/rapat-koordinasi/"
TODAY = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(TODAY, tick=False):
        yield


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_staff_room_links_the_page_for_supervisors_only(personas):
    assert PAGE in signed_in(personas.supervisor_x).get("/staf/").content.decode()
    assert PAGE not in signed_in(personas.officer_xa).get("/staf/").content.decode()


def test_officers_are_refused_and_strangers_sent_to_sign_in(personas):
    assert signed_in(personas.officer_xa).get(PAGE).status_code == 403
    assert (
        signed_in(personas.officer_xa)
        .get(f"{PAGE}unduh/", {"bulan": "2026-11", "berkas": "pdf"})
        .status_code
        == 403
    )
    assert signed_in(personas.citizen).get(PAGE).status_code == 403
    anonymous = Client().get(PAGE)
    assert anonymous.status_code == 302 and "next=/staf/rapat-koordinasi/" in anonymous["Location"]


def test_the_page_opens_on_last_month_with_its_summary_and_downloads(personas):
    build_day(personas)
    page = signed_in(personas.supervisor_x).get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ringkasan November 2026" in html
    assert f"{PAGE}unduh/?bulan=2026-11&amp;berkas=pdf" in html
    assert f"{PAGE}unduh/?bulan=2026-11&amp;berkas=xlsx" in html
    assert ">Desember 2026<" not in html  # the current month is not complete


@pytest.mark.parametrize("month", ["2026-12", "2027-01", "bukan-bulan"])
def test_an_incomplete_or_bad_month_is_a_clear_422(personas, month):
    page = signed_in(personas.supervisor_x).get(PAGE, {"bulan": month})
    assert page.status_code == 422
    assert "Pilih bulan yang sudah selesai, paling akhir bulan lalu." in page.content.decode()


def test_the_downloads_are_named_files_of_the_right_kind(personas):
    build_day(personas)
    client = signed_in(personas.supervisor_x)
    slug = personas.mpp_x.slug
    pdf = client.get(f"{PAGE}unduh/", {"bulan": "2026-11", "berkas": "pdf"})
    assert pdf.status_code == 200 and pdf.streaming
    assert pdf["Content-Type"] == "application/pdf"
    assert f'filename="rapat-koordinasi-{slug}-2026-11.pdf"' in pdf["Content-Disposition"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(f"{PAGE}unduh/", {"bulan": "2026-11", "berkas": "xlsx"})
    assert f'filename="rapat-koordinasi-{slug}-2026-11.xlsx"' in xlsx["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert "Ringkasan" in book.sheetnames
    assert client.get(f"{PAGE}unduh/", {"bulan": "2026-12", "berkas": "pdf"}).status_code == 404
    assert client.get(f"{PAGE}unduh/", {"bulan": "2026-11", "berkas": "doc"}).status_code == 404


def test_the_supervisor_adds_an_action_and_changes_its_status(personas):
    client = signed_in(personas.supervisor_x)
    added = client.post(
        f"{PAGE}tindak-lanjut/",
        {
            "bulan": "2026-11",
            "what": "Buka loket tambahan Disdukcapil pukul 09.00–11.00",
            "responsible": "Kepala Disdukcapil",
            "agency": personas.counter_xa.booth.agency_id,
            "due_on": "2026-12-31",
        },
    )
    assert added.status_code == 302
    action = FollowUpAction.objects.get(mpp=personas.mpp_x)
    assert action.meeting_month == dt.date(2026, 11, 1) and action.status == "open"
    changed = client.post(
        f"{PAGE}status/",
        {
            "id": action.pk,
            "bulan": "2026-11",
            "status": "in_progress",
            "note": "Petugas sudah ditambah 1",
        },
    )
    assert changed.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.status_note) == ("in_progress", "Petugas sudah ditambah 1")
    page = client.get(PAGE, {"bulan": "2026-11"}).content.decode()
    assert "Buka loket tambahan Disdukcapil" in page and "Petugas sudah ditambah 1" in page


def test_a_bad_action_is_refused_with_the_reason_in_indonesian(personas):
    client = signed_in(personas.supervisor_x)
    refused = client.post(
        f"{PAGE}tindak-lanjut/",
        {"bulan": "2026-11", "what": "Kursi", "responsible": "Pengelola", "due_on": "2026-11-20"},
    )
    assert refused.status_code == 422
    assert "Batas waktu harus setelah bulan yang dibahas (November 2026)." in (
        refused.content.decode()
    )
    assert not FollowUpAction.objects.exists()


def test_another_mpps_action_cannot_be_touched(personas):
    theirs = services.add_follow_up(
        mpp=personas.mpp_y, actor=None, meeting_month=dt.date(2026, 11, 1),
        what="Perbaiki AC", responsible="Pengelola", due_on=dt.date(2026, 12, 15),
    )  # fmt: skip
    client = signed_in(personas.supervisor_x)
    answer = client.post(f"{PAGE}status/", {"id": theirs.pk, "status": "done"})
    assert answer.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "open"


def _add(personas, **overrides):
    values = {
        "mpp": personas.mpp_x,
        "actor": personas.supervisor_x,
        "meeting_month": dt.date(2026, 11, 1),
        "what": "Tambah petugas verifikasi",
        "responsible": "Kepala DPMPTSP",
        "due_on": dt.date(2026, 12, 31),
    }
    return services.add_follow_up(**{**values, **overrides})


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"what": "   "}, "Tindak lanjut wajib diisi."),
        ({"responsible": ""}, "Penanggung jawab wajib diisi."),
        ({"what": "x" * 301}, "Tindak lanjut paling banyak 300 karakter."),
        ({"meeting_month": dt.date(2027, 1, 1)}, "Bulan rapat tidak boleh di masa depan."),
        ({"due_on": dt.date(2026, 11, 30)}, "Batas waktu harus setelah bulan yang dibahas"),
    ],
)
def test_actions_are_validated(personas, overrides, message):
    with pytest.raises(DomainError) as refused:
        _add(personas, **overrides)
    assert message in refused.value.message and refused.value.status == 400


def test_an_agency_of_another_mpp_is_refused(personas):
    from satupintu.tenancy.models import Agency

    elsewhere = Agency.objects.create(
        code="ZZ", name="Instansi Lain", short_name="Lain", kind="opd"
    )
    with pytest.raises(DomainError, match="tidak berada di MPP ini"):
        _add(personas, agency=elsewhere)


def test_dropping_an_action_needs_its_reason(personas):
    action = _add(personas)
    with pytest.raises(DomainError, match="alasan"):
        services.set_follow_up_status(action=action, status="dropped")
    with pytest.raises(DomainError, match="tidak dikenal"):
        services.set_follow_up_status(action=action, status="lupa")
    done = services.set_follow_up_status(action=action, status="dropped", note="Digabung")
    assert done.status == "dropped"


def test_the_next_pack_reviews_the_previous_meetings_actions(personas):
    kept = _add(personas, meeting_month=dt.date(2026, 10, 1), due_on=dt.date(2026, 11, 30))
    old_done = _add(personas, meeting_month=dt.date(2026, 9, 1), due_on=dt.date(2026, 10, 30))
    services.set_follow_up_status(action=old_done, status="done")
    old_open = _add(personas, meeting_month=dt.date(2026, 9, 1), due_on=dt.date(2026, 10, 30))
    later = _add(personas, meeting_month=dt.date(2026, 11, 1))
    pack = build_pack(personas.mpp_x, dt.date(2026, 11, 1))
    assert {a.pk for a in pack.follow_ups} == {kept.pk, old_open.pk}
    assert later.pk not in {a.pk for a in pack.follow_ups}


def test_dropping_on_the_page_without_a_reason_is_refused_in_indonesian(personas):
    action = _add(personas)
    client = signed_in(personas.supervisor_x)
    refused = client.post(f"{PAGE}status/", {"id": action.pk, "status": "dropped"})
    assert refused.status_code == 422
    assert "Tuliskan alasan tindak lanjut dibatalkan." in refused.content.decode()
    action.refresh_from_db()
    assert action.status == "open"


def test_the_admin_lists_actions_and_kept_months(admin_client, personas):
    _add(personas)
    assert admin_client.get("/admin/operations/followupaction/").status_code == 200
    assert admin_client.get("/admin/operations/monthsummary/").status_code == 200
