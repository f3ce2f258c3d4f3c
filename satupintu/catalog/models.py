"""The service catalog: every service type (jenis layanan) of an agency at an MPP, published as
its service standard (standar pelayanan) in versions that are never edited.

The components follow the Lampiran of PermenPANRB No. 15 Tahun 2014 tentang Pedoman
Standar Pelayanan:
- service delivery (penyampaian pelayanan): persyaratan; sistem, mekanisme dan prosedur;
  jangka waktu pelayanan; biaya/tarif; produk pelayanan; penanganan pengaduan, saran
  dan masukan;
- service management (pengelolaan pelayanan): dasar hukum; sarana dan prasarana
  dan/atau fasilitas; kompetensi pelaksana; pengawasan internal; jumlah pelaksana;
  jaminan pelayanan; jaminan keamanan dan keselamatan pelayanan; evaluasi kinerja
  pelaksana.

`Service` is the stable identity (code, agency, category, channels); every change to
the standard is a new `ServiceVersion` with author, reason and effective date.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TimeUnit(models.TextChoices):
    MINUTES = "minutes", _("menit")
    HOURS = "hours", _("jam")
    DAYS = "days", _("hari")
    WORKING_DAYS = "working_days", _("hari kerja")


class FeeKind(models.TextChoices):
    FIXED = "fixed", _("tetap")
    FIXED_PLUS_VARIABLE = "fixed_plus_variable", _("tetap ditambah bagian yang bervariasi")
    VARIABLE = "variable", _("bervariasi")
    PER_UNIT = "per_unit", _("per satuan")
    UNKNOWN = "unknown", _("tanyakan di gerai")


class DocumentForm(models.TextChoices):
    """How a requirement is handed in."""

    ORIGINAL = "original", _("asli")
    COPY = "copy", _("fotokopi")
    ORIGINAL_AND_COPY = "original_and_copy", _("asli dan fotokopi")
    SHOWN = "shown", _("ditunjukkan")
    DIGITAL = "digital", _("berkas digital")
    NONE = "none", _("tidak berupa dokumen")


DEFAULT_COMPLETION_WORKING_DAYS = 5


class Category(models.Model):
    """A group of services citizens recognise (kependudukan, perizinan usaha, …)."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kategori layanan")
        verbose_name_plural = _("kategori layanan")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """The identity of a service at an MPP; its content lives in versions."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="services")
    agency = models.ForeignKey("tenancy.Agency", on_delete=models.PROTECT, related_name="services")
    code = models.CharField(
        _("kode layanan"),
        max_length=10,
        validators=[RegexValidator(r"^[A-Z]{1,3}\d{2,3}$", _("Contoh: A01."))],
    )
    standard_key = models.SlugField(
        _("kunci layanan nasional"),
        max_length=80,
        help_text=_("Sama untuk layanan yang sama di MPP lain, misalnya ktp-el-baru."),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="services", verbose_name=_("kategori")
    )
    uses_queue = models.BooleanField(_("dengan nomor antrian"), default=True)
    uses_appointment = models.BooleanField(_("dengan janji temu"), default=False)
    online_application = models.BooleanField(_("permohonan daring"), default=False)
    fully_online = models.BooleanField(_("sepenuhnya daring"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis layanan")
        verbose_name_plural = _("jenis layanan")
        ordering = ["mpp", "code"]
        constraints = [
            models.UniqueConstraint(fields=["mpp", "code"], name="service_unique_code_per_mpp"),
            models.UniqueConstraint(
                fields=["mpp", "standard_key"], name="service_unique_standard_per_mpp"
            ),
        ]
        indexes = [models.Index(fields=["standard_key"])]

    def __str__(self) -> str:
        return self.code


class ServiceVersion(models.Model):
    """One published state of a service standard. Never edited after it is written."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(_("versi"))
    effective_from = models.DateField(_("berlaku sejak"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penyusun"),
    )
    reason = models.CharField(_("alasan perubahan"), max_length=300)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    name = models.CharField(_("nama layanan"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    keywords = models.CharField(
        _("nama lain"),
        max_length=300,
        blank=True,
        help_text=_("Sebutan warga untuk layanan ini, dipisah koma (mis. bikin KTP, e-KTP)."),
    )
    # Penyampaian pelayanan
    processing_time_value = models.PositiveIntegerField(_("jangka waktu"), null=True, blank=True)
    processing_time_unit = models.CharField(
        _("satuan jangka waktu"), max_length=14, choices=TimeUnit, blank=True
    )
    processing_time_note = models.CharField(
        _("keterangan jangka waktu"), max_length=300, blank=True
    )
    fee_kind = models.CharField(
        _("jenis biaya"), max_length=20, choices=FeeKind, default=FeeKind.FIXED
    )
    fee_rupiah = models.PositiveBigIntegerField(
        _("biaya (Rp)"), null=True, blank=True, help_text=_("0 = gratis; kosong bila bervariasi.")
    )
    fee_legal_basis = models.TextField(_("dasar hukum biaya"), blank=True)
    product = models.CharField(_("produk layanan"), max_length=300, blank=True)
    complaint_handling = models.TextField(_("penanganan pengaduan, saran dan masukan"), blank=True)
    # Pengelolaan pelayanan
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    facilities = models.TextField(_("sarana dan prasarana dan/atau fasilitas"), blank=True)
    staff_competence = models.TextField(_("kompetensi pelaksana"), blank=True)
    internal_supervision = models.TextField(_("pengawasan internal"), blank=True)
    staff_count = models.CharField(_("jumlah pelaksana"), max_length=200, blank=True)
    service_guarantee = models.TextField(_("jaminan pelayanan"), blank=True)
    safety_guarantee = models.TextField(_("jaminan keamanan dan keselamatan pelayanan"), blank=True)
    performance_evaluation = models.TextField(_("evaluasi kinerja pelaksana"), blank=True)

    class Meta:
        verbose_name = _("versi standar pelayanan")
        verbose_name_plural = _("versi standar pelayanan")
        ordering = ["service", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="service_version_unique"),
            models.CheckConstraint(
                condition=Q(processing_time_value__isnull=True) | ~Q(processing_time_unit=""),
                name="service_version_time_has_unit",
            ),
            models.CheckConstraint(
                condition=~Q(fee_kind="fixed") | Q(fee_rupiah__isnull=False),
                name="service_version_fixed_fee_has_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service.code} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        # Invariant: a published version is history; changes are new versions.
        if self.pk is not None:
            raise ValidationError(
                _("Versi standar pelayanan tidak boleh diubah."), code="immutable"
            )
        super().save(*args, **kwargs)

    @property
    def is_free(self) -> bool:
        return self.fee_rupiah == 0

    @property
    def completion_working_days(self) -> int:
        """The working days an online application of this standard may take: the processing
        time in working days, one for a time in minutes or hours (the product is due by
        the next working day), DEFAULT_COMPLETION_WORKING_DAYS without a time."""
        value, unit = self.processing_time_value, self.processing_time_unit
        if not value:
            return DEFAULT_COMPLETION_WORKING_DAYS
        if unit in {TimeUnit.MINUTES, TimeUnit.HOURS}:
            return 1
        return int(value)  # working days; calendar days are counted as working days too


class Requirement(models.Model):
    """Persyaratan: one document or condition, in the order the citizen prepares them."""

    version = models.ForeignKey(
        ServiceVersion, on_delete=models.CASCADE, related_name="requirements"
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("persyaratan"), max_length=300)
    notes = models.CharField(_("catatan"), max_length=300, blank=True)
    form = models.CharField(
        _("bentuk"), max_length=20, choices=DocumentForm, default=DocumentForm.SHOWN
    )
    count = models.PositiveSmallIntegerField(_("jumlah"), default=1)
    is_optional = models.BooleanField(_("tidak wajib"), default=False)
    uploadable = models.BooleanField(_("dapat diunggah"), default=False)
    file_types = models.CharField(
        _("jenis berkas"), max_length=40, blank=True, help_text=_("Mis. pdf,jpg,png")
    )
    applies_when = models.CharField(
        _("berlaku jika"),
        max_length=300,
        blank=True,
        help_text=_(
            "Jawaban pertanyaan syarat yang membuat persyaratan ini berlaku, dipisah titik koma "
            "(mis. Rusak; Perubahan data). Kosong = selalu berlaku."
        ),
    )

    class Meta:
        verbose_name = _("persyaratan")
        verbose_name_plural = _("persyaratan")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="requirement_unique_order"),
            models.CheckConstraint(condition=Q(count__gte=1), name="requirement_count_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def answers(self) -> list[str]:
        """The answers under which this requirement applies; [] = it always applies."""
        return split_options(self.applies_when)

    @property
    def condition_label(self) -> str:
        """ "jika rusak atau perubahan data"; "" for a requirement that always applies."""
        return condition_label(self.answers)

    @property
    def form_note(self) -> str:
        """How it is handed in, as shown after its name ("asli dan fotokopi"); nothing when
        it is not a document or its name already says so ("Fotokopi KTP-el")."""
        if self.form == DocumentForm.NONE:
            return ""
        words = self.name.lower()
        if "fotokopi" in words or "asli" in words or "salinan" in words:
            return ""
        return str(self.get_form_display())


def split_options(text: str) -> list[str]:
    """ "Rusak; Perubahan data" → ["Rusak", "Perubahan data"]."""
    return [part.strip() for part in text.split(";") if part.strip()]


def condition_label(answers: list[str]) -> str:
    if not answers:
        return ""
    words = [a[:1].lower() + a[1:] for a in answers]
    if len(words) > 1:
        joined = _("%(some)s atau %(last)s") % {"some": ", ".join(words[:-1]), "last": words[-1]}
    else:
        joined = words[0]
    return _("jika %(answers)s") % {"answers": joined}


class ConditionQuestion(models.Model):
    """A question the citizen answers so that only the requirements that apply to them are
    asked: "Apa alasan penggantian KTP-el?" with the options Rusak; Hilang; Perubahan data.
    A requirement names the answers it applies under (`Requirement.applies_when`)."""

    version = models.ForeignKey(ServiceVersion, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("urutan"))
    text = models.CharField(_("pertanyaan"), max_length=200)
    options = models.CharField(
        _("pilihan jawaban"),
        max_length=300,
        help_text=_("Dipisah titik koma, mis. Rusak; Hilang; Perubahan data."),
    )

    class Meta:
        verbose_name = _("pertanyaan syarat")
        verbose_name_plural = _("pertanyaan syarat")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"], name="condition_question_unique_order"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def option_list(self) -> list[str]:
        return split_options(self.options)


class ProcedureStep(models.Model):
    """Sistem, mekanisme dan prosedur: one step and who does it."""

    version = models.ForeignKey(ServiceVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("urutan"))
    description = models.CharField(_("langkah"), max_length=400)
    actor = models.CharField(_("pelaksana"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("langkah prosedur")
        verbose_name_plural = _("langkah prosedur")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"], name="procedure_step_unique_order"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class FeeVariant(models.Model):
    """A tariff variant, e.g. 'SIM A baru' vs 'perpanjangan SIM A'."""

    version = models.ForeignKey(
        ServiceVersion, on_delete=models.CASCADE, related_name="fee_variants"
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("varian"), max_length=200)
    amount_rupiah = models.PositiveBigIntegerField(_("biaya (Rp)"))
    legal_basis = models.CharField(_("dasar hukum"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("varian biaya")
        verbose_name_plural = _("varian biaya")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="fee_variant_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: Rp{self.amount_rupiah}"


class CounterService(models.Model):
    """A counter serves a service; lower `preference` is called first."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    counter = models.ForeignKey(
        "tenancy.Counter", on_delete=models.CASCADE, related_name="service_links"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="counter_links")
    preference = models.PositiveSmallIntegerField(_("urutan prioritas"), default=1)

    class Meta:
        verbose_name = _("layanan di loket")
        verbose_name_plural = _("layanan di loket")
        ordering = ["counter", "preference", "service__code"]
        constraints = [
            models.UniqueConstraint(fields=["counter", "service"], name="counter_service_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.counter} → {self.service.code}"
