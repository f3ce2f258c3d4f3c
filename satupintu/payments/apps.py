from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "satupintu.payments"
    label = "payments"
    verbose_name = _("Pembayaran non-tunai")

    def ready(self) -> None:
        # Applications sits below payments in the import contract: it announces the fee
        # that is due and payments issues the bill (in the same transaction).
        from satupintu.applications.signals import payment_due
        from satupintu.payments.services import issue_bill_for_application

        payment_due.connect(issue_bill_for_application, dispatch_uid="payments.issue_bill")
