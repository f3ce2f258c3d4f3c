from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "satupintu.payments"
    label = "payments"
    verbose_name = _("Pembayaran non-tunai")

    def ready(self) -> None:
        # Applications sits below payments in the import contract: it announces the fee
        # that is due and payments issues the bill (in the same transaction).
        from satupintu.applications.signals import application_closed, payment_due
        from satupintu.payments.services import (
            cancel_bills_of_application,
            issue_bill_for_application,
        )

        payment_due.connect(issue_bill_for_application, dispatch_uid="payments.issue_bill")
        # A rejected or withdrawn application's unpaid bill is cancelled (same transaction).
        application_closed.connect(
            cancel_bills_of_application, dispatch_uid="payments.cancel_bills"
        )
