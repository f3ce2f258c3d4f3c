"""The bill's state machine:

    unpaid → paid       a payment of exactly the bill's amount (the provider's or the bank
                        counter's)
    unpaid → held       a payment of another amount: held for the supervisor, never paid
    held   → unpaid     the supervisor refunded the wrong payment; the bill can be paid again
    unpaid → expired    past its expiry (`expire_bills`)
    unpaid → cancelled  the application was withdrawn or rejected, or an officer cancelled it

A payment that arrives for an expired or cancelled bill changes nothing here: it is
recorded as "late" and refunded on the supervisor's decision (services.decide_payment).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from satupintu.core import workflow
from satupintu.core.workflow import Move
from satupintu.payments.models import BillEvent, BillStatus

TRANSITIONS: dict[str, Move] = {
    "pay": Move(frozenset({BillStatus.UNPAID}), BillStatus.PAID),
    "hold": Move(frozenset({BillStatus.UNPAID}), BillStatus.HELD),
    "release": Move(frozenset({BillStatus.HELD}), BillStatus.UNPAID),
    "expire": Move(frozenset({BillStatus.UNPAID}), BillStatus.EXPIRED),
    "cancel": Move(frozenset({BillStatus.UNPAID, BillStatus.HELD}), BillStatus.CANCELLED),
}

ACTION_LABELS = {
    "issue": gettext_lazy("Tagihan diterbitkan"),
    "pay": gettext_lazy("Pembayaran diterima, lunas"),
    "hold": gettext_lazy("Jumlah pembayaran tidak sesuai, ditahan untuk diperiksa"),
    "release": gettext_lazy("Pembayaran yang salah dikembalikan, tagihan dapat dibayar lagi"),
    "expire": gettext_lazy("Tagihan kedaluwarsa"),
    "cancel": gettext_lazy("Tagihan dibatalkan"),
}


class IllegalTransition(workflow.IllegalTransition):
    default_message = gettext_lazy(
        "Tindakan ini tidak dapat dilakukan pada status tagihan sekarang."
    )


def _events(bill, row):
    return [(f"bill:{bill.pk}", {"status": bill.status})]


WORKFLOW = workflow.Workflow(
    moves=TRANSITIONS,
    error=IllegalTransition,
    refusal=gettext_lazy(
        "Tagihan berstatus “%(status)s” tidak dapat diproses dengan tindakan ini."
    ),
    status_labels=dict(BillStatus.choices),
    action_labels=ACTION_LABELS,
    history=BillEvent,
    subject="bill",
    events=_events,
)
