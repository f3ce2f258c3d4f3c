from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueingConfig(AppConfig):
    name = "satupintu.queueing"
    label = "queueing"
    verbose_name = _("Antrian")

    def ready(self) -> None:
        from satupintu.queueing.cache import watch_changes

        watch_changes()
