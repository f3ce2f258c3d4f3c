"""Life-event journeys (peristiwa hidup): a birth, a move, a marriage, starting a business,
a death, each settled at one MPP as a set of services across agencies.

A `LifeEvent` has `JourneyStep`s (each one service of the catalog, in the order the MPP
lists them, some needing another's product first), `JourneyQuestion`s whose answers
choose the optional steps, and names the documents its steps ask for under different
words through the MPP's `JourneyDocument`s ("KK orang tua", "KK lama" and "KK" are one
Kartu Keluarga). How a plan is made from them: plan.py; imported and exported as JSON:
transfer.py (docs/journeys.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

KEY_HELP = _("Huruf kecil, angka dan tanda hubung, mis. kelahiran-anak.")


class JourneyDocument(models.Model):
    """One document as the citizen knows it (Kartu Keluarga), with the names the catalog's
    requirements give it (`aliases`: "KK", "KK orang tua", "KK lama")."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(_("kunci"), max_length=60, help_text=KEY_HELP)
    name = models.CharField(_("nama dokumen"), max_length=200)
    aliases = models.JSONField(_("nama lain dalam persyaratan"), default=list, blank=True)

    class Meta:
        verbose_name = _("dokumen perjalanan layanan")
        verbose_name_plural = _("dokumen perjalanan layanan")
        ordering = ["mpp", "key"]
        constraints = [
            models.UniqueConstraint(fields=["mpp", "key"], name="journey_document_unique_key"),
        ]

    def __str__(self) -> str:
        return self.name


class LifeEvent(models.Model):
    """A life event the MPP settles in one visit, e.g. the birth of a child."""

    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="life_events")
    key = models.SlugField(_("kunci"), max_length=60, help_text=KEY_HELP)
    name = models.CharField(_("nama peristiwa"), max_length=120)
    description = models.TextField(_("keterangan"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("peristiwa hidup")
        verbose_name_plural = _("peristiwa hidup")
        ordering = ["mpp", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["mpp", "key"], name="life_event_unique_key"),
        ]

    def __str__(self) -> str:
        return self.name


class JourneyQuestion(models.Model):
    """A question whose answer chooses optional steps ("Buatkan juga KIA?" Ya; Tidak)."""

    life_event = models.ForeignKey(LifeEvent, on_delete=models.CASCADE, related_name="questions")
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(_("kunci"), max_length=60)
    order = models.PositiveSmallIntegerField(_("urutan"))
    text = models.CharField(_("pertanyaan"), max_length=200)
    options = models.JSONField(_("pilihan jawaban"), default=list)

    class Meta:
        verbose_name = _("pertanyaan peristiwa hidup")
        verbose_name_plural = _("pertanyaan peristiwa hidup")
        ordering = ["life_event", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["life_event", "key"], name="journey_question_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class JourneyStep(models.Model):
    """One service of a life event.

    `needs`: keys of steps whose product this one needs (they come first when chosen);
    `when_question`/`when_answers`: the step is in the plan only under these answers
    (empty: always); `produces`: document keys its product gives the citizen, so a later
    step does not ask for them; `service_answers`: answers to the service's own condition
    questions that hold in this life event (they pick its requirements);
    `requirement_documents`: {requirement name: document key} where the name alone does
    not say which document it is ("Dokumen dasar perubahan" is the akta kelahiran in a
    birth); `product_same_day`: overrides the catalog's processing time when it says days
    but the product is in hand the same day (NIB from OSS).
    """

    life_event = models.ForeignKey(LifeEvent, on_delete=models.CASCADE, related_name="steps")
    mpp = models.ForeignKey("tenancy.Mpp", on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(_("kunci"), max_length=60)
    order = models.PositiveSmallIntegerField(_("urutan"))
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.PROTECT, related_name="journey_steps"
    )
    needs = models.JSONField(_("memerlukan langkah"), default=list, blank=True)
    when_question = models.SlugField(_("berlaku jika pertanyaan"), max_length=60, blank=True)
    when_answers = models.JSONField(_("dijawab"), default=list, blank=True)
    produces = models.JSONField(_("menghasilkan dokumen"), default=list, blank=True)
    service_answers = models.JSONField(_("jawaban syarat layanan"), default=list, blank=True)
    requirement_documents = models.JSONField(_("persyaratan ini adalah"), default=dict, blank=True)
    product_same_day = models.BooleanField(_("produk selesai hari itu"), null=True, blank=True)

    class Meta:
        verbose_name = _("langkah peristiwa hidup")
        verbose_name_plural = _("langkah peristiwa hidup")
        ordering = ["life_event", "order"]
        constraints = [
            models.UniqueConstraint(fields=["life_event", "key"], name="journey_step_unique_key"),
            models.UniqueConstraint(
                fields=["life_event", "order"], name="journey_step_unique_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.life_event.key}/{self.key}"


# Verified once, with consent (issue 23 item 4), in its own sub-package.
from satupintu.journeys.consent.models import Consent, DataUse, DocumentCheck  # noqa: E402

__all__ = [
    "Consent",
    "DataUse",
    "DocumentCheck",
    "JourneyDocument",
    "JourneyQuestion",
    "JourneyStep",
    "LifeEvent",
]
