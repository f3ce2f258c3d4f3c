"""Life events exported and imported as JSON (transfer.py, services.import_journeys)."""

import json

import pytest
from django.core.management import call_command

from satupintu.journeys.models import JourneyStep, LifeEvent
from satupintu.journeys.selectors import exported_journeys
from satupintu.journeys.services import import_journeys
from satupintu.journeys.tests.factories import journeys_document, make_birth


def data(document: dict) -> bytes:
    return json.dumps(document).encode()


@pytest.fixture
def birth(db):
    return make_birth()


def test_an_export_imported_again_changes_nothing(birth):
    exported = exported_journeys(birth.mpp)
    assert [s["service"] for s in exported["life_events"][0]["steps"]] == ["A01", "A02", "G01"]
    report = import_journeys(mpp=birth.mpp, data=data(exported))
    assert (report.ok, report.created, report.changed) == (True, [], [])
    assert report.unchanged == ["kelahiran"]
    assert report.documents_written == 0


def test_a_changed_life_event_gets_its_new_steps(birth):
    document = journeys_document()
    document["life_events"][0]["steps"].pop()  # no BPJS step any more
    document["life_events"][0]["questions"] = []
    report = import_journeys(mpp=birth.mpp, data=data(document))
    assert report.changed == ["kelahiran"]
    event = LifeEvent.objects.get(mpp=birth.mpp, key="kelahiran")
    assert [s.key for s in event.steps.all()] == ["akta", "kk"]


def test_every_problem_is_reported_and_nothing_is_written(birth):
    document = journeys_document()
    event = document["life_events"][0]
    event["key"] = "kelahiran-kembar"
    event["steps"][0]["service"] = "Z99"
    event["steps"][0]["needs"] = ["jkn"]  # akta → jkn → kk → akta: no order
    event["steps"][1]["produces"] = ["paspor"]
    event["steps"][2]["when"] = {"question": "jkn", "answers": ["Mungkin"]}
    report = import_journeys(mpp=birth.mpp, data=data(document))
    where = {p.where: p.message for p in report.problems}
    assert where == {
        "life_events[0].steps[0].service": (
            "Layanan dengan kode Z99 tidak ada atau tidak aktif di MPP ini."
        ),
        "life_events[0].steps[1].produces": "Dokumen “paspor” tidak dikenal.",
        "life_events[0].steps[2].when.answers": ("“Mungkin” bukan pilihan jawaban pertanyaan itu."),
        "life_events[0].steps": (
            "Langkah saling memerlukan, tidak ada urutan yang mungkin: akta, jkn, kk."
        ),
    }
    assert not report.saved
    assert not LifeEvent.objects.filter(key="kelahiran-kembar").exists()


@pytest.mark.parametrize(
    "raw",
    [b"", b"\xff", b"[]", b'{"format": "satupintu-journeys", "schema_version": 9}'],
)
def test_a_file_that_is_not_a_journeys_file_is_refused_in_words(birth, raw):
    report = import_journeys(mpp=birth.mpp, data=raw)
    assert not report.ok and report.problems[0].message
    assert JourneyStep.objects.filter(mpp=birth.mpp).count() == 3


def test_the_commands_export_and_import(birth, tmp_path, capsys):
    path = tmp_path / "peristiwa.json"
    call_command("journeys_export", mpp=birth.mpp.slug, output=str(path))
    call_command("journeys_import", str(path), mpp=birth.mpp.slug, dry_run=True)
    assert "0 baru, 0 berubah, 1 tetap (tidak disimpan)" in capsys.readouterr().out
