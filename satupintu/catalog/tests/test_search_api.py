"""Catalog API: an MPP's services (ranked with q), search across MPPs, one full standard."""

import datetime as dt

import pytest

from satupintu.catalog.standard import FeeVariantData, RequirementData, StepData
from satupintu.catalog.tests.factories import make_service
from satupintu.tenancy.tests.factories import BoothFactory, MppFactory

pytestmark = pytest.mark.django_db
ITEM_KEYS = {
    "code", "name", "mpp", "mpp_name", "url", "agency", "category", "fee", "processing_time",
    "product", "uses_queue", "uses_appointment", "online_application", "fully_online",
    "version", "score", "matched_in",
}  # fmt: skip


@pytest.fixture
def banyumas():
    booth = BoothFactory(
        mpp=MppFactory(slug="banyumas", name="MPP Banyumas"),
        agency__code="POLRESTA",
        agency__short_name="Polresta",
        queue_prefix="C",
    )
    make_service(
        booth,
        code="C03",
        name="Perpanjangan SIM A",
        category="kepolisian",
        product="SIM A",
        fee_rupiah=80_000,
        processing_time_value=2,
        processing_time_unit="hours",
    )
    make_service(
        booth, code="C01", name="Penerbitan SKCK baru", category="kepolisian", product="SKCK"
    )
    dukcapil = BoothFactory(mpp=booth.mpp, agency__code="DINDUKCAPIL", queue_prefix="A")
    make_service(dukcapil, code="A01", name="Perekaman KTP-el baru", product="KTP-el")
    return booth.mpp


def test_without_q_every_service_in_code_order(client, banyumas):
    body = client.get("/api/v1/mpps/banyumas/services").json()
    assert body["count"] == 3
    assert [s["code"] for s in body["items"]] == ["A01", "C01", "C03"]
    item = body["items"][2]
    assert set(item) == ITEM_KEYS
    assert item["agency"] == {
        "code": "POLRESTA",
        "name": item["agency"]["name"],
        "short_name": "Polresta",
    }
    assert item["category"] == {"slug": "kepolisian", "name": "Kepolisian"}
    assert item["fee"] == {"amount": 80_000, "kind": "fixed", "label": "Rp80.000"}
    assert item["processing_time"] == {"value": 2, "unit": "hours", "label": "2 jam"}
    assert item["mpp"] == "banyumas" and item["mpp_name"] == "MPP Banyumas"
    assert item["url"] == "/mpp/banyumas/layanan/C03/"
    assert item["uses_queue"] is True and item["fully_online"] is False
    assert item["version"] == 1
    assert item["score"] is None and item["matched_in"] is None


def test_with_q_the_best_match_first(client, banyumas):
    body = client.get("/api/v1/mpps/banyumas/services", {"q": "perpanjang sim"}).json()
    assert body["items"][0]["code"] == "C03"
    assert body["items"][0]["matched_in"] == "name"
    assert body["items"][0]["score"] > 0
    assert client.get("/api/v1/mpps/banyumas/services", {"q": "bikin ktp"}).json()["count"] == 1


def test_filters_by_agency_and_category_with_and_without_q(client, banyumas):
    def codes(**params):
        body = client.get("/api/v1/mpps/banyumas/services", params).json()
        return [s["code"] for s in body["items"]]

    assert codes(agency="POLRESTA") == ["C01", "C03"]
    assert codes(category="kependudukan") == ["A01"]
    assert codes(q="ktp", agency="POLRESTA") == []
    assert codes(q="sim", category="kepolisian") == ["C03"]
    assert codes(agency="TIDAKADA") == []


def test_a_blank_q_lists_everything(client, banyumas):
    assert client.get("/api/v1/mpps/banyumas/services", {"q": "  "}).json()["count"] == 3


def test_search_across_mpps_names_the_mpp_of_each_result(client, banyumas):
    purbalingga = BoothFactory(mpp=MppFactory(slug="purbalingga"), queue_prefix="A")
    make_service(purbalingga, code="A01", name="Perekaman KTP-el baru", product="KTP-el")
    body = client.get("/api/v1/services/search", {"q": "e-ktp"}).json()
    assert body["count"] == 2
    assert sorted(s["mpp"] for s in body["items"]) == ["banyumas", "purbalingga"]
    assert {s["url"] for s in body["items"]} == {
        "/mpp/banyumas/layanan/A01/",
        "/mpp/purbalingga/layanan/A01/",
    }
    assert set(body["items"][0]) == ITEM_KEYS


def test_one_service_with_its_whole_standard(client):
    booth = BoothFactory(mpp=MppFactory(slug="banyumas"), queue_prefix="C")
    make_service(
        booth,
        code="C05",
        name="Penerbitan SIM A",
        category="kepolisian",
        description="Untuk pengemudi mobil.",
        fee_kind="variable",
        fee_rupiah=None,
        fee_legal_basis="PP 76/2020",
        processing_time_note="Setelah lulus ujian",
        product="Kartu SIM A",
        complaint_handling="SP4N-LAPOR!",
        legal_basis="UU 22/2009",
        facilities="Ruang ujian",
        requirements=(
            RequirementData("KTP-el", form="original_and_copy", count=2, file_types="pdf,jpg"),
            RequirementData("Sertifikat mengemudi", form="copy", is_optional=True),
        ),
        steps=(StepData("Ujian teori", "Pemohon"), StepData("Ujian praktik", "Penguji")),
        fee_variants=(FeeVariantData("SIM A baru", 120_000, "PP 76/2020 lampiran"),),
    )
    body = client.get("/api/v1/mpps/banyumas/services/C05").json()
    assert body["name"] == "Penerbitan SIM A"
    assert body["version"] == {
        "number": 1,
        "effective_from": "2024-01-01",
        "reason": "Standar awal",
    }
    assert body["requirements"][0] == {
        "name": "KTP-el",
        "notes": "",
        "form": "original_and_copy",
        "form_label": "asli dan fotokopi",
        "count": 2,
        "is_optional": False,
        "uploadable": False,
        "file_types": ["pdf", "jpg"],
        "applies_when": [],
        "condition": "",
    }
    assert body["requirements"][1]["is_optional"] is True
    assert body["steps"] == [
        {"order": 1, "description": "Ujian teori", "actor": "Pemohon"},
        {"order": 2, "description": "Ujian praktik", "actor": "Penguji"},
    ]
    assert body["fee"] == {
        "amount": None,
        "kind": "variable",
        "label": "Bervariasi",
        "legal_basis": "PP 76/2020",
        "variants": [
            {"name": "SIM A baru", "amount": 120_000, "legal_basis": "PP 76/2020 lampiran"}
        ],
    }
    assert body["processing_time"]["note"] == "Setelah lulus ujian"
    assert body["product"] == "Kartu SIM A"
    assert body["complaint_handling"] == "SP4N-LAPOR!"
    assert body["legal_basis"] == "UU 22/2009"
    assert body["management"]["facilities"] == "Ruang ujian"
    assert set(body["management"]) == {
        "facilities", "staff_competence", "internal_supervision", "staff_count",
        "service_guarantee", "safety_guarantee", "performance_evaluation",
    }  # fmt: skip
    assert body["category"]["slug"] == "kepolisian"
    assert body["url"] == "/mpp/banyumas/layanan/C05/"


def test_the_detail_shows_the_version_in_force_not_a_future_one(client, banyumas):
    from satupintu.catalog.models import Service
    from satupintu.catalog.services import publish_version
    from satupintu.catalog.standard import VersionMeta
    from satupintu.catalog.tests.factories import content

    service = Service.objects.get(mpp=banyumas, code="C03")
    later = VersionMeta(reason="Tarif baru", effective_from=dt.date(2099, 1, 1))
    publish_version(service=service, content=content(name="Perpanjangan SIM A (baru)"), meta=later)
    body = client.get("/api/v1/mpps/banyumas/services/C03").json()
    assert body["version"]["number"] == 1
    assert body["name"] == "Perpanjangan SIM A"


@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("/api/v1/mpps/tidak-ada/services", {}, 404, None),
        ("/api/v1/mpps/banyumas/services/Z99", {}, 404, None),
        ("/api/v1/mpps/banyumas/services/c03", {}, 422, "code"),
        ("/api/v1/mpps/banyumas/services", {"q": "x" * 101}, 422, "q"),
        ("/api/v1/mpps/banyumas/services", {"q": "ktp\x00"}, 422, "q"),
        ("/api/v1/mpps/banyumas/services", {"agency": "polresta"}, 422, "agency"),
        ("/api/v1/mpps/banyumas/services", {"category": "Kepolisian!"}, 422, "category"),
        ("/api/v1/services/search", {}, 422, "q"),
        ("/api/v1/services/search", {"q": ""}, 422, "q"),
        ("/api/v1/services/search", {"q": "y" * 101}, 422, "q"),
    ],
)
def test_errors_come_in_the_one_shape(client, banyumas, path, params, status, field):
    response = client.get(path, params)
    assert response.status_code == status
    body = response.json()
    assert {"code", "message"} <= set(body)
    if field:
        assert [e["field"] for e in body["errors"]] == [field]


def test_listing_takes_a_fixed_number_of_queries(client, banyumas, django_assert_max_num_queries):
    booth = BoothFactory(mpp=banyumas, queue_prefix="D")
    for n in range(1, 10):
        make_service(booth, code=f"D0{n}", name=f"Pengesahan STNK {n}")
    client.get("/api/v1/mpps/banyumas/services", {"q": "stnk"})  # warm the vocabulary
    # MPP, services in force, their versions (pagination counts the list in Python)
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/mpps/banyumas/services").json()["count"] == 12
    # MPP, word count, scoring, services, versions in force
    with django_assert_max_num_queries(5):
        assert client.get("/api/v1/mpps/banyumas/services", {"q": "stnk"}).json()["count"] == 9
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/services/search", {"q": "stnk"}).json()["count"] == 9
