"""Documents test data: an online application taken to "ready" through the services."""

from __future__ import annotations

from satupintu.applications import services
from satupintu.applications.models import Application
from satupintu.applications.tests.factories import online_service, submitted


def ready_application(personas, service=None, *, officer=None) -> Application:
    service = service or online_service(personas.counter_xa.booth)
    officer = officer or personas.officer_xa
    app = submitted(personas.citizen, service)
    services.start_verification(user=officer, application=app)
    services.decide_files(
        user=officer,
        application=app,
        decisions=[services.FileDecision(k, accepted=True) for k in ("p1", "p2")],
    )
    services.verify_application(user=officer, application=app)
    services.advance_application(user=officer, application=app)
    return services.advance_application(user=officer, application=app)
