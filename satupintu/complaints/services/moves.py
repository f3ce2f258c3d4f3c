"""The officers' moves on a complaint (verify, postpone, forward, follow up, answer, close,
reject, merge, refer outside) and the reopen request with its decision."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.complaints import deadlines, lapor
from satupintu.complaints.access import role_on
from satupintu.complaints.models import (
    Category,
    Complaint,
    Pace,
    Reopen,
    Status,
)
from satupintu.complaints.services.common import tell
from satupintu.complaints.workflow import ACTION_LABELS, DESK, WORKFLOW
from satupintu.core.errors import DomainError
from satupintu.notifications.services import notify
from satupintu.tenancy.models import Agency


def _locked(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("mpp", "agency", "service")
        .get(pk=complaint.pk)
    )


def _move(
    complaint: Complaint,
    *,
    user: User | None,
    action: str,
    note: str = "",
    now: dt.datetime,
    fields: dict | None = None,
) -> Complaint:
    """Take `action` as `user` (their role decides what they may do; None = the jobs),
    record it and tell the reporters."""
    role = None
    if user is not None:
        role = role_on(user, complaint)
        if role is None:
            raise Http404(_("Laporan tidak ditemukan."))
    WORKFLOW.apply(complaint, action, role=role, actor=user, note=note, now=now, fields=fields)
    sentence = str(ACTION_LABELS[action])
    tell(complaint, sentence, f"{sentence}\n\n{note}".strip())
    return complaint


def _required(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: [message]})
    return text[:4000]


@transaction.atomic
def verify_complaint(
    *,
    user: User,
    complaint: Complaint,
    category: str,
    agency: Agency | None,
    pace: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    """The desk confirms (or changes) the suggested category and agency, and the deadline
    class (the category's unless `pace` names another)."""
    errors = {}
    if category not in Category.values:
        errors["category"] = [_("Pilih kategori laporan.")]
    if pace and pace not in Pace.values:
        errors["pace"] = [_("Kelas batas waktu tidak dikenal.")]
    if agency is None:
        errors["agency"] = [_("Pilih instansi yang berwenang.")]
    if errors:
        raise ValidationError(errors)
    locked = _locked(complaint)
    return _move(
        locked,
        user=user,
        action="verify",
        note=note,
        now=now or timezone.now(),
        fields={
            "category": category,
            "agency": agency,
            "pace": pace or (deadlines.pace_of(category) if category in Category.values else ""),
        },
    )


@transaction.atomic
def postpone_complaint(
    *, user: User, complaint: Complaint, question: str, now: dt.datetime | None = None
) -> Complaint:
    """Ask the reporter for more (the question is what they read)."""
    question = _required(question, "note", _("Tulis keterangan apa yang dibutuhkan dari pelapor."))
    return _move(
        _locked(complaint), user=user, action="postpone", note=question, now=now or timezone.now()
    )


@transaction.atomic
def forward_complaint(
    *, user: User, complaint: Complaint, note: str = "", now: dt.datetime | None = None
) -> Complaint:
    """Send the verified complaint to its agency; the agency's deadline starts."""
    now = now or timezone.now()
    locked = _locked(complaint)
    due = deadlines.follow_up_due(locked.mpp, now, locked.pace, locked.ceiling_due)
    _move(
        locked,
        user=user,
        action="forward",
        note=note,
        now=now,
        fields={"forwarded_at": now, "follow_up_due": due, "reopen": locked.reopen},
    )
    for officer in User.objects.filter(
        role=Role.OFFICER, mpp=locked.mpp, agency=locked.agency, is_active=True
    ).exclude(email=None):
        notify(
            mpp=locked.mpp,
            kind="complaint.forwarded",
            subject=_("Laporan %(code)s diteruskan ke instansi Anda")
            % {"code": locked.tracking_code},
            body=_("Tindak lanjuti paling lambat %(due)s.") % {"due": due.strftime("%d-%m-%Y")},
            email=officer.email or "",
            reference=locked.reference,
        )
    return locked


@transaction.atomic
def start_follow_up(
    *, user: User, complaint: Complaint, note: str = "", now: dt.datetime | None = None
) -> Complaint:
    return _move(
        _locked(complaint), user=user, action="follow_up", note=note, now=now or timezone.now()
    )


@transaction.atomic
def answer_complaint(
    *, user: User, complaint: Complaint, answer: str, now: dt.datetime | None = None
) -> Complaint:
    """The agency's answer, which the reporter reads; closing is due 10 working days on."""
    answer = _required(answer, "answer", _("Tulis jawaban untuk pelapor."))
    now = now or timezone.now()
    locked = _locked(complaint)
    return _move(
        locked,
        user=user,
        action="answer",
        note=answer,
        now=now,
        fields={
            "answer": answer,
            "answered_at": now,
            "close_due": deadlines.close_due(locked.mpp, now),
        },
    )


@transaction.atomic
def close_complaint(
    *, user: User | None, complaint: Complaint, note: str = "", now: dt.datetime | None = None
) -> Complaint:
    """Close an answered complaint: the desk, or the job when the reporter did not object."""
    now = now or timezone.now()
    return _move(
        _locked(complaint),
        user=user,
        action="close",
        note=note,
        now=now,
        fields={"closed_at": now},
    )


@transaction.atomic
def reject_complaint(
    *, user: User, complaint: Complaint, reason: str, now: dt.datetime | None = None
) -> Complaint:
    reason = _required(reason, "reason", _("Tulis alasan laporan tidak dapat diproses."))
    now = now or timezone.now()
    return _move(
        _locked(complaint),
        user=user,
        action="reject",
        note=reason,
        now=now,
        fields={"reason": reason[:500], "closed_at": now},
    )


@transaction.atomic
def merge_complaint(
    *, user: User, complaint: Complaint, into_code: str, now: dt.datetime | None = None
) -> Complaint:
    """Merge `complaint` into another of the same MPP: its reporter gets the other's
    updates from now on."""
    now = now or timezone.now()
    target = (
        Complaint.objects.select_for_update(of=("self",))
        .filter(tracking_code=(into_code or "").strip().upper(), mpp_id=complaint.mpp_id)
        .first()
    )
    if target is None or target.pk == complaint.pk:
        raise ValidationError({"into": [_("Kode laporan tujuan tidak ditemukan di MPP ini.")]})
    if target.status in {Status.MERGED, Status.REJECTED, Status.REFERRED}:
        raise DomainError(_("Laporan tujuan sudah ditutup atau digabung; pilih laporan lain."))
    locked = _locked(complaint)
    return _move(
        locked,
        user=user,
        action="merge",
        note=_("Digabung dengan laporan %(code)s.") % {"code": target.tracking_code},
        now=now,
        fields={"merged_into": target, "closed_at": now},
    )


@transaction.atomic
def refer_complaint(
    *, user: User, complaint: Complaint, note: str = "", now: dt.datetime | None = None
) -> Complaint:
    """ "Bukan kewenangan": refer the complaint to SP4N-LAPOR! through the adapter."""
    now = now or timezone.now()
    locked = _locked(complaint)
    _move(locked, user=user, action="refer", note=note, now=now, fields={"closed_at": now})
    lapor.refer(locked, now=now)
    return locked


# --- reopening ----------------------------------------------------------------------------


@transaction.atomic
def request_reopen(*, code: str, reason: str, now: dt.datetime | None = None) -> Complaint:
    """The reporter (holding the tracking code) asks once, with a reason, to reopen an
    answered or closed complaint; the complaint officer decides."""
    now = now or timezone.now()
    reason = _required(reason, "reason", _("Tulis alasan Anda belum puas dengan jawabannya."))
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("mpp")
        .filter(tracking_code=code)
        .first()
    )
    if locked is None:
        raise Http404(_("Laporan tidak ditemukan."))
    if locked.status not in {Status.ANSWERED, Status.CLOSED}:
        raise DomainError(_("Laporan hanya dapat dibuka kembali setelah dijawab."))
    if locked.reopen != Reopen.NONE:
        raise DomainError(_("Permintaan membuka kembali hanya dapat diajukan satu kali."))
    locked.reopen = Reopen.ASKED
    locked.reopen_reason = reason[:500]
    WORKFLOW.record(
        locked,
        "reopen_asked",
        locked.status,
        note=reason,
        now=now,
        updates=[(locked, ["reopen", "reopen_reason"])],
    )
    return locked


@transaction.atomic
def decide_reopen(
    *,
    user: User,
    complaint: Complaint,
    accept: bool,
    note: str = "",
    now: dt.datetime | None = None,
) -> Complaint:
    """The complaint officer grants (back to the agency, with a new deadline) or refuses
    the reporter's reopen request."""
    now = now or timezone.now()
    locked = _locked(complaint)
    if role_on(user, locked) != DESK:
        raise Http404(_("Laporan tidak ditemukan."))
    if locked.reopen != Reopen.ASKED:
        raise DomainError(_("Tidak ada permintaan membuka kembali yang menunggu keputusan."))
    if accept:
        due = deadlines.follow_up_due(locked.mpp, now, locked.pace, locked.ceiling_due)
        return _move(
            locked,
            user=user,
            action="reopen",
            note=note,
            now=now,
            fields={
                "reopen": Reopen.ACCEPTED,
                "forwarded_at": now,
                "follow_up_due": due,
                "close_due": None,
                "closed_at": None,
            },
        )
    note = _required(note, "note", _("Tulis alasan permintaan tidak dikabulkan."))
    locked.reopen = Reopen.REFUSED
    WORKFLOW.record(
        locked,
        "reopen_refused",
        locked.status,
        actor=user,
        note=note,
        now=now,
        updates=[(locked, ["reopen"])],
    )
    sentence = str(ACTION_LABELS["reopen_refused"])
    tell(locked, sentence, f"{sentence}\n\n{note}")
    return locked
