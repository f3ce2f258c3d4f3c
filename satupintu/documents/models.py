"""Issued documents (the products of services as PDF), the agencies' numbering and the
year sequence that makes their numbers gap-free."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_PATTERN = "{seq:04d}/{agency}/{service}/{roman_month}/{year}"


class DocumentSettings(models.Model):
    """How an agency numbers its documents and how long they are valid."""

    agency = models.OneToOneField(
        "tenancy.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("instansi")
    )
    number_pattern = models.CharField(
        _("pola nomor"),
        max_length=120,
        default=DEFAULT_PATTERN,
        help_text=_(
            "Bagian: {seq:04d} nomor urut tahunan, {agency} kode instansi, {service} kode "
            "layanan, {mpp} MPP, {month}, {roman_month}, {year}."
        ),
    )
    valid_years = models.PositiveSmallIntegerField(
        _("masa berlaku (tahun)"), null=True, blank=True, help_text=_("Kosong = tanpa batas.")
    )

    class Meta:
        verbose_name = _("pengaturan dokumen instansi")
        verbose_name_plural = _("pengaturan dokumen instansi")

    def __str__(self) -> str:
        return self.number_pattern

    def clean(self) -> None:
        from satupintu.documents.numbering import check_pattern

        check_pattern(self.number_pattern)


class YearSequence(models.Model):
    """The last number an agency issued in one year."""

    agency = models.ForeignKey(
        "tenancy.Agency", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="document_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last}"


class DocumentStatus(models.TextChoices):
    VALID = "valid", _("sah")
    REVOKED = "revoked", _("dicabut")


class SigningStatus(models.TextChoices):
    """Where an issued document's signature stands (signing/registry.py picks the signer)."""

    NONE = "", _("tanpa tanda tangan")
    PENDING = "pending", _("menunggu tanda tangan")  # the officer signs it (BSrE)
    UNKNOWN = "unknown", _("belum pasti")  # sent, no answer came: check before again
    SIGNED = "signed", _("ditandatangani")


class IssuedDocument(models.Model):
    """A product issued as PDF. The bytes are stored once and never rewritten; their
    SHA-256 is what verification compares an uploaded copy with."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("tenancy.Agency", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document",
    )
    code = models.CharField(_("kode verifikasi"), max_length=32, unique=True)
    number = models.CharField(_("nomor"), max_length=160)
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    title = models.CharField(_("judul"), max_length=300)
    holder_name = models.CharField(_("nama pemegang"), max_length=150)
    holder_nik = models.CharField(_("NIK pemegang"), max_length=16, blank=True)
    content = models.JSONField(_("isi"), default=list, blank=True)  # [[label, value], …]
    issued_at = models.DateTimeField(_("diterbitkan"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signer = models.CharField(
        _("penanda tangan"), max_length=20, blank=True, help_text=_("Kosong = tanpa tanda tangan.")
    )
    signing_status = models.CharField(
        _("status tanda tangan"), max_length=10, choices=SigningStatus, blank=True, default=""
    )
    signing_error = models.CharField(max_length=200, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    storage_name = models.CharField(max_length=200, unique=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus, default=DocumentStatus.VALID
    )
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_reason = models.CharField(_("alasan pencabutan"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The PDF was destroyed past its retention (archive.py); the row stays and still answers
    # verification, with an ArchiveRecord of the purge.
    purged_at = models.DateTimeField(_("dimusnahkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("dokumen terbit")
        verbose_name_plural = _("dokumen terbit")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "seq"], name="document_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class SigningBatch(models.Model):
    """One act of the signing officer: many waiting documents signed in the background.

    Holds document ids and progress only; the officer's passphrase or code is never here
    (signatures.py keeps it in the worker's memory for the batch's lifetime)."""

    class State(models.TextChoices):
        RUNNING = "running", _("berjalan")
        FINISHED = "finished", _("selesai")
        STOPPED = "stopped", _("berhenti")

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    document_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State, default=State.RUNNING)
    message = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("penandatanganan massal")
        verbose_name_plural = _("penandatanganan massal")

    def __str__(self) -> str:
        return f"{self.pk}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return int(100 * (self.done + self.failed) / self.total) if self.total else 100


class DocumentShare(models.Model):
    """A link the holder gives someone (a bank, an employer) to read one document until it
    expires or the holder revokes it."""

    document = models.ForeignKey(IssuedDocument, on_delete=models.CASCADE, related_name="shares")
    token = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("untuk"), max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("tautan berbagi dokumen")
        verbose_name_plural = _("tautan berbagi dokumen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.label}"


class DocumentRead(models.Model):
    """One read of a document (its page or its PDF), shown to its holder."""

    class Via(models.TextChoices):
        HOLDER = "holder", _("Anda sendiri")
        CODE = "code", _("kode verifikasi (QR)")
        SHARE = "share", _("tautan berbagi")
        UPLOAD = "upload", _("unggahan salinan")

    document = models.ForeignKey(IssuedDocument, on_delete=models.CASCADE, related_name="reads")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    via = models.CharField(max_length=10, choices=Via)
    share = models.ForeignKey(DocumentShare, on_delete=models.SET_NULL, null=True, blank=True)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    pdf = models.BooleanField(default=False)  # the PDF was downloaded, not only the page
    network = models.CharField(max_length=48, blank=True)  # the reader's address, truncated

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.via} {self.at}"


class ArchiveKind(models.TextChoices):
    UPLOAD = "upload", _("berkas persyaratan unggahan")
    DOCUMENT = "document", _("dokumen terbit")


class Disposition(models.TextChoices):
    """What happens when the retention ends (keterangan in a JRA)."""

    DESTROY = "destroy", _("musnah")
    PERMANENT = "permanent", _("permanen")


class RetentionRule(models.Model):
    """A retention class for one kind of archive, as the agency's Jadwal Retensi Arsip
    (JRA) sets it: years active, years inactive, and what follows. The most specific rule
    applies: service and requirement, service, agency, every agency; with none, the
    defaults in archive.py. See archive.py for the legal basis and how time is counted."""

    kind = models.CharField(_("jenis arsip"), max_length=10, choices=ArchiveKind)
    agency = models.ForeignKey(
        "tenancy.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instansi"),
        help_text=_("Kosong = semua instansi."),
    )
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("layanan"),
        help_text=_("Kosong = semua layanan instansi."),
    )
    requirement_key = models.CharField(
        _("persyaratan"),
        max_length=20,
        blank=True,
        help_text=_("Untuk berkas unggahan: kunci persyaratan (p1, p2, …). Kosong = semua."),
    )
    active_years = models.PositiveSmallIntegerField(_("retensi aktif (tahun)"))
    inactive_years = models.PositiveSmallIntegerField(_("retensi inaktif (tahun)"))
    disposition = models.CharField(
        _("keterangan akhir"), max_length=10, choices=Disposition, default=Disposition.DESTROY
    )
    basis = models.CharField(
        _("dasar"),
        max_length=300,
        help_text=_(
            "Nomor dan butir JRA instansi yang menjadi dasar, mis. Perbup 12/2024 butir 500.16.2."
        ),
    )

    class Meta:
        verbose_name = _("kelas retensi arsip")
        verbose_name_plural = _("kelas retensi arsip")
        ordering = ["kind", "agency", "service", "requirement_key"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.active_years}+{self.inactive_years}"


class ArchiveRecord(models.Model):
    """That a file existed and was destroyed past its retention: what, whose, when made,
    when purged, its SHA-256 (the list a berita acara pemusnahan carries). Never deleted."""

    kind = models.CharField(_("jenis arsip"), max_length=10, choices=ArchiveKind)
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("tenancy.Agency", on_delete=models.PROTECT, related_name="+")
    document = models.OneToOneField(
        IssuedDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="archive_record",
    )
    application_file = models.OneToOneField(
        "applications.ApplicationFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reference = models.CharField(_("nomor"), max_length=160)  # document number / tracking
    title = models.CharField(_("uraian"), max_length=300)
    owner_name = models.CharField(_("milik"), max_length=150)
    created_at = models.DateTimeField(_("dibuat"))  # issued or uploaded
    retention_until = models.DateField(_("retensi sampai"))
    basis = models.CharField(_("dasar"), max_length=300)
    purged_at = models.DateTimeField(_("dimusnahkan"))
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("ukuran (bita)"), null=True, blank=True)
    storage_name = models.CharField(max_length=200)
    file_removed_at = models.DateTimeField(null=True, blank=True)  # the bytes are gone

    class Meta:
        verbose_name = _("catatan pemusnahan arsip")
        verbose_name_plural = _("catatan pemusnahan arsip")
        ordering = ["-purged_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(document__isnull=False)
                | models.Q(application_file__isnull=False),
                name="archive_record_names_a_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"
