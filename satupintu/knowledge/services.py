"""Changing the knowledge base: regulations and their amendments and revocations, articles
written, reviewed and checked. Each change keeps the item's search tokens current."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.roles import is_supervisor_of
from satupintu.applications.files import check_upload
from satupintu.knowledge import notices
from satupintu.knowledge.models import Article, ArticleStatus, Regulation, RegulationStatus
from satupintu.knowledge.search import fill_tokens


def save_regulation(regulation: Regulation, *, services: Iterable | None = None) -> Regulation:
    """Save a regulation (new or edited) with its search tokens and, when given, the
    services it governs."""
    fill_tokens(regulation)
    with transaction.atomic():
        regulation.save()
        if services is not None:
            regulation.services.set(list(services))
    return regulation


@transaction.atomic
def record_change(
    regulation: Regulation,
    *,
    amends: Iterable[Regulation] = (),
    revokes: Iterable[Regulation] = (),
) -> None:
    """`regulation` amends or revokes others: they are linked and their status set (a
    revocation wins over an amendment). A new link tells the officers of every service the
    old one governs (notices.py)."""
    for old in amends:
        new_link = not regulation.amends.filter(pk=old.pk).exists()
        regulation.amends.add(old)
        if old.status != RegulationStatus.REVOKED:
            old.status = RegulationStatus.AMENDED
            old.save(update_fields=["status", "updated_at"])
        if new_link:
            notices.regulation_changed(old, regulation, revoked=False)
    for old in revokes:
        new_link = not regulation.revokes.filter(pk=old.pk).exists()
        regulation.revokes.add(old)
        old.status = RegulationStatus.REVOKED
        old.save(update_fields=["status", "updated_at"])
        if new_link:
            notices.regulation_changed(old, regulation, revoked=True)


def attach_pdf(regulation: Regulation, upload) -> None:
    """The regulation's PDF, checked as application files are (content, size); a
    ValidationError with the reason otherwise."""
    checked = check_upload(upload, allowed="pdf")
    regulation.pdf.save(f"{secrets.token_hex(16)}.pdf", ContentFile(checked.content), save=True)


def write_article(article: Article, *, author: User, services=(), sources=()) -> Article:
    """A new or edited article: back to draft until a supervisor reviews it (a supervisor's
    own writing is reviewed as it is saved)."""
    if not article.title.strip() or not article.body.strip():
        raise ValidationError(_("Judul dan isi wajib diisi."))
    if article.author_id is None:
        article.author = author
    if is_supervisor_of(author, article.mpp):
        _mark_reviewed(article, author)
    else:
        article.status = ArticleStatus.DRAFT
        article.reviewed_by = None
    fill_tokens(article)
    with transaction.atomic():
        article.save()
        article.services.set(list(services))
        article.sources.set(list(sources))
    return article


def _mark_reviewed(article: Article, reviewer: User) -> None:
    article.status = ArticleStatus.REVIEWED
    article.reviewed_by = reviewer
    article.last_checked = timezone.localdate()


def review_article(article: Article, *, reviewer: User) -> Article:
    """The supervisor of the article's MPP approves it: officers see it from now on."""
    if not is_supervisor_of(reviewer, article.mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat meninjau artikel."))
    _mark_reviewed(article, reviewer)
    article.save(update_fields=["status", "reviewed_by", "last_checked", "updated_at"])
    return article


def mark_checked(article: Article, *, reviewer: User) -> Article:
    """Still right: the "last checked" date is today."""
    return review_article(article, reviewer=reviewer)


@transaction.atomic
def enter_regulation(
    regulation: Regulation,
    *,
    user: User,
    mpp,
    services: Iterable,
    amends: Iterable[Regulation] = (),
    revokes: Iterable[Regulation] = (),
    pdf=None,
) -> Regulation:
    """The supervisor of `mpp` adds or edits a regulation: its texts, the services of
    their MPP it governs (other MPPs' links stay), the regulations it amends or revokes
    (a new link sets the old one's status and tells its officers: record_change) and its
    PDF (checked first: a bad file saves nothing)."""
    if not is_supervisor_of(user, mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat mengisi peraturan."))
    checked = check_upload(pdf, allowed="pdf") if pdf else None
    elsewhere = list(regulation.services.exclude(mpp=mpp)) if regulation.pk else []
    save_regulation(regulation, services=[*elsewhere, *services])
    amends, revokes = list(amends), list(revokes)
    regulation.amends.remove(*regulation.amends.exclude(pk__in=[r.pk for r in amends]))
    regulation.revokes.remove(*regulation.revokes.exclude(pk__in=[r.pk for r in revokes]))
    record_change(regulation, amends=amends, revokes=revokes)
    if checked is not None:
        name = f"{secrets.token_hex(16)}.pdf"
        regulation.pdf.save(name, ContentFile(checked.content), save=True)
    return regulation
