"""The officers' knowledge base: regulations as data, and reviewed answers.

A Regulation is national or regional law (UU, PP, Perpres, Permen, Perda …) linked to the
catalog services it governs and to the regulations that amend or revoke it. An Article is
an explanation, a question-and-answer entry or a complaint reply template written at an
MPP, with its sources; officers see it once a supervisor reviewed it (docs/knowledge.md).

Both keep their search tokens (the catalog's Indonesian analysis, search.py) in
`search_title` / `search_text`, which the database's full-text index covers (index.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegulationKind(models.TextChoices):
    UU = "uu", _("Undang-Undang")
    PP = "pp", _("Peraturan Pemerintah")
    PERPRES = "perpres", _("Peraturan Presiden")
    PERMEN = "permen", _("Peraturan Menteri")
    PERDA = "perda", _("Peraturan Daerah")
    PERKADA = "perkada", _("Peraturan Bupati/Wali Kota")
    SE = "se", _("Surat Edaran")
    OTHER = "other", _("Lainnya")


SHORT_KIND = {
    "uu": "UU",
    "pp": "PP",
    "perpres": "Perpres",
    "permen": "Permen",
    "perda": "Perda",
    "perkada": "Perbup/Perwal",
    "se": "SE",
    "other": "",
}


class RegulationStatus(models.TextChoices):
    IN_FORCE = "in_force", _("Berlaku")
    AMENDED = "amended", _("Diubah")
    REVOKED = "revoked", _("Dicabut")


class Searchable(models.Model):
    search_title = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    search_words = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        # the search's vocabulary cache asks for the latest change on every query
        indexes = [models.Index(fields=["updated_at"], name="%(app_label)s_%(class)s_changed")]


class Regulation(Searchable):
    kind = models.CharField(_("jenis"), max_length=10, choices=RegulationKind.choices)
    number = models.CharField(_("nomor"), max_length=40)
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("tentang"), max_length=400)
    issuer = models.CharField(_("penerbit"), max_length=200, blank=True)
    enacted_on = models.DateField(_("tanggal ditetapkan"), null=True, blank=True)
    in_force_on = models.DateField(_("tanggal berlaku"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegulationStatus.choices,
        default=RegulationStatus.IN_FORCE,
    )
    summary = models.TextField(_("ringkasan"), blank=True)
    pdf = models.FileField(_("berkas PDF"), upload_to="regulations/", blank=True)
    services = models.ManyToManyField(
        "catalog.Service", related_name="regulations", blank=True, verbose_name=_("layanan")
    )
    amends = models.ManyToManyField(
        "self", symmetrical=False, related_name="amended_by", blank=True, verbose_name=_("mengubah")
    )
    revokes = models.ManyToManyField(
        "self", symmetrical=False, related_name="revoked_by", blank=True, verbose_name=_("mencabut")
    )

    class Meta(Searchable.Meta):
        ordering = ["-year", "kind", "number"]
        verbose_name = _("peraturan")
        verbose_name_plural = _("peraturan")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number", "year", "issuer"], name="regulation_unique_citation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.citation} tentang {self.title}"

    @property
    def citation(self) -> str:
        """ "UU 25/2009"; an issuer's short form follows a Permen ("PermenPANRB 14/2017")."""
        short = SHORT_KIND.get(self.kind, "")
        return f"{short} {self.number}/{self.year}".strip()


class ArticleKind(models.TextChoices):
    ARTICLE = "article", _("Artikel")
    QA = "qa", _("Tanya-jawab")
    REPLY = "reply", _("Templat balasan pengaduan")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    REVIEWED = "reviewed", _("Sudah ditinjau")


class Article(Searchable):
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(
        _("jenis"), max_length=10, choices=ArticleKind.choices, default=ArticleKind.ARTICLE
    )
    title = models.CharField(_("judul"), max_length=300)
    body = models.TextField(_("isi"))
    agency = models.ForeignKey(
        "tenancy.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instansi"),
    )
    services = models.ManyToManyField(
        "catalog.Service", related_name="+", blank=True, verbose_name=_("layanan")
    )
    sources = models.ManyToManyField(
        Regulation, related_name="articles", blank=True, verbose_name=_("sumber")
    )
    public = models.BooleanField(
        _("boleh tampil untuk warga"),
        default=False,
        help_text=_("Tanya-jawab yang sudah ditinjau dapat ditawarkan di formulir pengaduan."),
    )
    status = models.CharField(
        max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_checked = models.DateField(_("terakhir diperiksa"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(Searchable.Meta):
        ordering = ["title"]
        verbose_name = _("artikel")
        verbose_name_plural = _("artikel")

    def __str__(self) -> str:
        return self.title


class NoticeKind(models.TextChoices):
    REGULATION = "regulation", _("Perubahan peraturan")
    STANDARD = "standard", _("Standar pelayanan baru")


class Notice(models.Model):
    """A change the officers of an agency at an MPP must read: a regulation of one of
    their services amended or revoked, or a new version of a service standard."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("tenancy.Agency", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.CASCADE, null=True, related_name="+"
    )
    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    kind = models.CharField(max_length=12, choices=NoticeKind.choices)
    text = models.CharField(max_length=400)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["mpp", "agency", "created_at"])]

    def __str__(self) -> str:
        return self.text


class NoticeRead(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="notice_read_once")]

    def __str__(self) -> str:
        return f"{self.notice_id}:{self.user_id}"
