from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "satupintu.delivery"
    label = "delivery"
    verbose_name = _("Pengiriman dokumen")

    def ready(self) -> None:
        # Payments sits below delivery in the import contract: it announces a paid bill and
        # delivery marks the postage paid (in the same transaction).
        from satupintu.delivery.services import postage_paid
        from satupintu.payments.signals import bill_paid

        bill_paid.connect(postage_paid, dispatch_uid="delivery.postage_paid")
