from __future__ import annotations

from satupintu.knowledge import services
from satupintu.knowledge.models import Article, ArticleKind, Regulation


def regulation(kind="uu", number="25", year=2009, title="Pelayanan Publik", **kw) -> Regulation:
    svc = kw.pop("services", None)
    item = Regulation(kind=kind, number=number, year=year, title=title, **kw)
    return services.save_regulation(item, services=svc)


def article(mpp, author, title, body, kind=ArticleKind.QA, sources=(), **kw) -> Article:
    item = Article(mpp=mpp, kind=kind, title=title, body=body, **kw)
    return services.write_article(item, author=author, sources=sources)
