from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Operations and coordination (issue 22): the measures every page, report and API
    shares, and staffing advice; it reads the domain apps and writes none of them."""

    name = "satupintu.operations"
    label = "operations"
    verbose_name = _("Operasional")
