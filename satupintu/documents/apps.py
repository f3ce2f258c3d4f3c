from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "satupintu.documents"
    label = "documents"
    verbose_name = _("Dokumen elektronik")

    def ready(self) -> None:
        # Applications sits below documents in the import contract, so it announces the
        # finished product and documents issues it (in the same transaction).
        from satupintu.applications.signals import application_ready
        from satupintu.documents.services import issue_for_ready_application

        application_ready.connect(issue_for_ready_application, dispatch_uid="documents.issue")
