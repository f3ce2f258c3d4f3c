from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "satupintu.knowledge"
    label = "knowledge"
    verbose_name = _("Basis pengetahuan")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate, post_save

        from satupintu.catalog.models import ServiceVersion
        from satupintu.knowledge.index import ensure_index
        from satupintu.knowledge.notices import on_version_saved

        post_save.connect(on_version_saved, sender=ServiceVersion, dispatch_uid="kms-standard")
        post_migrate.connect(ensure_index, sender=self, dispatch_uid="kms-search-index")
