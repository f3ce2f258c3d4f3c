"""The complaint's path as its reporter and the officers live it: received → verified →
forwarded → follow-up → answered → closed, and the side roads (postponed, rejected,
merged, referred to SP4N-LAPOR!, the reopen request)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from satupintu.complaints import services
from satupintu.complaints.models import Complaint, LaporReferral, Reopen, Status
from satupintu.complaints.selectors import public_history
from satupintu.complaints.tests.factories import complaint, forwarded
from satupintu.complaints.workflow import TRANSITIONS, IllegalTransition
from satupintu.core.errors import DomainError
from satupintu.notifications.models import Message

pytestmark = pytest.mark.django_db


def sentences(item: Complaint) -> list[str]:
    return [row.sentence for row in public_history(item)]


def test_a_complaint_travels_to_the_agency_and_back_to_its_reporter(personas):
    item = complaint(personas.mpp_x)
    assert item.status == Status.RECEIVED
    assert len(item.tracking_code) == 14 and item.tracking_code.count("-") == 2
    assert item.suggested_category == "biaya"  # "uang tambahan", "tarif"
    services.verify_complaint(
        user=personas.supervisor_x,
        complaint=item,
        category="biaya",
        agency=personas.officer_xa.agency,
    )
    services.forward_complaint(user=personas.supervisor_x, complaint=item)
    services.start_follow_up(user=personas.officer_xa, complaint=item)
    services.answer_complaint(
        user=personas.officer_xa, complaint=item, answer="Petugas sudah diperiksa dan ditegur."
    )
    services.close_complaint(user=personas.supervisor_x, complaint=item)
    item.refresh_from_db()
    assert item.status == Status.CLOSED
    assert sentences(item) == [
        "Laporan Anda kami terima.",
        "Laporan Anda sudah diperiksa petugas pengaduan MPP.",
        "Laporan Anda diteruskan ke instansi yang berwenang.",
        "Instansi sedang menindaklanjuti laporan Anda.",
        "Instansi sudah menjawab laporan Anda.",
        "Laporan Anda dinyatakan selesai.",
    ]
    assert public_history(item)[4].note == "Petugas sudah diperiksa dan ditegur."
    # the reporter was told of every step, by e-mail and phone, with the tracking code
    bodies = Message.objects.filter(reference=item.reference, kind__startswith="complaint.update")
    assert bodies.count() == 12
    assert all(item.tracking_code in m.body for m in bodies)


def test_bad_input_gets_every_error_at_once_and_writes_nothing(personas):
    with pytest.raises(ValidationError) as caught:
        services.submit_complaint(
            mpp=personas.mpp_x,
            kind="keluhan",
            text="pendek",
            reporter=services.Reporter(name="", phone="123", email="bukan-email"),
            ticket_id="not-a-ticket",
        )
    assert set(caught.value.message_dict) == {
        "class",
        "text",
        "reporter.name",
        "reporter.phone",
        "reporter.email",
        "ticket",
    }
    assert not Complaint.objects.exists()


def test_an_anonymous_complaint_keeps_no_identity(personas):
    item = services.submit_complaint(
        mpp=personas.mpp_x,
        kind="aspirasi",
        text="Mohon disediakan ruang laktasi di lantai dua gedung MPP.",
        reporter=services.Reporter(name="Budi", phone="081234567890"),
        anonymous=True,
        confidential=True,
    )
    assert (item.reporter_name, item.reporter_phone, item.reporter_email) == ("", "", "")
    assert not Message.objects.filter(reference=item.reference).exists()


def test_the_agency_cannot_take_the_desks_steps_and_others_do_not_see_it(personas):
    item = complaint(personas.mpp_x)
    with pytest.raises(Http404):  # not forwarded yet: the agency does not see it
        services.postpone_complaint(user=personas.officer_xa, complaint=item, question="Kapan?")
    item = forwarded(personas)
    with pytest.raises(PermissionDenied):
        services.close_complaint(user=personas.officer_xa, complaint=item)
    with pytest.raises(Http404):  # another agency's officer, another MPP's supervisor
        services.start_follow_up(user=personas.officer_xb, complaint=item)
    with pytest.raises(Http404):
        services.start_follow_up(user=personas.supervisor_y, complaint=item)


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_every_move_is_refused_from_a_state_it_does_not_start_from(personas, action):
    item = complaint(personas.mpp_x)
    item.status = next(s for s in Status.values if s not in TRANSITIONS[action].sources)
    Complaint.objects.filter(pk=item.pk).update(status=item.status)
    from satupintu.complaints.workflow import WORKFLOW

    with pytest.raises(IllegalTransition):
        WORKFLOW.target_status(action, item.status)


def test_postponed_asks_the_reporter_and_a_rejection_needs_a_reason(personas):
    item = complaint(personas.mpp_x)
    services.postpone_complaint(
        user=personas.supervisor_x, complaint=item, question="Di loket nomor berapa?"
    )
    assert public_history(item)[-1].note == "Di loket nomor berapa?"
    with pytest.raises(ValidationError):
        services.reject_complaint(user=personas.supervisor_x, complaint=item, reason=" ")
    services.reject_complaint(
        user=personas.supervisor_x, complaint=item, reason="Tidak ada keterangan lanjutan."
    )
    item.refresh_from_db()
    assert (item.status, item.reason) == (Status.REJECTED, "Tidak ada keterangan lanjutan.")


def test_merged_reporters_get_the_same_updates_afterwards(personas):
    main = complaint(personas.mpp_x)
    other = complaint(personas.mpp_x, name="Rudi", phone="081298765432", email="")
    services.merge_complaint(
        user=personas.supervisor_x, complaint=other, into_code=main.tracking_code
    )
    other.refresh_from_db()
    assert (other.status, other.merged_into_id) == (Status.MERGED, main.pk)
    services.verify_complaint(
        user=personas.supervisor_x, complaint=main, category="biaya",
        agency=personas.officer_xa.agency,
    )  # fmt: skip
    told = Message.objects.filter(reference=other.reference, recipient="+6281298765432")
    assert told.order_by("pk").last().subject.startswith("Laporan Anda sudah diperiksa")
    # Rudi's tracking page shows the main complaint's steps after the merge
    assert sentences(other)[-1] == "Laporan Anda sudah diperiksa petugas pengaduan MPP."
    with pytest.raises(ValidationError):  # not into itself
        services.merge_complaint(
            user=personas.supervisor_x, complaint=main, into_code=main.tracking_code
        )


def test_bukan_kewenangan_is_referred_to_lapor_with_what_it_would_send(personas):
    item = complaint(personas.mpp_x, confidential=True)
    services.refer_complaint(user=personas.supervisor_x, complaint=item, note="Urusan BPJS pusat.")
    referral = LaporReferral.objects.get(complaint=item)
    assert referral.provider == "local"
    assert referral.payload["text"] == item.text
    assert "reporter" not in referral.payload  # confidential: no identity leaves the MPP
    assert sentences(item)[-1].startswith("Laporan Anda bukan kewenangan")


def test_an_unhappy_reporter_asks_once_to_reopen_and_the_desk_decides(personas):
    item = forwarded(personas)
    with pytest.raises(DomainError):  # not answered yet
        services.request_reopen(code=item.tracking_code, reason="Belum ada jawaban")
    services.answer_complaint(user=personas.officer_xa, complaint=item, answer="Sudah ditegur.")
    services.request_reopen(code=item.tracking_code, reason="Petugas yang sama masih meminta uang.")
    with pytest.raises(DomainError):
        services.request_reopen(code=item.tracking_code, reason="Sekali lagi")
    with pytest.raises(Http404):  # the agency does not decide
        services.decide_reopen(user=personas.officer_xa, complaint=item, accept=True)
    services.decide_reopen(user=personas.supervisor_x, complaint=item, accept=True)
    item.refresh_from_db()
    assert (item.status, item.reopen) == (Status.FORWARDED, Reopen.ACCEPTED)
    assert sentences(item)[-2:] == [
        "Anda meminta laporan dibuka kembali.",
        "Permintaan Anda dikabulkan: laporan dibuka kembali.",
    ]
    services.answer_complaint(user=personas.officer_xa, complaint=item, answer="Dipindahtugaskan.")
    with pytest.raises(DomainError):  # once only, even after a granted reopen
        services.request_reopen(code=item.tracking_code, reason="Masih belum puas")


def test_a_refused_reopen_request_says_why(personas):
    item = forwarded(personas)
    services.answer_complaint(user=personas.officer_xa, complaint=item, answer="Sudah ditegur.")
    services.request_reopen(code=item.tracking_code, reason="Tidak puas")
    with pytest.raises(ValidationError):
        services.decide_reopen(user=personas.supervisor_x, complaint=item, accept=False)
    services.decide_reopen(
        user=personas.supervisor_x, complaint=item, accept=False, note="Jawaban sudah lengkap."
    )
    item.refresh_from_db()
    assert (item.status, item.reopen) == (Status.ANSWERED, Reopen.REFUSED)
    assert public_history(item)[-1].note == "Jawaban sudah lengkap."
