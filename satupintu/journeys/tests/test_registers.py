"""The register adapters answer match / no match per field (Dukcapil-style) and valid / not,
whose, which KBLI (OSS-style), the same in process and over HTTP to the simulator; a silent
register is "unavailable", never a guess."""

import datetime as dt
import socket

import pytest
from django.test import override_settings

from satupintu.journeys.registers import simulator
from satupintu.journeys.registers.base import PersonQuery, RegisterUnavailable
from satupintu.journeys.registers.dukcapil import DukcapilRegister
from satupintu.journeys.registers.http import http_transport
from satupintu.journeys.registers.oss import OssRegister
from satupintu.journeys.registers.registry import business_register, population_register

BUDI = PersonQuery(
    nik="3302011708900001",
    name="budi  santoso",
    birth_date=dt.date(1990, 8, 17),
    birth_place="Banyumas",
    mother_name="Siti Aminah",
)


@pytest.fixture(scope="module")
def loopback():
    server, thread = simulator.serve(0)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join(5)


def registers(loopback):
    """The in-process simulator and the HTTP adapters against it on 127.0.0.1."""
    http = lambda prefix: http_transport(loopback + prefix, headers={}, timeout=5)  # noqa: E731
    return [
        (population_register(), business_register()),
        (DukcapilRegister(http("/dukcapil"), user="u", password="p"), OssRegister(http("/oss"))),
    ]


def test_every_field_that_matches_says_so(loopback):
    for people, _business in registers(loopback):
        answer = people.verify(BUDI)
        assert answer.found and answer.all_match
        assert answer.fields == {
            "nik": True,
            "name": True,
            "birth_date": True,
            "birth_place": True,
            "mother_name": True,
        }


def test_each_field_that_does_not_match_is_named_and_only_asked_fields_are_answered(loopback):
    wrong = PersonQuery(
        nik=BUDI.nik, name="Budi Santoso", birth_date=dt.date(1990, 8, 18), mother_name="Siti"
    )
    for people, _business in registers(loopback):
        answer = people.verify(wrong)
        assert answer.found and not answer.all_match
        assert answer.fields == {
            "nik": True,
            "name": True,
            "birth_date": False,
            "mother_name": False,
        }


def test_an_unknown_nik_is_not_found(loopback):
    for people, _business in registers(loopback):
        answer = people.verify(PersonQuery(nik="3302999999999999", name="Budi Santoso"))
        assert not answer.found and answer.fields == {"nik": False, "name": False}


def test_a_nib_is_valid_with_its_holder_and_kbli_or_revoked_or_unknown(loopback):
    for _people, business in registers(loopback):
        valid = business.check_nib("9120001234567")
        assert valid.valid and valid.holder == "Sri Wahyuni"
        assert [a.kbli for a in valid.activities] == ["56103", "10792"]
        revoked = business.check_nib("8120000000011")
        assert not revoked.valid and revoked.holder == "UD Fauzi Jaya"
        assert not business.check_nib("1111111111111").valid


def test_a_register_that_does_not_answer_is_unavailable():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nobody listens there
    silent = http_transport(f"http://127.0.0.1:{port}", headers={}, timeout=2)
    with pytest.raises(RegisterUnavailable):
        DukcapilRegister(silent).verify(BUDI)
    with pytest.raises(RegisterUnavailable):
        OssRegister(lambda path, body: {"unexpected": True}).check_nib("9120001234567")


def test_the_settings_choose_the_http_adapters(loopback):
    with override_settings(
        POPULATION_REGISTER="dukcapil",
        DUKCAPIL_URL=loopback + "/dukcapil",
        BUSINESS_REGISTER="oss",
        OSS_URL=loopback + "/oss",
    ):
        assert population_register().verify(BUDI).all_match
        assert business_register().check_nib("9120007654321").holder == "CV Lestari Batik"
