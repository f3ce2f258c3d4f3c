"""The application state machine: which action moves an application from which states to
which, and who may take it.

    draft → submitted → verifying → verified → processing → ready → completed
                            ↕ needs_revision (the citizen replaces rejected files)
    submitted … processing → rejected (officer, with a reason)
    draft | submitted | needs_revision → withdrawn (the applicant)

`services.py` moves an application only through `target_status`, so every refused move has
one clear error and every accepted one writes a history row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.applications.models import Status
from satupintu.core.errors import DomainError

APPLICANT = "applicant"
OFFICER = "officer"
ROLES = (APPLICANT, OFFICER)


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    role: str


TRANSITIONS: dict[str, Move] = {
    "submit": Move(frozenset({Status.DRAFT}), Status.SUBMITTED, APPLICANT),
    "start_verification": Move(frozenset({Status.SUBMITTED}), Status.VERIFYING, OFFICER),
    "request_revision": Move(frozenset({Status.VERIFYING}), Status.NEEDS_REVISION, OFFICER),
    "resubmit": Move(frozenset({Status.NEEDS_REVISION}), Status.VERIFYING, APPLICANT),
    "verify": Move(frozenset({Status.VERIFYING}), Status.VERIFIED, OFFICER),
    "process": Move(frozenset({Status.VERIFIED}), Status.PROCESSING, OFFICER),
    "mark_ready": Move(frozenset({Status.PROCESSING}), Status.READY, OFFICER),
    "hand_over": Move(frozenset({Status.READY}), Status.COMPLETED, OFFICER),
    "reject": Move(
        frozenset(
            {
                Status.SUBMITTED,
                Status.VERIFYING,
                Status.NEEDS_REVISION,
                Status.VERIFIED,
                Status.PROCESSING,
            }
        ),
        Status.REJECTED,
        OFFICER,
    ),
    "withdraw": Move(
        frozenset({Status.DRAFT, Status.SUBMITTED, Status.NEEDS_REVISION}),
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
    "mark_ready": gettext_lazy("Dokumen sudah jadi"),
    "hand_over": gettext_lazy("Dokumen sudah diserahkan"),
    "reject": gettext_lazy("Permohonan ditolak"),
    "withdraw": gettext_lazy("Permohonan dibatalkan pemohon"),
    "escalate": gettext_lazy("Melewati batas waktu, diteruskan ke pengelola"),
}


class IllegalTransition(DomainError):
    status = 409
    code = "illegal_transition"
    default_message = gettext_lazy(
        "Tindakan ini tidak dapat dilakukan pada status permohonan sekarang."
    )


def target_status(action: str, current: str, role: str) -> str:
    """The status `action` leads to from `current` when taken by `role`; otherwise
    PermissionDenied (wrong role) or IllegalTransition (wrong state)."""
    move = TRANSITIONS[action]
    if role != move.role:
        raise PermissionDenied(
            _("Tindakan ini hanya dapat dilakukan oleh pemohon.")
            if move.role == APPLICANT
            else _("Tindakan ini hanya dapat dilakukan oleh petugas instansi.")
        )
    if current not in move.sources:
        raise IllegalTransition(
            _("Permohonan berstatus “%(status)s” tidak dapat diproses dengan tindakan ini.")
            % {"status": Status(current).label}
        )
    return move.target


def actions_from(current: str, role: str) -> list[str]:
    """Actions `role` may take on an application in `current` (buttons to show)."""
    return [a for a, m in TRANSITIONS.items() if m.role == role and current in m.sources]
