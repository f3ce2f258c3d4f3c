"""The reading's JSON: service suggestions from a citizen's own words (`suggest.py`).

Each file's reading is shown by the applications API (`files[].reading`)."""

# No `from __future__ import annotations`: django-ninja resolves the annotations here.
from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Schema

from satupintu.catalog.search.query import MAX_QUERY_LENGTH
from satupintu.core.api import NO_NUL, PUBLIC_ERRORS, MppSlug
from satupintu.reading.suggest import suggest
from satupintu.tenancy.selectors import mpp_by_slug

router = Router(tags=["Saran layanan"])

Words = Annotated[
    str,
    Query(
        min_length=1,
        max_length=MAX_QUERY_LENGTH,
        pattern=NO_NUL,
        description="Kebutuhan warga dengan kata-katanya sendiri, mis. "
        "`anak baru lahir mau bikin akte`.",
    ),
]


class AgencyRefOut(Schema):
    code: str
    name: str


class SuggestionOut(Schema):
    code: str
    name: str
    agency: AgencyRefOut
    score: float


@router.get(
    "/mpps/{slug}/suggest",
    response={200: list[SuggestionOut], **PUBLIC_ERRORS},
    summary="Saran layanan dari kalimat warga",
    description="Layanan MPP yang paling mungkin dimaksud (paling banyak 5), yang paling "
    "cocok dahulu, dengan instansinya: dari pencarian katalog dan basis pengetahuan.",
)
def suggest_services(request: HttpRequest, slug: MppSlug, q: Words):
    mpp = mpp_by_slug(slug)
    return [
        SuggestionOut(
            code=s.service.code,
            name=s.service.current.name,  # type: ignore[attr-defined]
            agency=AgencyRefOut(code=s.service.agency.code, name=s.service.agency.name),
            score=s.score,
        )
        for s in suggest(mpp, q)
    ]
