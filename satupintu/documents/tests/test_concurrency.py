"""Many officers finishing applications of one agency at once: every document gets its own
number, and the year's numbers have no gap, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import close_old_connections, transaction

from satupintu.applications import services
from satupintu.applications.models import Application, Status
from satupintu.applications.tests.factories import online_service, submitted
from satupintu.core.tests.concurrency import run_concurrently
from satupintu.documents.models import IssuedDocument
from satupintu.documents.services import issue_document
from satupintu.documents.tests.test_bsre import simulator  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency, pytest.mark.slow]

WORKERS, EACH = 8, 4


def processing(personas, service) -> Application:
    officer = personas.officer_xa
    app = submitted(personas.citizen, service)
    services.start_verification(user=officer, application=app)
    services.decide_files(
        user=officer,
        application=app,
        decisions=[services.FileDecision(k, accepted=True) for k in ("p1", "p2")],
    )
    services.verify_application(user=officer, application=app)
    return services.advance_application(user=officer, application=app)


def test_officers_finishing_at_once_get_gap_free_unique_numbers(personas):
    service = online_service(personas.counter_xa.booth)
    apps = [processing(personas, service) for _ in range(WORKERS * EACH)]
    officer = personas.officer_xa

    def desk(i):
        done = []
        for app in apps[i * EACH : (i + 1) * EACH]:
            done.append(services.advance_application(user=officer, application=app).pk)
            close_old_connections()
        return done

    results = run_concurrently(desk, WORKERS)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    docs = list(IssuedDocument.objects.order_by("seq"))
    assert [d.seq for d in docs] == list(range(1, WORKERS * EACH + 1))
    assert len({d.number for d in docs}) == len({d.code for d in docs}) == WORKERS * EACH
    assert not Application.objects.exclude(status=Status.READY).exists()


def test_a_rolled_back_issue_gives_its_number_back(personas):
    service = online_service(personas.counter_xa.booth)
    first, second = (processing(personas, service) for _ in range(2))
    with pytest.raises(RuntimeError), transaction.atomic():
        issue_document(application=first, user=None)
        raise RuntimeError("the move failed after the document was drawn")
    assert not IssuedDocument.objects.exists()
    doc = services.advance_application(user=personas.officer_xa, application=second).document
    assert doc.seq == 1


def test_officers_signing_one_document_at_once_send_it_once(personas, simulator):  # noqa: F811
    """Two officers of the agency (and their double clicks) sign the same waiting document
    at once: the row lock lets one request reach BSrE; the others are told it does not
    wait any more (or that its outcome is being settled)."""
    from django.core.exceptions import ValidationError

    from satupintu.documents.models import SigningStatus
    from satupintu.documents.signatures import sign_document
    from satupintu.documents.signing.bsre import Credentials
    from satupintu.documents.tests.factories import ready_application
    from satupintu.documents.tests.test_bsre import NIK, SECRET

    service = online_service(personas.counter_xa.booth)
    documents = [ready_application(personas, service).document for _ in range(3)]
    for document in documents:
        simulator.calls = 0

        def officer(i, document=document):
            try:
                sign_document(
                    user=personas.officer_xa,
                    document=document,
                    credentials=Credentials(NIK, SECRET),
                )
                return "signed"
            except ValidationError:
                return "refused"
            finally:
                close_old_connections()

        results = run_concurrently(officer, WORKERS)
        assert sorted(results).count("signed") == 1, results
        assert results.count("refused") == WORKERS - 1 and simulator.calls == 1
        document.refresh_from_db()
        assert document.signing_status == SigningStatus.SIGNED
