from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadingConfig(AppConfig):
    name = "satupintu.reading"
    label = "reading"
    verbose_name = _("Pembacaan berkas")

    def ready(self) -> None:
        # Applications sits below reading in the import contract: it announces each stored
        # file after commit, and reading queues the file for the task worker.
        from satupintu.applications.signals import file_held, file_stored
        from satupintu.reading.services import queue_held_reading, queue_reading

        file_stored.connect(queue_reading, dispatch_uid="reading.queue")
        file_held.connect(queue_held_reading, dispatch_uid="reading.queue_held")
