"""The application state machine: which action moves an application from which states to
which, and who may take it.

    draft → submitted → verifying → verified → processing → ready → completed
                                         ↘ awaiting_payment ↗ (a service with a fee: the
                                           bill's payment moves it on, payments/services.py)
                            ↕ needs_revision (the citizen replaces rejected files)
    submitted … processing, awaiting_payment → rejected (officer, with a reason)
    draft | submitted | needs_revision | awaiting_payment → withdrawn (the applicant)

Rejecting or withdrawing an application that awaits payment cancels its unpaid bill in the
same transaction (signals.application_closed; payments/apps.py); a payment that arrives
for the cancelled bill afterwards is recorded as late and refunded on the supervisor's
decision (payments/services.py).

`services.py` moves an application only through `WORKFLOW` (core/workflow.py), so every
refused move has one clear error and every accepted one writes a history row.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from satupintu.applications.models import ApplicationEvent, Status
from satupintu.core import workflow
from satupintu.core.workflow import Move

APPLICANT = "applicant"
OFFICER = "officer"
PAYMENT = "payment"  # the payment of the application's bill, reported by its provider
ROLES = (APPLICANT, OFFICER, PAYMENT)


TRANSITIONS: dict[str, Move] = {
    "submit": Move(frozenset({Status.DRAFT}), Status.SUBMITTED, APPLICANT),
    "start_verification": Move(frozenset({Status.SUBMITTED}), Status.VERIFYING, OFFICER),
    "request_revision": Move(frozenset({Status.VERIFYING}), Status.NEEDS_REVISION, OFFICER),
    "resubmit": Move(frozenset({Status.NEEDS_REVISION}), Status.VERIFYING, APPLICANT),
    "verify": Move(frozenset({Status.VERIFYING}), Status.VERIFIED, OFFICER),
    "process": Move(frozenset({Status.VERIFIED}), Status.PROCESSING, OFFICER),
    "request_payment": Move(frozenset({Status.VERIFIED}), Status.AWAITING_PAYMENT, OFFICER),
    "confirm_payment": Move(frozenset({Status.AWAITING_PAYMENT}), Status.PROCESSING, PAYMENT),
    "mark_ready": Move(frozenset({Status.PROCESSING}), Status.READY, OFFICER),
    "hand_over": Move(frozenset({Status.READY}), Status.COMPLETED, OFFICER),
    "reject": Move(
        frozenset(
            {
                Status.SUBMITTED,
                Status.VERIFYING,
                Status.NEEDS_REVISION,
                Status.VERIFIED,
                Status.AWAITING_PAYMENT,
                Status.PROCESSING,
            }
        ),
        Status.REJECTED,
        OFFICER,
    ),
    "withdraw": Move(
        frozenset({Status.DRAFT, Status.SUBMITTED, Status.NEEDS_REVISION, Status.AWAITING_PAYMENT}),
        Status.WITHDRAWN,
        APPLICANT,
    ),
}

# What each action reads like in the applicant's history (plain Indonesian).
ACTION_LABELS = {
    "create": gettext_lazy("Permohonan dibuat"),
    "submit": gettext_lazy("Permohonan diajukan"),
    "start_verification": gettext_lazy("Petugas mulai memeriksa berkas"),
    "request_revision": gettext_lazy("Petugas meminta perbaikan berkas"),
    "resubmit": gettext_lazy("Berkas perbaikan dikirim"),
    "verify": gettext_lazy("Berkas dinyatakan lengkap dan benar"),
    "process": gettext_lazy("Permohonan sedang diproses"),
    "request_payment": gettext_lazy("Tagihan retribusi diterbitkan, menunggu pembayaran"),
    "confirm_payment": gettext_lazy("Pembayaran diterima (lunas), permohonan diproses"),
    "mark_ready": gettext_lazy("Dokumen sudah jadi"),
    "hand_over": gettext_lazy("Dokumen sudah diserahkan"),
    "reject": gettext_lazy("Permohonan ditolak"),
    "withdraw": gettext_lazy("Permohonan dibatalkan pemohon"),
    "escalate": gettext_lazy("Melewati batas waktu, diteruskan ke pengelola"),
    # not a move: logged by services.nik.reveal_nik, the status stays
    "nik_revealed": gettext_lazy("Petugas instansi membuka NIK lengkap untuk verifikasi"),
}


class IllegalTransition(workflow.IllegalTransition):
    default_message = gettext_lazy(
        "Tindakan ini tidak dapat dilakukan pada status permohonan sekarang."
    )


# An application's moves are told to the applicant by `services.common.tell` (through
# notifications, which deliver after commit), not on the event bus.
WORKFLOW = workflow.Workflow(
    moves=TRANSITIONS,
    error=IllegalTransition,
    refusal=gettext_lazy(
        "Permohonan berstatus “%(status)s” tidak dapat diproses dengan tindakan ini."
    ),
    status_labels=dict(Status.choices),
    role_refusals={
        APPLICANT: gettext_lazy("Tindakan ini hanya dapat dilakukan oleh pemohon."),
        OFFICER: gettext_lazy("Tindakan ini hanya dapat dilakukan oleh petugas instansi."),
    },
    history=ApplicationEvent,
    subject="application",
)


def target_status(action: str, current: str, role: str) -> str:
    """The status `action` leads to from `current` when taken by `role`; otherwise
    PermissionDenied (wrong role) or IllegalTransition (wrong state)."""
    return WORKFLOW.target_status(action, current, role)


def actions_from(current: str, role: str) -> list[str]:
    """Actions `role` may take on an application in `current` (buttons to show)."""
    return WORKFLOW.actions_from(current, role)
