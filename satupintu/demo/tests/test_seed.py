"""The demo: realistic, idempotent, and keeping the seed_demo --json contract."""

import datetime as dt
import json

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from satupintu.catalog.models import Service
from satupintu.demo.services import reference_catalog, seed_demo
from satupintu.operations.selectors import period_measures
from satupintu.queueing.models import Ticket
from satupintu.tenancy.models import Mpp

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
DOMAIN_APPS = ["tenancy", "accounts", "catalog", "queueing", "journeys"]


def snapshot() -> str:
    rows = []
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            rows.extend(json.loads(serializers.serialize("json", model.objects.order_by("pk"))))
            for field in model._meta.many_to_many:
                rows.append(sorted(model.objects.values_list("pk", f"{field.name}__pk")))
    return json.dumps(rows, sort_keys=True, default=str)


def test_seeding_twice_changes_nothing():
    seed_demo()
    first = snapshot()
    seed_demo()
    assert snapshot() == first


def test_the_json_summary_keeps_the_operator_contract(capsys):
    call_command("seed_demo", "--json")
    out = capsys.readouterr().out
    summary = json.loads(out[out.index("{") :])
    assert [m["slug"] for m in summary["mpps"]] == ["banyumas", "purbalingga"]
    roles = {a["role"] for m in summary["mpps"] for a in m["accounts"]}
    assert {"citizen", "officer", "supervisor", "kiosk", "display", "tablet"} <= roles
    citizens = [a for m in summary["mpps"] for a in m["accounts"] if a["role"] == "citizen"]
    assert len(citizens) >= 2
    officers = [a for m in summary["mpps"] for a in m["accounts"] if a["role"] == "officer"]
    assert len({o["agency"] for o in officers}) >= 4
    for mpp in summary["mpps"]:
        ids = {c["id"] for c in mpp["counters"]}
        assert all(c["services"] for c in mpp["counters"])
        for officer in (a for a in mpp["accounts"] if a["role"] == "officer"):
            assert officer["counters"] and set(officer["counters"]) <= ids


def test_every_reference_service_code_is_offered_in_banyumas():
    seed_demo()
    codes = {s["code"] for s in reference_catalog()["services"]}
    assert codes == set(Service.objects.filter(mpp__slug="banyumas").values_list("code", flat=True))
    assert {"A01", "P04"} <= codes


def test_an_officers_counters_serve_their_agencys_services_only():
    summary = seed_demo()
    banyumas = summary["mpps"][0]
    by_id = {c["id"]: c for c in banyumas["counters"]}
    siti = next(a for a in banyumas["accounts"] if a["login"].startswith("siti"))
    assert siti["agency"] == "DINDUKCAPIL"
    assert all(code.startswith("A") for cid in siti["counters"] for code in by_id[cid]["services"])


def test_the_past_months_are_measured_like_any_other():
    """The history is written as the queue writes it: every past ticket counts in the
    measures (and so in the open data and the coordination pack)."""
    seed_demo()
    mpp = Mpp.objects.get(slug="banyumas")
    today = dt.datetime.now(mpp.tzinfo).date()
    start = today - dt.timedelta(days=90)
    end = today - dt.timedelta(days=1)
    past = Ticket.objects.filter(mpp=mpp, day__range=(start, end)).count()
    total = period_measures(mpp, start, end)["total"]
    assert past > 100
    assert total["arrivals"] == {"n": past}
    assert total["waiting_time"]["n"] == total["service_time"]["n"] == past


def test_the_demo_documents_are_signed_and_one_is_revoked(settings, tmp_path):
    """seed_demo issues signed documents for Banyumas' ready applications and revokes one;
    the JSON summary lists them per MPP (verification_code, status)."""
    from satupintu.demo.services import seed_demo
    from satupintu.documents import selectors

    settings.DATA_DIR = tmp_path
    summary = seed_demo()
    banyumas = next(m for m in summary["mpps"] if m["slug"] == "banyumas")
    assert {d["status"] for d in banyumas["documents"]} == {"valid", "revoked"}
    assert all(d["signed"] for d in banyumas["documents"])
    for listed in banyumas["documents"]:
        verdict = selectors.verify_code(listed["verification_code"])
        assert verdict.status == listed["status"] and verdict.signature.valid
