"""Who reads and writes the knowledge base.

- Officers and the supervisor of an MPP read its reviewed articles and every regulation;
  they write articles (an officer's go to review; the supervisor's are reviewed).
- The supervisor reviews, re-checks, and sees drafts and revoked legal bases.
- Citizens see regulations on service pages and public reviewed Q&A on the complaint form.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.accounts.roles import has_role, is_supervisor_of
from satupintu.knowledge.models import Article, ArticleStatus
from satupintu.tenancy.models import Mpp


def knowledge_mpp(user: User) -> Mpp:
    """The MPP whose knowledge base `user` reads: their own, as its officer or supervisor."""
    mpp = user.mpp if user.is_authenticated else None
    if mpp is None or not (has_role(user, Role.OFFICER) or has_role(user, Role.SUPERVISOR)):
        raise PermissionDenied(_("Halaman ini untuk petugas dan pengelola MPP."))
    return mpp


def access_article(user: User, pk: int) -> Article:
    """An article `user` may read: reviewed ones of their MPP; drafts for their author and
    the supervisor. 404 otherwise."""
    mpp = knowledge_mpp(user)
    article = Article.objects.select_related("agency", "mpp").filter(pk=pk, mpp=mpp).first()
    if article is None:
        raise Http404(_("Artikel tidak ditemukan."))
    if article.status == ArticleStatus.DRAFT and not (
        is_supervisor_of(user, mpp) or article.author_id == user.pk
    ):
        raise Http404(_("Artikel tidak ditemukan."))
    return article
