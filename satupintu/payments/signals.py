"""What apps above payments may hook onto without payments importing them.

`bill_paid` is sent inside the transaction that accepts a bill's payment, with the locked
bill: delivery/apps.py connects the postage bill's payment there (the parcel may go).
"""

from __future__ import annotations

from django.dispatch import Signal

bill_paid = Signal()  # kwargs: bill
