"""Complaints (pengaduan): what a citizen reports about a service of the MPP, its files,
its append-only history and what was sent outside to SP4N-LAPOR!.

The status machine is in `workflow.py`, the deadlines in `deadlines.py`; every write is a
function in `services.py`. Words as SP4N-LAPOR! has them: a report (laporan) is of one
class (pengaduan, aspirasi, permintaan informasi) and one category.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The classes of SP4N-LAPOR! ("klasifikasi laporan")."""

    COMPLAINT = "pengaduan", _("Pengaduan")
    ASPIRATION = "aspirasi", _("Aspirasi")
    INFORMATION = "informasi", _("Permintaan informasi")


class Channel(models.TextChoices):
    WEB = "web", _("Formulir daring")
    SPOKEN = "lisan", _("Lisan di meja pengaduan")
    PAPER = "tertulis", _("Surat tertulis")
    MESSAGE = "pesan", _("Pesan (WhatsApp/SMS)")


class Pace(models.TextChoices):
    """Deadline classes: the working days an agency has to follow a complaint up (see
    deadlines.py for the sources)."""

    QUICK = "cepat", _("Cepat (2 hari kerja)")
    NORMAL = "biasa", _("Biasa (5 hari kerja)")
    INSPECTION = "pemeriksaan", _("Perlu pemeriksaan lapangan (14 hari kerja)")
    COMPLEX = "kompleks", _("Kompleks (60 hari kerja)")


class Category(models.TextChoices):
    """What a complaint is about; each has its deadline class (`PACE_OF`)."""

    FACILITIES = "sarana", _("Sarana dan prasarana")
    QUEUE = "antrian", _("Antrian dan waktu tunggu")
    CONDUCT = "petugas", _("Sikap dan perilaku petugas")
    PROCEDURE = "prosedur", _("Persyaratan dan prosedur")
    DURATION = "waktu", _("Jangka waktu penyelesaian")
    PRODUCT = "produk", _("Hasil atau dokumen layanan")
    FEES = "biaya", _("Biaya dan pungutan")
    OTHER = "lainnya", _("Lainnya")


PACE_OF = {
    Category.FACILITIES: Pace.QUICK,
    Category.QUEUE: Pace.QUICK,
    Category.CONDUCT: Pace.NORMAL,
    Category.PROCEDURE: Pace.NORMAL,
    Category.DURATION: Pace.NORMAL,
    Category.PRODUCT: Pace.NORMAL,
    Category.FEES: Pace.INSPECTION,
    Category.OTHER: Pace.NORMAL,
}


class Status(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    POSTPONED = "postponed", _("Menunggu keterangan pelapor")
    VERIFIED = "verified", _("Terverifikasi")
    FORWARDED = "forwarded", _("Diteruskan ke instansi")
    FOLLOW_UP = "follow_up", _("Sedang ditindaklanjuti")
    ANSWERED = "answered", _("Sudah dijawab")
    CLOSED = "closed", _("Selesai")
    REJECTED = "rejected", _("Tidak dapat diproses")
    MERGED = "merged", _("Digabung dengan laporan lain")
    REFERRED = "referred", _("Diteruskan ke SP4N-LAPOR!")


OPEN_STATUSES = frozenset(
    {
        Status.RECEIVED,
        Status.POSTPONED,
        Status.VERIFIED,
        Status.FORWARDED,
        Status.FOLLOW_UP,
        Status.ANSWERED,
    }
)
AGENCY_STATUSES = frozenset({Status.FORWARDED, Status.FOLLOW_UP, Status.ANSWERED, Status.CLOSED})
"""The states in which the complaint's agency sees it (forwarded to it, or done)."""


class Reopen(models.TextChoices):
    NONE = "", _("Tidak ada")
    ASKED = "asked", _("Diminta")
    ACCEPTED = "accepted", _("Dibuka kembali")
    REFUSED = "refused", _("Ditolak")


class Complaint(models.Model):
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    tracking_code = models.CharField(_("kode lacak"), max_length=14, unique=True)
    kind = models.CharField(_("klasifikasi"), max_length=10, choices=Kind, default=Kind.COMPLAINT)
    text = models.TextField(_("isi laporan"), max_length=4000)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel, default=Channel.WEB)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.RECEIVED)

    category = models.CharField(_("kategori"), max_length=10, choices=Category, blank=True)
    pace = models.CharField(
        _("kelas batas waktu"),
        max_length=12,
        choices=Pace,
        blank=True,
        help_text=_("Menurut kategori; petugas pengaduan dapat memilih kelas lain."),
    )
    suggested_category = models.CharField(
        _("kategori usulan"), max_length=10, choices=Category, blank=True
    )
    agency = models.ForeignKey(
        "tenancy.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instansi"),
    )
    suggested_agency = models.ForeignKey(
        "tenancy.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ticket = models.ForeignKey(
        "queueing.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    counter = models.ForeignKey(
        "tenancy.Counter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    anonymous = models.BooleanField(_("anonim"), default=False)
    confidential = models.BooleanField(_("rahasia"), default=False)
    reporter_name = models.CharField(_("nama pelapor"), max_length=120, blank=True)
    reporter_phone = models.CharField(_("nomor telepon"), max_length=20, blank=True)
    reporter_email = models.EmailField(_("e-mail"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # the citizen's account when a signed-in citizen filed it under their name (never when
    # anonymous): it shows on their "Beranda saya" and the answer follows their preferences
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )

    # a complaint sent as a WhatsApp/SMS message: which of the two (every reply goes back
    # that way) and the gateway's message id (a provider's retry files nothing twice)
    message_channel = models.CharField(max_length=10, blank=True)
    message_id = models.CharField(max_length=100, blank=True)

    received_at = models.DateTimeField(_("diterima"))
    verify_due = models.DateField(_("batas verifikasi"))
    follow_up_due = models.DateField(_("batas tindak lanjut"), null=True, blank=True)
    close_due = models.DateField(_("batas penutupan"), null=True, blank=True)
    ceiling_due = models.DateField(_("batas akhir"))
    forwarded_at = models.DateTimeField(_("diteruskan"), null=True, blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    answer = models.TextField(_("jawaban"), max_length=4000, blank=True)
    reason = models.CharField(_("alasan"), max_length=500, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    reopen = models.CharField(
        _("permintaan buka kembali"), max_length=10, choices=Reopen, blank=True, default=""
    )
    reopen_reason = models.CharField(_("alasan buka kembali"), max_length=500, blank=True)
    # the deadline a reminder / an escalation was last sent for ("verify:2026-03-20")
    reminded_for = models.CharField(max_length=40, blank=True)
    escalated_for = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False)
                | Q(reporter_name="", reporter_phone="", reporter_email=""),
                name="complaint_anonymous_has_no_identity",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="complaint_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reason=""),
                name="complaint_rejection_has_reason",
            ),
            models.UniqueConstraint(
                fields=["mpp", "message_id"],
                condition=~Q(message_id=""),
                name="complaint_once_per_message",
            ),
        ]
        indexes = [
            models.Index(fields=["mpp", "status", "received_at"], name="complaint_worklist_idx"),
            models.Index(fields=["agency", "status"], name="complaint_agency_idx"),
            # the monthly publication (stats.py) reads one MPP's month of receipt
            models.Index(fields=["mpp", "received_at"], name="complaint_month_idx"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def reference(self) -> str:
        """What notifications about this complaint are filed under."""
        return f"complaint:{self.tracking_code}"


class ComplaintFile(models.Model):
    """A file attached to a complaint (checked as application files are)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="files")
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    storage_name = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(_("jenis berkas"), max_length=40)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran pengaduan")
        verbose_name_plural = _("lampiran pengaduan")
        ordering = ["complaint", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint} {self.original_name}"


class ComplaintEvent(models.Model):
    """One row of a complaint's history; its `note` is read by the reporter. Append-only."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("tindakan"), max_length=30)
    from_status = models.CharField(_("dari"), max_length=12, choices=Status, blank=True)
    to_status = models.CharField(_("menjadi"), max_length=12, choices=Status)
    note = models.CharField(_("catatan"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("riwayat pengaduan")
        verbose_name_plural = _("riwayat pengaduan")
        ordering = ["complaint", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("Riwayat pengaduan tidak boleh diubah."), code="immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Riwayat pengaduan tidak boleh dihapus."), code="immutable")


class LaporReferral(models.Model):
    """What the local SP4N-LAPOR! adapter would have sent for a complaint outside the MPP's
    remit ("bukan kewenangan"): the payload, kept as the record of the referral."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.CASCADE, related_name="lapor_referral"
    )
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("waktu"))
    provider = models.CharField(_("penyedia"), max_length=30)
    payload = models.JSONField(_("isi kiriman"))
    remote_id = models.CharField(_("nomor di SP4N-LAPOR!"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("rujukan SP4N-LAPOR!")
        verbose_name_plural = _("rujukan SP4N-LAPOR!")

    def __str__(self) -> str:
        return f"{self.complaint} → {self.provider}"
