"""Consent under concurrency (SQLite and PostgreSQL): two officers using the same verified
document at once log exactly one use per step; a withdrawal racing a use either comes after
a logged use or refuses it, never a use logged after the withdrawal."""

import pytest
import time_machine
from django.db import close_old_connections

from satupintu.core.tests.concurrency import run_concurrently
from satupintu.journeys.consent import services
from satupintu.journeys.consent.models import Consent, DataUse
from satupintu.journeys.tests.consent_setup import MIN, NOON, make_visit
from satupintu.queueing.tickets.services import create_ticket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency, pytest.mark.slow]


@pytest.fixture(autouse=True)
def at_the_visit():
    """The visit's day (the consent lasts until its end), in every thread."""
    with time_machine.travel(NOON + 20 * MIN, tick=True):
        yield


ROUNDS = 15


def test_two_officers_using_the_same_verified_document_at_once_log_one_use_per_step():
    visit = make_visit(consent_given=True)
    # a second step of another agency at once: BPJS's number, and its continuation elsewhere
    later = create_ticket(
        mpp=visit.birth.mpp,
        service=visit.birth.jkn,
        channel="kiosk",
        transferred_from=visit.at_bpjs,
    )
    steps = [visit.at_bpjs, later]
    for _round in range(ROUNDS):
        DataUse.objects.all().delete()

        def use(i):
            try:
                return services.use_verified_document(
                    officer=visit.bpjs_officer, ticket=steps[i % 2], check=visit.kk_check
                ).pk
            finally:
                close_old_connections()

        results = run_concurrently(use, 4)
        errors = [r for r in results if isinstance(r, Exception)]
        assert not errors, errors[:3]
        assert DataUse.objects.count() == 2
        assert len(set(results)) == 2


def test_a_withdrawal_racing_a_use_never_leaves_a_use_after_it():
    visit = make_visit(consent_given=True)
    consent = Consent.objects.get()
    outcomes = {"used": 0, "refused": 0}
    for _round in range(ROUNDS):
        DataUse.objects.all().delete()
        Consent.objects.filter(pk=consent.pk).update(withdrawn_at=None)

        def race(i):
            try:
                if i == 0:
                    return services.withdraw_consent(consent=consent).withdrawn_at
                return services.use_verified_document(
                    officer=visit.bpjs_officer, ticket=visit.at_bpjs, check=visit.kk_check
                )
            finally:
                close_old_connections()

        withdrawn_at, used = run_concurrently(race, 2)
        assert not isinstance(withdrawn_at, Exception), withdrawn_at
        if isinstance(used, services.NoConsent):
            outcomes["refused"] += 1
            assert not DataUse.objects.exists()
        else:
            assert not isinstance(used, Exception), used
            outcomes["used"] += 1
            assert DataUse.objects.get().used_at <= withdrawn_at
    assert sum(outcomes.values()) == ROUNDS
