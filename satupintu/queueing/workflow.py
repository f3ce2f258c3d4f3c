"""The ticket state machine: which action moves a ticket from which states to which.

    waiting → called → serving → done
                 ↘ no_show (after the recalls) → waiting (restored within the window)
    waiting | called → cancelled;  called | serving → transferred (+ a continuation)

Every write of tickets/services.py and counters/services.py goes through `transition`, so
a refused move has one clear error and every accepted one writes a history row.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from satupintu.core.errors import DomainError
from satupintu.queueing.models import Status

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "call": (frozenset({Status.WAITING}), Status.CALLED),
    "recall": (frozenset({Status.CALLED}), Status.CALLED),
    "start": (frozenset({Status.CALLED}), Status.SERVING),
    "finish": (frozenset({Status.SERVING}), Status.DONE),
    "no_show": (frozenset({Status.CALLED}), Status.NO_SHOW),
    "restore": (frozenset({Status.NO_SHOW}), Status.WAITING),
    "cancel": (frozenset({Status.WAITING, Status.CALLED}), Status.CANCELLED),
    "transfer": (frozenset({Status.CALLED, Status.SERVING}), Status.TRANSFERRED),
}


class IllegalTransition(DomainError):
    status = 409
    code = "illegal_transition"
    default_message = _("Tindakan ini tidak dapat dilakukan pada status nomor antrian sekarang.")


def target_status(action: str, current: str) -> str:
    """The status `action` leads to from `current`, or IllegalTransition."""
    allowed_from, target = TRANSITIONS[action]
    if current not in allowed_from:
        raise IllegalTransition(
            _("Nomor antrian berstatus “%(status)s” tidak dapat %(action)s.")
            % {"status": Status(current).label, "action": ACTION_LABELS[action]}
        )
    return target


ACTION_LABELS = {
    "call": _("dipanggil"),
    "recall": _("dipanggil ulang"),
    "start": _("mulai dilayani"),
    "finish": _("diselesaikan"),
    "no_show": _("dinyatakan tidak hadir"),
    "restore": _("dipulihkan"),
    "cancel": _("dibatalkan"),
    "transfer": _("dipindahkan"),
}
