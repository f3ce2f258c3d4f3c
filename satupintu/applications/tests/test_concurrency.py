"""Two people acting on one application at once end in one valid state (both databases)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from satupintu.applications import services
from satupintu.applications.models import Application, ApplicationEvent, Status
from satupintu.applications.tests.factories import online_service, submitted
from satupintu.applications.workflow import IllegalTransition
from satupintu.core.tests.concurrency import run_concurrently

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_starting_and_the_citizen_withdrawing_at_once_leave_one_story(personas):
    service = online_service(personas.counter_xa.booth)
    citizen, officer = personas.citizen, personas.officer_xa

    def race(application: Application) -> list:
        def act(i: int) -> Application:
            if i == 0:
                return services.start_verification(user=officer, application=application)
            return services.withdraw_application(user=citizen, application=application)

        return run_concurrently(act, workers=2)

    for _round in range(5):
        application = submitted(citizen, service)
        results = race(application)
        won = [r for r in results if isinstance(r, Application)]
        refused = [r for r in results if isinstance(r, IllegalTransition | ValidationError)]
        assert (len(won), len(refused)) == (1, 1), results
        application.refresh_from_db()
        assert application.status in (Status.VERIFYING, Status.WITHDRAWN)
        after_submit = ApplicationEvent.objects.filter(application=application).exclude(
            to_status__in=(Status.DRAFT, Status.SUBMITTED)
        )
        assert list(after_submit.values_list("to_status", flat=True)) == [application.status]
        assert not any(isinstance(r, PermissionDenied) for r in results)
