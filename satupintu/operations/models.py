"""Operations' own data: the follow-up actions the agencies agree at the monthly
coordination meeting (rapat koordinasi), tracked until done (issue 22, item 3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUpAction(models.Model):
    """One action agreed at the meeting about `meeting_month`'s pack: what, who, by when,
    and how it stands. Shown in the next month's pack ("Tindak lanjut rapat sebelumnya")."""

    class Status(models.TextChoices):
        OPEN = "open", _("belum dikerjakan")
        IN_PROGRESS = "in_progress", _("sedang dikerjakan")
        DONE = "done", _("selesai")
        DROPPED = "dropped", _("dibatalkan")

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    meeting_month = models.DateField(
        _("bulan rapat"), help_text=_("Hari pertama bulan yang dibahas rapat.")
    )
    agency = models.ForeignKey(
        "tenancy.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instansi"),
    )
    what = models.CharField(_("tindak lanjut"), max_length=300)
    responsible = models.CharField(_("penanggung jawab"), max_length=150)
    due_on = models.DateField(_("batas waktu"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN)
    status_note = models.CharField(_("keterangan status"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("tindak lanjut rapat koordinasi")
        verbose_name_plural = _("tindak lanjut rapat koordinasi")
        ordering = ["meeting_month", "due_on", "pk"]
        indexes = [models.Index(fields=["mpp", "meeting_month"], name="followup_mpp_month_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting_month__day=1), name="followup_month_first_day"
            ),
        ]

    def __str__(self) -> str:
        return self.what


class MonthSummary(models.Model):
    """A complete month's trend figures (arrivals, waiting and service time as the measures
    give them), kept once computed: the pack's trend reads the months before its own from
    here instead of reading their tickets again (operations/pack/selectors.py)."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("bulan"))
    arrivals = models.PositiveIntegerField(_("kedatangan"))
    waiting = models.JSONField(_("waktu tunggu"))
    service = models.JSONField(_("waktu layanan"))
    computed_at = models.DateTimeField(_("dihitung"), auto_now=True)

    class Meta:
        verbose_name = _("ringkasan bulanan")
        verbose_name_plural = _("ringkasan bulanan")
        constraints = [
            models.UniqueConstraint(fields=["mpp", "month"], name="month_summary_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.mpp_id} {self.month:%Y-%m}"
