from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """When a periodic job last started: the claim that keeps two processes from both running it."""

    name = models.CharField(_("nama tugas"), max_length=80, unique=True)
    last_started_at = models.DateTimeField(_("terakhir dimulai"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("terakhir selesai"), null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)

    class Meta:
        verbose_name = _("tugas berkala")
        verbose_name_plural = _("tugas berkala")

    def __str__(self) -> str:
        return self.name
