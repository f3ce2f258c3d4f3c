"""Public catalog endpoints: an MPP's services (ranked by a search query when one is given),
search across MPPs, and one full service standard. /api/v1/mpps/{slug}/services…,
/api/v1/services/search"""

# No `from __future__ import annotations` here: @paginate wraps the view, and django-ninja
# then resolves string annotations such as "MppSlug" in its own module, where they fail.
import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from satupintu.catalog import selectors
from satupintu.catalog.models import DocumentForm, Service, ServiceVersion, TimeUnit
from satupintu.catalog.search.query import MAX_QUERY_LENGTH, SearchHit, search_services
from satupintu.core.api import NO_NUL, PUBLIC_ERRORS, MppSlug, Pages
from satupintu.tenancy.models import Mpp
from satupintu.tenancy.selectors import mpp_by_slug

router = Router(tags=["Katalog layanan"])

SearchText = Annotated[
    str,
    Query(
        min_length=1,
        max_length=MAX_QUERY_LENGTH,
        pattern=NO_NUL,
        description="Kata pencarian seperti warga menulisnya, mis. `bikin ktp`, `perpanjang sim`.",
    ),
]
OptionalSearchText = Annotated[
    str | None,
    Query(
        max_length=MAX_QUERY_LENGTH,
        pattern=NO_NUL,
        description="Kata pencarian; bila diisi, hasil diurutkan dari yang paling cocok.",
    ),
]
AgencyFilter = Annotated[
    str | None,
    Query(pattern=r"^[A-Z0-9][A-Z0-9-]*$", max_length=40, description="Kode instansi, mis. `DJP`."),
]
CategoryFilter = Annotated[
    str | None,
    Query(pattern=r"^[-a-z0-9_]+$", max_length=60, description="Kategori, mis. `kependudukan`."),
]
ServiceCode = Annotated[
    str,
    Path(pattern=r"^[A-Z]{1,3}[0-9]{2,3}$", max_length=10, description="Kode layanan, mis. `C03`."),
]


class AgencyRef(Schema):
    code: str
    name: str
    short_name: str


class CategoryRef(Schema):
    slug: str
    name: str


class FeeOut(Schema):
    amount: int | None = Field(description="Rupiah; 0 = gratis; null bila bervariasi")
    kind: str = Field(description="fixed, fixed_plus_variable, variable, per_unit, unknown")
    label: str = Field(description="Untuk dibaca orang, mis. `Gratis`, `Rp80.000`")


class ProcessingTimeOut(Schema):
    value: int | None
    unit: str | None = Field(description="minutes, hours, days, working_days")
    label: str = Field(description="Untuk dibaca orang, mis. `14 hari kerja`")


class ServiceItemOut(Schema):
    code: str
    name: str
    mpp: str = Field(description="Slug MPP tempat layanan ini")
    mpp_name: str
    url: str = Field(description="Halaman layanan, mis. `/mpp/banyumas/layanan/C03/`")
    agency: AgencyRef
    category: CategoryRef
    fee: FeeOut
    processing_time: ProcessingTimeOut
    product: str
    uses_queue: bool
    uses_appointment: bool
    online_application: bool
    fully_online: bool
    version: int = Field(description="Nomor versi standar pelayanan yang berlaku")
    score: int | None = Field(None, description="Skor kecocokan (hanya pada pencarian)")
    matched_in: str | None = Field(
        None, description="Bagian terbaik yang cocok: name, keywords, requirements, description"
    )


class RequirementOut(Schema):
    name: str
    notes: str
    form: str
    form_label: str
    count: int
    is_optional: bool
    uploadable: bool
    file_types: list[str]
    applies_when: list[str] = Field(
        default_factory=list,
        description="Jawaban pertanyaan syarat yang membuat persyaratan ini berlaku; "
        "kosong = selalu berlaku.",
    )
    condition: str = Field("", description="Mis. “jika hilang”.")


class QuestionOut(Schema):
    text: str
    options: list[str]


class StepOut(Schema):
    order: int
    description: str
    actor: str


class FeeVariantOut(Schema):
    name: str
    amount: int
    legal_basis: str


class FeeDetailOut(FeeOut):
    legal_basis: str
    variants: list[FeeVariantOut]


class ProcessingTimeDetailOut(ProcessingTimeOut):
    note: str


class VersionOut(Schema):
    number: int
    effective_from: dt.date
    reason: str


class ManagementOut(Schema):
    """Komponen pengelolaan pelayanan (PermenPANRB 15/2014)."""

    facilities: str
    staff_competence: str
    internal_supervision: str
    staff_count: str
    service_guarantee: str
    safety_guarantee: str
    performance_evaluation: str


class ServiceDetailOut(Schema):
    code: str
    name: str
    description: str
    keywords: str
    mpp: str
    mpp_name: str
    url: str
    agency: AgencyRef
    category: CategoryRef
    uses_queue: bool
    uses_appointment: bool
    online_application: bool
    fully_online: bool
    version: VersionOut
    requirements: list[RequirementOut]
    questions: list[QuestionOut] = Field(
        default_factory=list, description="Pertanyaan syarat: jawabannya menentukan persyaratan."
    )
    steps: list[StepOut]
    fee: FeeDetailOut
    processing_time: ProcessingTimeDetailOut
    product: str
    complaint_handling: str
    legal_basis: str
    management: ManagementOut


# --- reading a service the way the schemas above say ------------------------------------
def _fee(version: ServiceVersion) -> dict:
    return {
        "amount": version.fee_rupiah,
        "kind": version.fee_kind,
        "label": selectors.fee_label(version),
    }


def _time(version: ServiceVersion) -> dict:
    unit = version.processing_time_unit
    return {
        "value": version.processing_time_value,
        "unit": TimeUnit(unit).value if unit else None,
        "label": selectors.processing_time_label(version),
    }


def _common(service: Service, version: ServiceVersion, mpp: Mpp) -> dict:
    return {
        "code": service.code,
        "name": version.name,
        "mpp": mpp.slug,
        "mpp_name": mpp.name,
        "url": reverse("catalog_public:service", args=[mpp.slug, service.code]),
        "agency": {
            "code": service.agency.code,
            "name": service.agency.name,
            "short_name": service.agency.short_name,
        },
        "category": {"slug": service.category.slug, "name": service.category.name},
        "uses_queue": service.uses_queue,
        "uses_appointment": service.uses_appointment,
        "online_application": service.online_application,
        "fully_online": service.fully_online,
    }


def _item(service: Service, mpp: Mpp, hit: SearchHit | None = None) -> dict:
    version: ServiceVersion = service.current  # type: ignore[attr-defined]
    return {
        **_common(service, version, mpp),
        "fee": _fee(version),
        "processing_time": _time(version),
        "product": version.product,
        "version": version.number,
        "score": hit.score if hit else None,
        "matched_in": hit.matched_in if hit else None,
    }


def _detail(service: Service, mpp: Mpp) -> dict:
    version: ServiceVersion = service.current  # type: ignore[attr-defined]
    return {
        **_common(service, version, mpp),
        "description": version.description,
        "keywords": version.keywords,
        "version": {
            "number": version.number,
            "effective_from": version.effective_from,
            "reason": version.reason,
        },
        "requirements": [
            {
                "name": r.name,
                "notes": r.notes,
                "form": r.form,
                "form_label": str(DocumentForm(r.form).label),
                "count": r.count,
                "is_optional": r.is_optional,
                "uploadable": r.uploadable,
                "file_types": [t.strip() for t in r.file_types.split(",") if t.strip()],
                "applies_when": r.answers,
                "condition": r.condition_label,
            }
            for r in version.requirements.all()
        ],
        "questions": [{"text": q.text, "options": q.option_list} for q in version.questions.all()],
        "steps": [
            {"order": s.order, "description": s.description, "actor": s.actor}
            for s in version.steps.all()
        ],
        "fee": {
            **_fee(version),
            "legal_basis": version.fee_legal_basis,
            "variants": [
                {"name": f.name, "amount": f.amount_rupiah, "legal_basis": f.legal_basis}
                for f in version.fee_variants.all()
            ],
        },
        "processing_time": {**_time(version), "note": version.processing_time_note},
        "product": version.product,
        "complaint_handling": version.complaint_handling,
        "legal_basis": version.legal_basis,
        "management": {
            name: getattr(version, name)
            for name in (
                "facilities",
                "staff_competence",
                "internal_supervision",
                "staff_count",
                "service_guarantee",
                "safety_guarantee",
                "performance_evaluation",
            )
        },
    }


# --- endpoints -------------------------------------------------------------------------
@router.get(
    "/mpps/{slug}/services",
    response={200: list[ServiceItemOut], **PUBLIC_ERRORS},
    summary="Layanan di satu MPP (dengan pencarian)",
    description=(
        "Tanpa `q`: semua layanan yang berlaku, urut kode. Dengan `q`: layanan yang cocok, "
        "yang paling cocok dahulu (paling banyak 200; yang skornya jauh di bawah hasil "
        "terbaik tidak ditampilkan). `agency` dan `category` menyaring keduanya."
    ),
)
@paginate(Pages, page_size=50)
def list_services(
    request: HttpRequest,
    slug: MppSlug,
    q: OptionalSearchText = None,
    agency: AgencyFilter = None,
    category: CategoryFilter = None,
):
    mpp = mpp_by_slug(slug)
    if q is not None and q.strip():
        hits = search_services(q, mpp=mpp, agency=agency, category=category)
        return [_item(hit.service, mpp, hit) for hit in hits]
    return [_item(s, mpp) for s in selectors.catalog_of(mpp, agency=agency, category=category)]


@router.get(
    "/services/search",
    response={200: list[ServiceItemOut], **PUBLIC_ERRORS},
    summary="Cari layanan di semua MPP",
    description="Hasil dari semua MPP yang aktif, yang paling cocok dahulu; "
    "`mpp` pada tiap hasil menyebut MPP-nya.",
)
@paginate(Pages, page_size=50)
def search_all(request: HttpRequest, q: SearchText, category: CategoryFilter = None):
    return [_item(h.service, h.service.mpp, h) for h in search_services(q, category=category)]


@router.get(
    "/mpps/{slug}/services/{code}",
    response={200: ServiceDetailOut, **PUBLIC_ERRORS},
    summary="Standar pelayanan satu layanan",
)
def get_service(request: HttpRequest, slug: MppSlug, code: ServiceCode):
    mpp = mpp_by_slug(slug)
    return _detail(selectors.service_at(mpp, code), mpp)
