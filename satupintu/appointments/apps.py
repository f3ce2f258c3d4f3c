from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "satupintu.appointments"
    label = "appointments"
    verbose_name = _("Janji temu")
