"""The knowledge base over JSON: regulations (public law, anyone reads them), the caller's
MPP's reviewed articles (officers and the supervisor) and the search over both."""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt
from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.core.api import ERRORS, PUBLIC_ERRORS
from satupintu.knowledge import selectors
from satupintu.knowledge.access import access_article, knowledge_mpp
from satupintu.knowledge.models import Article, Regulation, RegulationStatus
from satupintu.knowledge.search import MAX_QUERY_LENGTH, search

router = Router(tags=["Basis pengetahuan"])
MAX_LIST = 500


class RegulationRefOut(Schema):
    id: int
    citation: str
    title: str
    status: str


class RegulationOut(RegulationRefOut):
    kind: str
    number: str
    year: int
    issuer: str
    enacted_on: dt.date | None
    in_force_on: dt.date | None
    summary: str
    has_pdf: bool
    services: list[str] = Field(description="Kode layanan katalog yang diatur.")
    amended_by: list[RegulationRefOut]
    revoked_by: list[RegulationRefOut]


class ArticleOut(Schema):
    id: int
    kind: str = Field(description="`article`, `qa` (tanya-jawab) atau `reply` (templat balasan).")
    title: str
    body: str
    agency: str | None
    public: bool
    last_checked: dt.date | None
    needs_check: bool = Field(description="Belum diperiksa lebih lama dari batas yang diatur.")
    sources: list[RegulationRefOut]


class SearchOut(Schema):
    query: str
    corrected: str
    regulations: list[RegulationRefOut]
    articles: list[ArticleOut]


def _ref(r: Regulation) -> RegulationRefOut:
    return RegulationRefOut(id=r.pk, citation=r.citation, title=r.title, status=r.status)


def regulation_out(r: Regulation) -> RegulationOut:
    return RegulationOut(
        **_ref(r).dict(),
        kind=r.kind,
        number=r.number,
        year=r.year,
        issuer=r.issuer,
        enacted_on=r.enacted_on,
        in_force_on=r.in_force_on,
        summary=r.summary,
        has_pdf=bool(r.pdf),
        services=sorted({s.code for s in r.services.all()}),
        amended_by=[_ref(x) for x in r.amended_by.all()],
        revoked_by=[_ref(x) for x in r.revoked_by.all()],
    )


def article_out(a: Article) -> ArticleOut:
    return ArticleOut(
        id=a.pk,
        kind=a.kind,
        title=a.title,
        body=a.body,
        agency=a.agency.short_name if a.agency else None,
        public=a.public,
        last_checked=a.last_checked,
        needs_check=selectors.is_stale(a),
        sources=[_ref(r) for r in a.sources.all()],
    )


StatusFilter = Annotated[
    RegulationStatus | None, Query(description="`in_force`, `amended` atau `revoked`.")
]


@router.get(
    "/knowledge/regulations",
    response={200: list[RegulationOut], **PUBLIC_ERRORS},
    auth=None,
    summary="Peraturan dalam basis pengetahuan, terbaru dahulu",
)
def list_regulations(request: HttpRequest, status: StatusFilter = None):
    return [regulation_out(r) for r in selectors.regulations(status)[:MAX_LIST]]


@router.get(
    "/knowledge/regulations/{regulation_id}",
    response={200: RegulationOut, **PUBLIC_ERRORS},
    auth=None,
    summary="Satu peraturan: status, layanan yang diatur, perubahan dan pencabutannya",
)
def get_regulation(request: HttpRequest, regulation_id: int):
    found = selectors.regulations().filter(pk=regulation_id).first()
    if found is None:
        raise Http404(_("Peraturan tidak ditemukan."))
    return regulation_out(found)


@router.get(
    "/knowledge/articles",
    response={200: list[ArticleOut], **ERRORS},
    auth=authenticated,
    summary="Artikel, tanya-jawab dan templat balasan yang sudah ditinjau di MPP pemanggil",
)
def list_articles(request: HttpRequest):
    mpp = knowledge_mpp(acting_user(request))
    rows = selectors.reviewed_articles(mpp).prefetch_related("sources")
    return [article_out(a) for a in rows[:MAX_LIST]]


@router.get(
    "/knowledge/articles/{article_id}",
    response={200: ArticleOut, **ERRORS},
    auth=authenticated,
    summary="Satu artikel (draf hanya untuk penulisnya dan pengelola MPP)",
)
def get_article(request: HttpRequest, article_id: int):
    return article_out(access_article(acting_user(request), article_id))


@router.get(
    "/knowledge/search",
    response={200: SearchOut, **ERRORS},
    auth=authenticated,
    summary="Cari peraturan dan jawaban (pencarian bahasa Indonesia katalog)",
)
def search_knowledge(
    request: HttpRequest,
    q: Annotated[str, Query(max_length=MAX_QUERY_LENGTH, pattern=r"^[^\x00]*$")] = "",
):
    mpp = knowledge_mpp(acting_user(request))
    found = search(q, mpp=mpp)
    return SearchOut(
        query=q,
        corrected=found.query.corrected if found.query else "",
        regulations=[_ref(r) for r in found.regulations],
        articles=[article_out(a) for a in found.articles],
    )
