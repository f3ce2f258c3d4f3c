"""Suggesting the service from a citizen's sentence: the catalog's search plus the
knowledge base, with the document the sentence names (the held-out figures are in
docs/benchmarks.md, `satupintu suggest_eval`)."""

from __future__ import annotations

import pytest

from satupintu.catalog.tests.factories import make_service
from satupintu.reading.suggest import suggest


@pytest.fixture
def catalog(personas):
    booth = personas.counter_xa.booth
    return {
        "kk": make_service(booth, code="A03", name="Penerbitan Kartu Keluarga (KK) baru",
                           product="KK"),
        "kk_change": make_service(booth, code="A04", name="Perubahan data Kartu Keluarga",
                                  product="KK"),
        "land": make_service(booth, code="P02", name="Balik nama sertifikat tanah",
                             product="Sertifikat"),
        "water": make_service(booth, code="I02", name="Balik nama pelanggan air minum",
                              product="Rekening"),
    }  # fmt: skip


def test_the_document_named_decides_between_two_kinds_of_changing_a_name(catalog, personas):
    found = [s.service.code for s in suggest(personas.mpp_x, "mau ganti nama di KK karena menikah")]
    assert "A04" in found[:3]  # perubahan data KK, among the "balik nama" services


def test_the_api_names_each_services_agency(client, catalog, personas):
    answer = client.get("/api/v1/mpps/mpp-x/suggest", {"q": "balik nama sertifikat tanah"})
    assert answer.status_code == 200
    first = answer.json()[0]
    assert first["code"] == "P02"
    assert first["name"] == "Balik nama sertifikat tanah"
    assert first["agency"]["code"] == personas.counter_xa.booth.agency.code


def test_empty_or_unknown_words_give_nothing_and_bad_input_a_clear_error(client, catalog):
    assert client.get("/api/v1/mpps/mpp-x/suggest", {"q": "zzzqqq"}).json() == []
    refused = client.get("/api/v1/mpps/mpp-x/suggest", {"q": ""})
    assert refused.status_code == 422
    assert client.get("/api/v1/mpps/tidak-ada/suggest", {"q": "kk"}).status_code == 404
