"""Counter ratings, SKM questionnaires (PermenPANRB 14/2017) and published follow-ups.

Two different things, kept apart on purpose:
- a `Rating` is the one-tap face at the counter right after service: it names the
  counter and the officer, for coaching; one per ticket;
- a `SurveyResponse` is the official SKM questionnaire: 9 unsur, 1–4 each; it is
  anonymous to the officer (no officer or counter is stored), one per ticket or per
  application, and the IKM is computed from these alone (satisfaction/ikm.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from satupintu.satisfaction import ikm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Weight(models.TextChoices):
    EXACT = ikm.WEIGHT_EXACT, _("1/9 (tepat, sesuai rumus PermenPANRB 14/2017)")
    ROUNDED = ikm.WEIGHT_ROUNDED, _("0,111 (dibulatkan)")


class SurveySettings(models.Model):
    """An MPP's choices for the SKM and the coaching view."""

    mpp = models.OneToOneField(
        "tenancy.Mpp", on_delete=models.CASCADE, related_name="survey_settings"
    )
    weight = models.CharField(
        _("bobot per unsur"), max_length=8, choices=Weight, default=Weight.EXACT
    )
    coaching_threshold = models.DecimalField(
        _("batas nilai pembinaan"), max_digits=3, decimal_places=2, default=3
    )
    coaching_weeks = models.PositiveSmallIntegerField(_("berturut-turut (minggu)"), default=2)

    class Meta:
        verbose_name = _("pengaturan survei")
        verbose_name_plural = _("pengaturan survei")

    def __str__(self) -> str:
        return str(self.mpp)


class RatingSource(models.TextChoices):
    TABLET = "tablet", _("tablet loket")
    TICKET = "ticket", _("halaman nomor antrian")


class Rating(models.Model):
    """The citizen's face rating of one service at one counter."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    ticket = models.OneToOneField(
        "queueing.Ticket", on_delete=models.CASCADE, related_name="rating"
    )
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="+")
    counter = models.ForeignKey(
        "tenancy.Counter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("nilai"))
    reasons = models.JSONField(_("alasan"), default=list, blank=True)
    source = models.CharField(_("sumber"), max_length=8, choices=RatingSource)
    created_at = models.DateTimeField(_("waktu"))

    class Meta:
        verbose_name = _("penilaian loket")
        verbose_name_plural = _("penilaian loket")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=4), name="rating_score_1_4"
            ),
        ]
        indexes = [
            models.Index(fields=["mpp", "created_at"], name="rating_mpp_time_idx"),
            models.Index(fields=["officer", "created_at"], name="rating_officer_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.score}"


class Source(models.TextChoices):
    TABLET = "tablet", _("tablet loket")
    QR = "qr", _("kode QR")
    LINK = "link", _("tautan")
    PAPER = "paper", _("kuesioner kertas")


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class AgeGroup(models.TextChoices):
    UNDER_26 = "le25", _("25 tahun atau kurang")
    AGE_26_35 = "26-35", _("26–35 tahun")
    AGE_36_45 = "36-45", _("36–45 tahun")
    AGE_46_55 = "46-55", _("46–55 tahun")
    OVER_55 = "ge56", _("56 tahun atau lebih")


class Education(models.TextChoices):
    """The education rows of the Lampiran's sample questionnaire."""

    SD = "sd", _("SD ke bawah")
    SMP = "smp", _("SMP")
    SMA = "sma", _("SMA")
    DIPLOMA = "d1-d3", _("D1/D2/D3")
    S1 = "d4-s1", _("D4/S1")
    S2 = "s2", _("S2 ke atas")


class Occupation(models.TextChoices):
    """The occupation rows of the Lampiran's sample questionnaire."""

    PNS = "pns", _("PNS")
    TNI = "tni", _("TNI")
    POLRI = "polri", _("POLRI")
    SWASTA = "swasta", _("Pegawai swasta")
    WIRAUSAHA = "wirausaha", _("Wirausaha")
    PELAJAR = "pelajar", _("Pelajar/Mahasiswa")
    LAINNYA = "lainnya", _("Lainnya")


def _answer(label: StrOrPromise) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label)


class SurveyResponse(models.Model):
    """One SKM questionnaire: 9 unsur answered 1–4, the respondent's profile, a suggestion."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("sumber"), max_length=8, choices=Source)
    ticket = models.OneToOneField(
        "queueing.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey",
    )
    # null, not "": the partial unique index counts only questionnaires of an application
    application_ref = models.CharField(  # noqa: DJ001
        _("permohonan"), max_length=64, null=True, blank=True, default=None
    )
    persyaratan = _answer(_("persyaratan"))
    prosedur = _answer(_("sistem, mekanisme, dan prosedur"))
    waktu = _answer(_("waktu penyelesaian"))
    biaya = _answer(_("biaya/tarif"))
    produk = _answer(_("produk spesifikasi jenis pelayanan"))
    kompetensi = _answer(_("kompetensi pelaksana"))
    perilaku = _answer(_("perilaku pelaksana"))
    pengaduan = _answer(_("penanganan pengaduan, saran dan masukan"))
    sarana = _answer(_("sarana dan prasarana"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex)
    age_group = models.CharField(_("usia"), max_length=6, choices=AgeGroup)
    education = models.CharField(_("pendidikan"), max_length=6, choices=Education)
    occupation = models.CharField(_("pekerjaan"), max_length=10, choices=Occupation)
    suggestion = models.TextField(_("saran"), blank=True, max_length=2000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Petugas yang memasukkan kuesioner kertas."),
    )
    answered_at = models.DateTimeField(_("tanggal survei"))
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("jawaban SKM")
        verbose_name_plural = _("jawaban SKM")
        ordering = ["-answered_at"]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{key}__gte": 1, f"{key}__lte": 4}),
                    name=f"survey_{key}_1_4",
                )
                for key in ikm.UNSUR
            ),
            models.UniqueConstraint(
                fields=["mpp", "application_ref"],
                condition=Q(application_ref__isnull=False),
                name="survey_one_per_application",
            ),
            models.CheckConstraint(
                condition=Q(source="paper")
                | Q(ticket__isnull=False)
                | Q(application_ref__isnull=False),
                name="survey_online_answers_for_something",
            ),
        ]
        indexes = [models.Index(fields=["mpp", "answered_at"], name="survey_mpp_time_idx")]

    def __str__(self) -> str:
        return f"{self.mpp_id} {self.answered_at:%Y-%m-%d} {self.source}"

    def answers(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in ikm.UNSUR}


class FollowUp(models.Model):
    """A follow-up action (rencana tindak lanjut) the manager publishes with the results."""

    class State(models.TextChoices):
        PLANNED = "planned", _("direncanakan")
        IN_PROGRESS = "in_progress", _("sedang dikerjakan")
        DONE = "done", _("selesai")

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    unsur = models.CharField(_("unsur"), max_length=12, blank=True)
    title = models.CharField(_("tindak lanjut"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True, max_length=2000)
    state = models.CharField(_("status"), max_length=12, choices=State, default=State.PLANNED)
    due_on = models.DateField(_("target selesai"), null=True, blank=True)
    is_published = models.BooleanField(_("tampil di halaman publik"), default=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("tindak lanjut SKM")
        verbose_name_plural = _("tindak lanjut SKM")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
