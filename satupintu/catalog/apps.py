from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "satupintu.catalog"
    label = "catalog"
    verbose_name = _("Katalog layanan")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from satupintu.catalog.search.index import vacuum_index

        post_migrate.connect(vacuum_index, sender=self, dispatch_uid="catalog-search-vacuum")
