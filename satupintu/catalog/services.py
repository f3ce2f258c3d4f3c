"""Writes to the catalog: create services, publish new versions of their standard,
assign them to counters. Published versions are never edited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.catalog import conditions
from satupintu.catalog.models import (
    Category,
    ConditionQuestion,
    CounterService,
    FeeVariant,
    ProcedureStep,
    Requirement,
    Service,
    ServiceVersion,
)
from satupintu.catalog.search.index import index_service
from satupintu.catalog.standard import (
    ServiceSettings,
    StandardContent,
    VersionMeta,
    content_of,
    normalised,
    settings_of,
)
from satupintu.tenancy.models import Agency, Counter, Mpp

DEFAULT_CATEGORIES = [
    ("kependudukan", "Kependudukan dan pencatatan sipil"),
    ("perizinan-usaha", "Perizinan dan usaha"),
    ("kepolisian", "Kepolisian"),
    ("kendaraan-bermotor", "Kendaraan bermotor (Samsat)"),
    ("keimigrasian", "Keimigrasian"),
    ("perpajakan", "Perpajakan dan retribusi"),
    ("jaminan-sosial", "Jaminan sosial"),
    ("utilitas", "Air, listrik dan utilitas"),
    ("perbankan", "Perbankan"),
    ("pertanahan", "Pertanahan"),
    ("ketenagakerjaan", "Ketenagakerjaan"),
    ("kesehatan", "Kesehatan"),
    ("lingkungan-hidup", "Lingkungan hidup"),
    ("lainnya", "Layanan lainnya"),
]


def ensure_default_categories() -> None:
    """The categories every deployment starts with (also added by migration 0002)."""
    for order, (slug, name) in enumerate(DEFAULT_CATEGORIES, start=1):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


@transaction.atomic
def create_service(
    *,
    mpp: Mpp,
    agency: Agency,
    code: str,
    standard_key: str,
    category: Category,
    content: StandardContent,
    meta: VersionMeta,
    author: User | None = None,
    uses_queue: bool = True,
    uses_appointment: bool = False,
    online_application: bool = False,
    fully_online: bool = False,
) -> Service:
    """A new service at an MPP with its first published standard (version 1)."""
    if not agency.booths.filter(mpp=mpp).exists():
        raise ValidationError(_("Instansi ini tidak memiliki gerai di MPP ini."), code="agency")
    service = Service(
        mpp=mpp,
        agency=agency,
        code=code,
        standard_key=standard_key,
        category=category,
        uses_queue=uses_queue,
        uses_appointment=uses_appointment,
        online_application=online_application,
        fully_online=fully_online,
    )
    service.full_clean()
    service.save()
    publish_version(service=service, content=content, meta=meta, author=author)
    return service


@transaction.atomic
def publish_version(
    *,
    service: Service,
    content: StandardContent,
    meta: VersionMeta,
    author: User | None = None,
) -> ServiceVersion:
    """Publish the next version of a service standard.

    The service row is locked so two supervisors publishing at once get consecutive
    numbers instead of a collision; the unique (service, number) constraint backs it.
    """
    Service.objects.select_for_update().filter(pk=service.pk).first()
    last = ServiceVersion.objects.filter(service=service).aggregate(n=Max("number"))["n"] or 0
    version = ServiceVersion(
        service=service,
        mpp_id=service.mpp_id,
        number=last + 1,
        effective_from=meta.effective_from,
        author=author,
        reason=meta.reason,
        **{name: getattr(content, name) for name in StandardContent.text_fields()},
    )
    version.full_clean()
    conditions.check(content.questions, content.requirements)
    version.save()
    ConditionQuestion.objects.bulk_create(
        ConditionQuestion(version=version, order=i, **vars(q))
        for i, q in enumerate(content.questions, 1)
    )
    Requirement.objects.bulk_create(
        Requirement(version=version, order=i, **vars(r))
        for i, r in enumerate(content.requirements, 1)
    )
    ProcedureStep.objects.bulk_create(
        ProcedureStep(version=version, order=i, **vars(s)) for i, s in enumerate(content.steps, 1)
    )
    FeeVariant.objects.bulk_create(
        FeeVariant(version=version, order=i, **vars(f))
        for i, f in enumerate(content.fee_variants, 1)
    )
    # In this transaction, so the index never disagrees with what was published;
    # create_service publishes its version 1 through here too.
    index_service(service)
    return version


@transaction.atomic
def assign_service_to_counter(
    *, counter: Counter, service: Service, preference: int = 1
) -> CounterService:
    """Let `counter` serve `service`; both must be at the same MPP and agency."""
    if counter.mpp_id != service.mpp_id:
        raise ValidationError(_("Loket dan layanan harus berada di MPP yang sama."), code="mpp")
    if counter.booth.agency_id != service.agency_id:
        raise ValidationError(_("Loket hanya melayani layanan instansinya."), code="agency")
    link, _created = CounterService.objects.update_or_create(
        counter=counter,
        service=service,
        defaults={"mpp_id": counter.mpp_id, "preference": preference},
    )
    return link


# --- editing: what supervisors and imports change -------------------------------
@transaction.atomic
def revise_service(
    *,
    service: Service,
    content: StandardContent | None,
    settings: ServiceSettings,
    meta: VersionMeta,
    author: User | None = None,
    based_on: int | None = None,
) -> ServiceVersion | None:
    """Apply an edit of a service: publish `content` as its next version when it differs
    from the newest one, and change its category and channels when they differ.

    `content=None` keeps the standard as it is (an import row that only moves a service
    to another category). `based_on` is the version number the editor started from: if
    somebody published in between, the edit is refused instead of silently replacing
    their version. Returns the new version, or None when only the settings changed.
    """
    locked = Service.objects.select_for_update().select_related("category").get(pk=service.pk)
    latest = (
        ServiceVersion.objects.filter(service=locked)
        .prefetch_related("requirements", "steps", "fee_variants", "questions")
        .order_by("-number")
        .first()
    )
    if based_on is not None and (latest.number if latest else 0) != based_on:
        raise ValidationError(
            _(
                "Sementara Anda mengubah, versi %(number)s sudah diterbitkan orang lain. "
                "Periksa versi itu, lalu simpan perubahan Anda lagi."
            )
            % {"number": latest.number if latest else 0},
            code="stale",
        )
    if (
        content is not None
        and latest is not None
        and normalised(content) == normalised(content_of(latest))
    ):
        content = None
    settings_changed = settings_of(locked) != settings
    if content is None and not settings_changed:
        raise ValidationError(
            _("Tidak ada perubahan: isian sama dengan versi terakhir."), code="unchanged"
        )
    if settings_changed:
        category = Category.objects.filter(slug=settings.category).first()
        if category is None:
            raise ValidationError(_("Kategori layanan tidak dikenal."), code="category")
        locked.category = category
        for flag in ("uses_queue", "uses_appointment", "online_application", "fully_online"):
            setattr(locked, flag, getattr(settings, flag))
        locked.save(
            update_fields=[
                "category",
                "uses_queue",
                "uses_appointment",
                "online_application",
                "fully_online",
            ]
        )
    if content is None:
        return None
    return publish_version(service=locked, content=content, meta=meta, author=author)
