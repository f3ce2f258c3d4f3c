"""Verified once, with consent (issue 23, item 4): the citizen's recorded consent, the
documents an officer checked in a visit, and every use of such a check by another agency.

UU 27/2022 tentang Pelindungan Data Pribadi:

- Pasal 20 ayat (2) huruf a: processing rests on the data subject's explicit, lawful consent
  for one or more stated purposes; `Consent.purpose`.
- Pasal 21: before consenting the subject is told the purpose, which data, for how long
  and to whom; `documents`, `agencies`, `valid_until`, and `wording`, the exact sentence
  shown.
- Pasal 22: consent is written or recorded, electronic or not, in clear language; a
  consent row is that record (`given_at`, `channel`).
- Pasal 24: the controller must be able to show the consent given; rows are never
  deleted, a withdrawal only stamps `withdrawn_at`.
- Pasal 25: a child's data (the newborn of a birth journey) is processed with the consent
  of a parent or guardian: the parent who takes the journey gives it.
- Pasal 9 and Pasal 40 ayat (1): the subject may withdraw consent and the controller then
  stops processing; here at once (a use checks the consent in the same transaction).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentChannel(models.TextChoices):
    WEB = "web", _("situs web")
    KIOSK = "kiosk", _("kios")
    API = "api", _("aplikasi")


class Consent(models.Model):
    """The citizen's consent: these documents, checked by an officer in a visit, may be
    used by these agencies for this purpose until then. Bound to the citizen's account
    (`user`) and/or one visit (`ticket`, the journey's first number)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ticket = models.ForeignKey(
        "queueing.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    life_event = models.ForeignKey(
        "journeys.LifeEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    purpose = models.CharField(_("tujuan"), max_length=300)
    documents = models.JSONField(_("dokumen"), default=list)
    agencies = models.ManyToManyField(
        "tenancy.Agency", related_name="+", verbose_name=_("instansi")
    )
    wording = models.TextField(_("kalimat persetujuan"))
    channel = models.CharField(_("lewat"), max_length=8, choices=ConsentChannel)
    given_at = models.DateTimeField(_("diberikan"))
    valid_until = models.DateTimeField(_("berlaku sampai"))
    withdrawn_at = models.DateTimeField(_("ditarik"), null=True, blank=True)

    class Meta:
        verbose_name = _("persetujuan berbagi data")
        verbose_name_plural = _("persetujuan berbagi data")
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["ticket"]), models.Index(fields=["user", "given_at"])]

    def __str__(self) -> str:
        return self.purpose


class DocumentCheck(models.Model):
    """An officer checked one document of the citizen in this visit (the KK at Dukcapil's
    step), possibly against a register (`register`: dukcapil / oss, with its answer, never
    a copy of the register's record)."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    visit = models.ForeignKey("queueing.Ticket", on_delete=models.CASCADE, related_name="+")
    ticket = models.ForeignKey("queueing.Ticket", on_delete=models.CASCADE, related_name="+")
    document_key = models.SlugField(_("dokumen"), max_length=60)
    document_name = models.CharField(_("nama dokumen"), max_length=200)
    agency = models.ForeignKey("tenancy.Agency", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("diperiksa"))
    register = models.CharField(_("diperiksa ke"), max_length=12, blank=True)
    reference = models.CharField(_("nomor"), max_length=40, blank=True)
    register_answer = models.JSONField(_("jawaban"), default=dict, blank=True)

    class Meta:
        verbose_name = _("dokumen yang sudah diperiksa")
        verbose_name_plural = _("dokumen yang sudah diperiksa")
        ordering = ["checked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "document_key"], name="document_check_once_per_step"
            ),
        ]

    def __str__(self) -> str:
        return self.document_name


class DataUse(models.Model):
    """One use of a checked document by another agency's officer under a consent. The log
    stays when the consent is withdrawn (PROTECT)."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="uses")
    document_check = models.ForeignKey(DocumentCheck, on_delete=models.PROTECT, related_name="uses")
    ticket = models.ForeignKey("queueing.Ticket", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("tenancy.Agency", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    used_at = models.DateTimeField(_("dipakai"))

    class Meta:
        verbose_name = _("pemakaian data")
        verbose_name_plural = _("pemakaian data")
        ordering = ["-used_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_check", "ticket"], name="data_use_once_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_check} · {self.agency}"
