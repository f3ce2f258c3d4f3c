"""The complaint's state machine: which action moves a complaint from which states to
which, and who takes it.

    received → verified → forwarded (to the agency) → follow_up → answered → closed
    received | verified ⇄ postponed (the desk asks the reporter for more)
    received | postponed | verified → rejected (with a reason) | merged (into another)
                                     | referred ("bukan kewenangan": to SP4N-LAPOR!)
    answered | closed → forwarded again when the desk grants a reopen request

`DESK` is the MPP's complaint officer (access.py says who), `AGENCY` an officer of the
complaint's agency, `SYSTEM` the deadline job (closing what nobody objected to). Every move
writes a history row whose wording (ACTION_LABELS) and note the reporter reads.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from satupintu.complaints.models import ComplaintEvent, Status
from satupintu.core import workflow
from satupintu.core.workflow import Move

DESK = "desk"
AGENCY = "agency"
SYSTEM = "system"  # the deadline job

_TRIAGE = frozenset({Status.RECEIVED, Status.POSTPONED, Status.VERIFIED})

TRANSITIONS: dict[str, Move] = {
    "verify": Move(frozenset({Status.RECEIVED, Status.POSTPONED}), Status.VERIFIED, DESK),
    "postpone": Move(frozenset({Status.RECEIVED, Status.VERIFIED}), Status.POSTPONED, DESK),
    "forward": Move(frozenset({Status.VERIFIED}), Status.FORWARDED, DESK),
    "follow_up": Move(frozenset({Status.FORWARDED}), Status.FOLLOW_UP, AGENCY),
    "answer": Move(frozenset({Status.FORWARDED, Status.FOLLOW_UP}), Status.ANSWERED, AGENCY),
    "close": Move(frozenset({Status.ANSWERED}), Status.CLOSED, DESK),
    "auto_close": Move(frozenset({Status.ANSWERED}), Status.CLOSED, SYSTEM),
    "reject": Move(_TRIAGE, Status.REJECTED, DESK),
    "merge": Move(_TRIAGE, Status.MERGED, DESK),
    "refer": Move(_TRIAGE, Status.REFERRED, DESK),
    "reopen": Move(frozenset({Status.ANSWERED, Status.CLOSED}), Status.FORWARDED, DESK),
}

# What each step reads like on the tracking page (plain Indonesian, to the reporter).
ACTION_LABELS = {
    "submit": gettext_lazy("Laporan Anda kami terima."),
    "verify": gettext_lazy("Laporan Anda sudah diperiksa petugas pengaduan MPP."),
    "postpone": gettext_lazy("Petugas pengaduan membutuhkan keterangan tambahan dari Anda."),
    "forward": gettext_lazy("Laporan Anda diteruskan ke instansi yang berwenang."),
    "follow_up": gettext_lazy("Instansi sedang menindaklanjuti laporan Anda."),
    "answer": gettext_lazy("Instansi sudah menjawab laporan Anda."),
    "close": gettext_lazy("Laporan Anda dinyatakan selesai."),
    "auto_close": gettext_lazy(
        "Laporan Anda dinyatakan selesai karena tidak ada keberatan dalam 10 hari kerja."
    ),
    "reject": gettext_lazy("Laporan Anda tidak dapat diproses."),
    "merge": gettext_lazy(
        "Laporan Anda digabung dengan laporan lain tentang hal yang sama; "
        "kabar selanjutnya sama untuk semua pelapor."
    ),
    "refer": gettext_lazy(
        "Laporan Anda bukan kewenangan instansi di MPP ini dan kami teruskan ke SP4N-LAPOR!."
    ),
    "reopen_asked": gettext_lazy("Anda meminta laporan dibuka kembali."),
    "reopen": gettext_lazy("Permintaan Anda dikabulkan: laporan dibuka kembali."),
    "reopen_refused": gettext_lazy("Permintaan membuka kembali laporan tidak dikabulkan."),
    "escalate": gettext_lazy("Batas waktu terlewati; laporan diteruskan ke pengelola MPP."),
}


class IllegalTransition(workflow.IllegalTransition):
    default_message = gettext_lazy(
        "Tindakan ini tidak dapat dilakukan pada status laporan sekarang."
    )


WORKFLOW = workflow.Workflow(
    moves=TRANSITIONS,
    error=IllegalTransition,
    refusal=gettext_lazy(
        "Laporan berstatus “%(status)s” tidak dapat diproses dengan tindakan ini."
    ),
    status_labels=dict(Status.choices),
    action_labels=ACTION_LABELS,
    role_refusals={
        DESK: gettext_lazy("Tindakan ini hanya dapat dilakukan oleh petugas pengaduan MPP."),
        AGENCY: gettext_lazy("Tindakan ini hanya dapat dilakukan oleh petugas instansi."),
    },
    history=ComplaintEvent,
    subject="complaint",
)
