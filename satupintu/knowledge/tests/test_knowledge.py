"""Regulations with their amendments and revocations, articles through review, the amber
"last checked" date, and the search with the catalog's Indonesian analysis."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from satupintu.applications.tests.factories import pdf_bytes
from satupintu.catalog.tests.factories import make_service
from satupintu.knowledge import selectors, services
from satupintu.knowledge.models import ArticleKind, RegulationStatus
from satupintu.knowledge.search import search
from satupintu.knowledge.tests.factories import article, regulation

pytestmark = pytest.mark.django_db


def test_a_revocation_sets_the_status_and_reaches_the_supervisors_list(personas):
    service = make_service(personas.counter_xa.booth, name="Perizinan berusaha")
    old = regulation(
        "pp", "5", 2021, "Penyelenggaraan Perizinan Berusaha Berbasis Risiko", services=[service]
    )
    assert selectors.revoked_bases(personas.mpp_x) == []
    new = regulation("pp", "28", 2025, "Penyelenggaraan Perizinan Berusaha Berbasis Risiko")
    services.record_change(new, revokes=[old])
    old.refresh_from_db()
    assert old.status == RegulationStatus.REVOKED
    flagged = selectors.revoked_bases(personas.mpp_x)
    assert [(b.service, b.regulation) for b in flagged] == [(service, old)]
    assert selectors.revoked_bases(personas.mpp_y) == []


def test_an_amendment_marks_the_old_law_amended(personas):
    old = regulation("uu", "23", 2006, "Administrasi Kependudukan")
    new = regulation("uu", "24", 2013, "Perubahan atas UU 23/2006")
    services.record_change(new, amends=[old])
    old.refresh_from_db()
    assert old.status == RegulationStatus.AMENDED
    assert list(old.amended_by.all()) == [new]


def test_a_pdf_is_checked_as_application_files_are(personas):
    item = regulation()
    with pytest.raises(ValidationError):
        services.attach_pdf(item, SimpleUploadedFile("uu.pdf", b"bukan pdf"))
    services.attach_pdf(item, SimpleUploadedFile("uu.pdf", pdf_bytes()))
    assert item.pdf and item.pdf.name.endswith(".pdf")


def test_an_officers_article_waits_for_the_supervisor(personas):
    draft = article(personas.mpp_x, personas.officer_xa, "Syarat SKCK", "KTP-el dan KK.")
    assert draft.status == "draft"
    assert search("skck", mpp=personas.mpp_x).articles == []
    with pytest.raises(PermissionDenied):
        services.review_article(draft, reviewer=personas.officer_xb)
    with pytest.raises(PermissionDenied):
        services.review_article(draft, reviewer=personas.supervisor_y)
    services.review_article(draft, reviewer=personas.supervisor_x)
    assert draft.status == "reviewed" and draft.last_checked == timezone.localdate()
    assert search("skck", mpp=personas.mpp_x).articles == [draft]
    assert search("skck", mpp=personas.mpp_y).articles == []


def test_last_checked_turns_amber_after_the_configured_days(personas, settings):
    item = article(personas.mpp_x, personas.supervisor_x, "Biaya KTP-el", "Gratis.")
    today = timezone.localdate()
    item.last_checked = today - dt.timedelta(days=181)
    assert selectors.is_stale(item)
    settings.KNOWLEDGE_STALE_DAYS = 365
    assert not selectors.is_stale(item)
    item.save()
    assert selectors.stale_articles(personas.mpp_x) == []
    settings.KNOWLEDGE_STALE_DAYS = 30
    assert selectors.stale_articles(personas.mpp_x) == [item]


def test_search_stems_fixes_typos_and_finds_regulations_and_answers(personas):
    law = regulation("uu", "25", 2009, "Pelayanan Publik")
    answer = article(
        personas.mpp_x,
        personas.supervisor_x,
        "Perpanjangan SIM A",
        "Bawa SIM lama dan surat keterangan sehat.",
        sources=[law],
    )
    found = search("pelayanan publk", mpp=personas.mpp_x)  # a typo
    assert law in found.regulations
    assert found.query.corrected
    assert search("memperpanjang sim", mpp=personas.mpp_x).articles == [answer]  # a stem
    assert search("uu 25 2009", mpp=personas.mpp_x).regulations[0] == law


def test_the_public_sees_only_reviewed_public_questions(personas):
    shown = article(
        personas.mpp_x,
        personas.supervisor_x,
        "Apakah KTP-el berbayar?",
        "Tidak, gratis.",
        public=True,
    )
    article(personas.mpp_x, personas.supervisor_x, "Catatan internal KTP-el", "Internal.")
    article(personas.mpp_x, personas.officer_xa, "Draf KTP-el", "Belum ditinjau.", public=True)
    found = search("ktp", mpp=personas.mpp_x, public=True)
    assert found.articles == [shown] and found.regulations == []


def test_reply_templates_put_the_agencys_own_first(personas):
    general = article(
        personas.mpp_x, personas.supervisor_x, "Antrian lama", "Maaf.", kind=ArticleKind.REPLY
    )
    own = article(
        personas.mpp_x,
        personas.supervisor_x,
        "Pungutan liar",
        "Ditindak.",
        kind=ArticleKind.REPLY,
        agency=personas.counter_xa.booth.agency,
    )
    agency_id = personas.counter_xa.booth.agency_id
    assert selectors.reply_templates(personas.mpp_x.pk, agency_id) == [own, general]
