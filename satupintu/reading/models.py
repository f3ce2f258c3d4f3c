"""What the reading found on one uploaded file, next to it on the officer's screen and in
the application API (`files[].reading`). One row per file; the OCR text itself is not kept
(only the fields compared), so no more personal data is stored than the applicant typed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from satupintu.core.identifiers import mask_nik


class Status(models.TextChoices):
    PENDING = "pending", _("Sedang dibaca")
    MATCH = "match", pgettext_lazy("reading", "Sesuai")
    MISMATCH = "mismatch", pgettext_lazy("reading", "Tidak sesuai")
    UNREADABLE = "unreadable", _("Tidak terbaca")


class Kind(models.TextChoices):
    KTP = "ktp", _("KTP-el")
    KK = "kk", _("Kartu Keluarga")
    AKTA = "akta", _("Akta")
    PENGANTAR = "pengantar", _("Surat pengantar")
    OTHER = "other", _("Dokumen lain")


class FileReading(models.Model):
    file = models.OneToOneField(
        "applications.ApplicationFile", on_delete=models.CASCADE, related_name="reading"
    )
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("hasil pembacaan"), max_length=10, choices=Status, default=Status.PENDING
    )
    kind = models.CharField(_("jenis dokumen terbaca"), max_length=10, choices=Kind, blank=True)
    expected_kind = models.CharField(
        _("jenis dokumen yang diminta"), max_length=10, choices=Kind, blank=True
    )
    compared = models.BooleanField(_("dibandingkan dengan isian pemohon"), default=False)
    nik = models.CharField(_("NIK terbaca"), max_length=16, blank=True)
    name = models.CharField(_("nama terbaca"), max_length=150, blank=True)
    birth_date = models.DateField(_("tanggal lahir terbaca"), null=True, blank=True)
    checks = models.JSONField(_("hasil per isian"), default=dict, blank=True)
    seconds = models.FloatField(_("lama membaca (detik)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pembacaan berkas")
        verbose_name_plural = _("pembacaan berkas")
        indexes = [models.Index(fields=["status", "created_at"], name="reading_pending_idx")]

    def __str__(self) -> str:
        return f"{self.file_id}: {self.status}"

    @property
    def wrong_kind(self) -> bool:
        """A document of another kind than the requirement asks for was uploaded."""
        return bool(
            self.expected_kind
            and self.kind
            and self.kind != Kind.OTHER
            and self.kind != self.expected_kind
        )

    @property
    def masked_nik(self) -> str:
        """The NIK read, as officers may see it (ADR 0009: the full one is revealed, logged)."""
        return mask_nik(self.nik) if self.nik else ""


class HeldReading(models.Model):
    """What was read on a file the one-step apply form holds before it is submitted
    (`applications.files.HeldFile`, named by its storage name, which only the citizen's
    session knows). The fields read are kept until the form is sent or abandoned (purged
    with the held files, `jobs.purge_held`) and compared with the NIK and name typed at
    each look, since the citizen may still change them. `found` is empty while pending.
    When the form is sent, the stored file with the same content (`sha256`) takes this
    reading over instead of being read twice (`services.queue_reading`)."""

    storage_name = models.CharField(max_length=255, unique=True)
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    requirement = models.CharField(_("persyaratan"), max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    found = models.JSONField(_("hasil pembacaan"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pembacaan berkas sebelum dikirim")
        verbose_name_plural = _("pembacaan berkas sebelum dikirim")

    def __str__(self) -> str:
        return self.storage_name
