"""Writes of the TV board: the running text. The queue's other writes are in
tickets/services.py and counters/services.py.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.core.errors import DomainError
from satupintu.core.events import publish
from satupintu.queueing.models import QueuePolicy
from satupintu.queueing.tickets.services import policy_for
from satupintu.tenancy.models import Mpp

RUNNING_TEXT_MAX = 300


@transaction.atomic
def set_running_text(*, mpp: Mpp, text: str, actor: User | None) -> QueuePolicy:
    """Set the text that runs along the bottom of the MPP's display boards; open boards
    show it at once (a `notice` event). One line: runs of white space become one space."""
    text = " ".join(text.split())
    if len(text) > RUNNING_TEXT_MAX:
        raise DomainError(
            _("Teks berjalan paling panjang %(max)s karakter.") % {"max": RUNNING_TEXT_MAX},
            code="running_text_too_long",
            status=422,
        )
    policy = policy_for(mpp)
    policy.running_text = text
    policy.save(update_fields=["running_text"])
    publish(f"mpp:{mpp.pk}", "notice", {"running_text": text})
    return policy
