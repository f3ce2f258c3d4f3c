from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "satupintu.complaints"
    label = "complaints"
    verbose_name = _("Pengaduan")

    def ready(self) -> None:
        from satupintu.complaints.services.messages import complaint_from_message
        from satupintu.notifications.inbound import on_message

        on_message(complaint_from_message)
