"""Search pages: the box on every page, results within an MPP and across MPPs."""

import pytest

from satupintu.catalog.tests.factories import make_service
from satupintu.tenancy.tests.factories import BoothFactory, MppFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def banyumas():
    booth = BoothFactory(
        mpp=MppFactory(slug="banyumas", name="MPP Banyumas"),
        agency__code="POLRESTA",
        agency__short_name="Polresta",
        queue_prefix="C",
    )
    make_service(booth, code="C03", name="Perpanjangan SIM A", category="kepolisian", product="")
    make_service(booth, code="C04", name="Perpanjangan SIM C", category="kepolisian", product="")
    paspor = BoothFactory(mpp=booth.mpp, agency__code="IMIGRASI", queue_prefix="E")
    make_service(paspor, code="E01", name="Paspor biasa", category="keimigrasian", product="")
    return booth.mpp


def test_every_page_has_the_search_box_scoped_to_its_mpp(client, banyumas):
    home = client.get("/").content.decode()
    assert 'role="search"' in home and 'action="/cari/"' in home
    landing = client.get("/mpp/banyumas/").content.decode()
    assert 'action="/mpp/banyumas/cari/"' in landing
    assert "Cari layanan di MPP Banyumas" in landing


def test_results_link_to_each_service_page_best_first(client, banyumas):
    response = client.get("/mpp/banyumas/cari/", {"q": "perpanjang sim a"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("/mpp/banyumas/layanan/C03/") < html.index("/mpp/banyumas/layanan/C04/")
    assert "Layanan yang cocok: 2" in html
    assert 'value="perpanjang sim a"' in html  # the box keeps the query
    assert "/mpp/banyumas/layanan/E01/" not in html


def test_a_corrected_typo_is_shown(client, banyumas):
    html = client.get("/mpp/banyumas/cari/", {"q": "pasport"}).content.decode()
    assert "Menampilkan hasil untuk <strong>paspor</strong>" in html
    assert "/mpp/banyumas/layanan/E01/" in html


def test_filters_narrow_the_results(client, banyumas):
    html = client.get(
        "/mpp/banyumas/cari/", {"q": "paspor sim", "agency": "IMIGRASI"}
    ).content.decode()
    assert "/layanan/E01/" in html and "/layanan/C03/" not in html
    html = client.get(
        "/mpp/banyumas/cari/", {"q": "paspor sim", "category": "kepolisian"}
    ).content.decode()
    assert "/layanan/C03/" in html and "/layanan/E01/" not in html


def test_search_across_mpps_names_each_mpp(client, banyumas):
    other = BoothFactory(mpp=MppFactory(slug="purbalingga", name="MPP Purbalingga"))
    make_service(other, code="E01", name="Paspor biasa", product="")
    html = client.get("/cari/", {"q": "paspor"}).content.decode()
    assert "/mpp/banyumas/layanan/E01/" in html and "/mpp/purbalingga/layanan/E01/" in html
    assert "MPP Purbalingga" in html


def test_without_a_query_the_page_explains_and_gives_examples(client, banyumas):
    html = client.get("/mpp/banyumas/cari/").content.decode()
    assert "Contoh pencarian" in html
    assert "?q=bikin%20ktp" in html


def test_no_match_offers_the_catalog_and_other_mpps(client, banyumas):
    html = client.get("/mpp/banyumas/cari/", {"q": "qwertyuiop"}).content.decode()
    assert "Tidak ada layanan yang cocok." in html
    assert "/mpp/banyumas/layanan/" in html
    assert "/cari/?q=qwertyuiop" in html


@pytest.mark.parametrize("q", ["x" * 300, "ktp\x00", "<script>alert(1)</script>"])
def test_odd_queries_get_a_page_not_an_error(client, banyumas, q):
    response = client.get("/mpp/banyumas/cari/", {"q": q})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_an_unknown_mpp_is_a_404(client):
    assert client.get("/mpp/tidak-ada/cari/", {"q": "ktp"}).status_code == 404
