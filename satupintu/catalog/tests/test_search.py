"""Service search over the database's full-text index: ranking, filters, MPPs, freshness."""

import datetime as dt

import pytest
from django.core.management import call_command

from satupintu.catalog.search.backends import Filters, backend
from satupintu.catalog.search.index import rebuild_index
from satupintu.catalog.search.query import search, search_services
from satupintu.catalog.services import publish_version
from satupintu.catalog.standard import RequirementData, VersionMeta
from satupintu.catalog.tests.factories import make_service
from satupintu.tenancy.tests.factories import BoothFactory, MppFactory

pytestmark = pytest.mark.django_db
NEXT_YEAR = VersionMeta(reason="Ganti nama", effective_from=dt.date(2099, 1, 1))
NOW = VersionMeta(reason="Ganti nama", effective_from=dt.date(2024, 6, 1))


def codes(hits) -> list[str]:
    return [h.service.code for h in hits]


def make(booth, code: str, name: str, **overrides):
    """A service whose only words are the ones the test gives (no default product/KK)."""
    overrides = {"product": "", "requirements": (), **overrides}
    return make_service(booth, code=code, name=name, **overrides)


@pytest.fixture
def booth():
    return BoothFactory(queue_prefix="A")


def test_a_match_in_the_name_beats_keywords_requirements_and_description(booth):
    """name > keywords > requirements > description, each a match of the same word."""
    in_description = make(booth, "A01", name="Layanan satu", description="legalisir")
    in_requirements = make_service(
        booth, code="A02", name="Layanan dua", requirements=(RequirementData("Legalisir"),)
    )
    in_keywords = make(booth, "A03", name="Layanan tiga", keywords="legalisir")
    in_name = make(booth, "A04", name="Legalisir dokumen")
    scored = backend().score({"legalisir": 100}, Filters(mpp_id=booth.mpp_id), limit=10)
    order = [in_name, in_keywords, in_requirements, in_description]
    assert [s.service_id for s in scored] == [s.pk for s in order]
    assert [s.best for s in scored] == [8, 4, 2, 1]
    # The page and the API leave out what scores far below the best result.
    hits = search_services("legalisir", mpp=booth.mpp)
    assert codes(hits) == ["A04", "A03"]
    assert [h.matched_in for h in hits] == ["name", "keywords"]


def test_more_of_the_query_in_the_name_ranks_higher(booth):
    make(booth, "A01", name="Penerbitan SIM A baru")
    make(booth, "A02", name="Perpanjangan SIM A")
    make(booth, "A03", name="Perpanjangan SKCK")
    hits = search_services("perpanjang sim", mpp=booth.mpp)
    assert codes(hits)[0] == "A02"
    assert hits[0].score > hits[1].score == hits[2].score


def test_a_rare_word_counts_more_than_a_common_one(booth):
    for n in range(1, 6):
        make(booth, f"A0{n}", f"Penerbitan surat baru {n}")
    make(booth, "A09", name="Paspor biasa")
    assert codes(search_services("paspor baru", mpp=booth.mpp))[0] == "A09"


def test_citizen_words_find_official_names(booth):
    make(booth, "A01", name="Penerbitan SKCK baru")
    make(booth, "A02", name="Pembayaran PBB-P2")
    make(booth, "A03", name="Pendampingan Nomor Induk Berusaha (NIB)")
    make(booth, "A04", name="Paspor biasa 5 tahun")
    make(booth, "A05", name="Penerbitan kutipan akta kelahiran")
    mpp = booth.mpp
    assert codes(search_services("surat kelakuan baik", mpp=mpp)) == ["A01"]
    assert codes(search_services("bayar pajak bumi dan bangunan", mpp=mpp))[0] == "A02"
    assert codes(search_services("izin usaha warung", mpp=mpp)) == ["A03"]
    assert codes(search_services("paspor umroh", mpp=mpp)) == ["A04"]
    assert codes(search_services("gimana cara bikin akte lahir anak", mpp=mpp)) == ["A05"]


def test_a_typo_is_corrected_and_said(booth):
    make(booth, "A01", name="Paspor biasa 5 tahun")
    result = search("pasport", mpp=booth.mpp)
    assert codes(result.hits) == ["A01"]
    assert result.query.corrected == "paspor"
    assert search("paspor", mpp=booth.mpp).query.corrected == ""


def test_search_across_mpps_says_which_mpp_and_a_filter_keeps_one():
    banyumas = BoothFactory(mpp=MppFactory(slug="banyumas"), queue_prefix="A")
    purbalingga = BoothFactory(mpp=MppFactory(slug="purbalingga"), queue_prefix="A")
    make(banyumas, "A01", name="Perekaman KTP-el")
    make(purbalingga, "A01", name="Perekaman KTP-el baru")
    make(purbalingga, "A02", name="Paspor")
    hits = search_services("bikin ktp")
    assert sorted(h.service.mpp.slug for h in hits) == ["banyumas", "purbalingga"]
    assert codes(search_services("bikin ktp", mpp=banyumas.mpp)) == ["A01"]
    assert [h.service.mpp.slug for h in search_services("ktp", mpp=purbalingga.mpp)] == [
        "purbalingga"
    ]


def test_agency_and_category_filters(booth):
    other = BoothFactory(mpp=booth.mpp, queue_prefix="B")
    make(booth, "A01", name="Legalisir KK", category="kependudukan")
    make(other, "B01", name="Legalisir izin", category="perizinan-usaha")
    mpp = booth.mpp
    assert codes(search_services("legalisir", mpp=mpp)) == ["A01", "B01"]
    assert codes(search_services("legalisir", mpp=mpp, agency=other.agency.code)) == ["B01"]
    assert codes(search_services("legalisir", mpp=mpp, category="kependudukan")) == ["A01"]
    assert search_services("legalisir", mpp=mpp, category="kepolisian") == []
    assert search_services("legalisir", mpp=mpp, agency="NOPE") == []


def test_the_index_follows_publish_version(booth):
    service = make(booth, "A01", name="Perekaman KTP-el")
    assert codes(search_services("ktp", mpp=booth.mpp)) == ["A01"]
    publish_version(
        service=service,
        content=_content(name="Surat izin praktik bidan", product="", requirements=()),
        meta=NOW,
    )
    assert search_services("ktp", mpp=booth.mpp) == []
    hits = search_services("izin praktik bidan", mpp=booth.mpp)
    assert codes(hits) == ["A01"]
    assert hits[0].version.number == 2


def test_word_counts_follow_what_services_say_now(booth):
    """The counts weigh query words (a rare word counts more): re-indexing moves them by
    the difference, so publishing often does not make a service's words look common."""
    service = make(booth, "A01", name="Perekaman KTP-el")
    make(booth, "A02", name="Penggantian KTP-el")
    assert backend().words()["ktp"] == 2
    paspor = _content(name="Paspor biasa", product="", requirements=())
    publish_version(service=service, content=paspor, meta=NOW)
    publish_version(service=service, content=paspor, meta=NOW)
    words = backend().words()
    assert (words["ktp"], words["paspor"]) == (1, 1)
    rebuild_index()
    assert backend().words() == words


def test_a_future_version_is_findable_and_the_version_in_force_is_shown(booth):
    service = make(booth, "A01", name="Perekaman KTP-el")
    publish_version(
        service=service, content=_content(name="Paspor elektronik", product=""), meta=NEXT_YEAR
    )
    hits = search_services("paspor", mpp=booth.mpp)
    assert codes(hits) == ["A01"]
    assert hits[0].version.number == 1
    assert hits[0].version.name == "Perekaman KTP-el"


def test_a_service_not_yet_in_force_is_not_shown(booth):
    from satupintu.catalog.models import Category
    from satupintu.catalog.services import create_service

    create_service(
        mpp=booth.mpp,
        agency=booth.agency,
        code="A01",
        standard_key="ktp-nanti",
        category=Category.objects.get(slug="kependudukan"),
        content=_content(name="Perekaman KTP-el"),
        meta=NEXT_YEAR,
    )
    assert search_services("ktp") == []


def test_inactive_services_and_mpps_are_not_found(booth):
    service = make(booth, "A01", name="Perekaman KTP-el")
    service.is_active = False
    service.save(update_fields=["is_active"])
    assert search_services("ktp") == []
    other = BoothFactory(mpp=MppFactory(is_active=False), queue_prefix="A")
    make(other, "A02", name="Perekaman KTP-el")
    assert search_services("ktp") == []


def test_queries_with_nothing_to_search_for_find_nothing(booth):
    make(booth, "A01", name="Perekaman KTP-el")
    for query in ["", "   ", "?!", "🙂", "\x00", "x" * 500]:
        assert search_services(query) == [], query


def test_a_search_takes_a_fixed_number_of_queries(booth, django_assert_max_num_queries):
    for n in range(1, 10):
        make(booth, f"A0{n}", f"Perekaman KTP-el {n}")
    search("ktp")  # warm the vocabulary
    # word count, scoring, services, versions in force
    with django_assert_max_num_queries(4):
        hits = search_services("ktp")
    assert len(hits) == 9


def test_rebuild_indexes_every_service_again(booth):
    make(booth, "A01", name="Perekaman KTP-el")
    backend().clear()
    assert search_services("ktp") == []
    assert rebuild_index() == 1
    assert codes(search_services("ktp")) == ["A01"]
    call_command("rebuild_search_index", stdout=_Null())
    assert codes(search_services("ktp")) == ["A01"]


def _content(**overrides):
    from satupintu.catalog.tests.factories import content

    return content(**overrides)


class _Null:
    def write(self, text: str) -> None:
        pass


def test_vacuum_drops_the_documents_and_words_of_deleted_services(booth):
    gone = make(booth, "A01", name="Perekaman KTP-el")
    make(booth, "A02", name="Penggantian KTP-el")
    gone.delete()
    backend().vacuum()
    assert backend().words()["ktp"] == 1
    assert codes(search_services("ktp")) == ["A02"]


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_no_index_behind(booth):
    """Transactional tests flush the tables between tests; the index must follow, or the
    next test's word counts (and so its ranking) depend on what ran before."""
    make(booth, "A01", name="Perekaman KTP-el")
    call_command("flush", interactive=False, verbosity=0)
    assert backend().words() == {}
    assert backend().word_count() == 0
