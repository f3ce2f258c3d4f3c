"""The evaluation set (satupintu/catalog/search/eval.json) on the demo catalog: citizens'
phrasings find the right service among the first three results."""

import io

import pytest
from django.core.management import call_command

from satupintu.catalog.models import Service
from satupintu.catalog.search.evaluation import evaluate, load_cases
from satupintu.demo.services import seed_demo
from satupintu.tenancy.models import Mpp

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def demo():
    seed_demo()


def test_the_evaluation_set_covers_every_demo_service_and_the_issues_examples(demo):
    slug, cases = load_cases()
    assert len(cases) >= 60
    expected = {code for case in cases for code in case.expect}
    assert expected == set(Service.objects.filter(mpp__slug=slug).values_list("code", flat=True))
    queries = {case.query for case in cases}
    issue = {"bikin ktp", "perpanjang sim", "surat kelakuan baik", "akte lahir anak"}
    assert issue | {"izin usaha warung", "bayar pbb", "paspor umroh"} <= queries
    assert {"typo", "abbreviation", "colloquial"} <= {case.kind for case in cases}


def test_citizens_find_the_service_among_the_first_three_results(demo):
    slug, cases = load_cases()
    report = evaluate(Mpp.objects.get(slug=slug), cases, runs=1)
    missed = [(o.case.query, o.codes[:3], o.case.expect) for o in report.misses(3)]
    assert report.accuracy(3) >= 0.95, missed
    assert report.accuracy(1) >= 0.85


def test_the_command_prints_accuracy_and_latency(demo):
    out = io.StringIO()
    call_command("search_eval", runs=1, stdout=out)
    text = out.getvalue()
    for label in ("top-1 accuracy", "top-3 accuracy", "latency p50", "latency p95"):
        assert label in text
    out = io.StringIO()
    call_command("search_eval", runs=1, json=True, stdout=out)
    assert '"top3"' in out.getvalue()


def test_the_command_says_to_seed_first_on_an_empty_database():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="seed_demo"):
        call_command("search_eval", runs=1, stdout=io.StringIO())
