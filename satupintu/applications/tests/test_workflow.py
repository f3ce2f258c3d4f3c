"""The state machine: every action × state × role, and the happy path through services."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from satupintu.applications import services
from satupintu.applications.models import ApplicationEvent, Status
from satupintu.applications.tests.factories import online_service, submitted, upload
from satupintu.applications.workflow import (
    APPLICANT,
    OFFICER,
    PAYMENT,
    ROLES,
    TRANSITIONS,
    IllegalTransition,
    target_status,
)

ALLOWED = {
    ("submit", Status.DRAFT, APPLICANT): Status.SUBMITTED,
    ("start_verification", Status.SUBMITTED, OFFICER): Status.VERIFYING,
    ("request_revision", Status.VERIFYING, OFFICER): Status.NEEDS_REVISION,
    ("resubmit", Status.NEEDS_REVISION, APPLICANT): Status.VERIFYING,
    ("verify", Status.VERIFYING, OFFICER): Status.VERIFIED,
    ("process", Status.VERIFIED, OFFICER): Status.PROCESSING,
    ("request_payment", Status.VERIFIED, OFFICER): Status.AWAITING_PAYMENT,
    ("confirm_payment", Status.AWAITING_PAYMENT, PAYMENT): Status.PROCESSING,
    ("mark_ready", Status.PROCESSING, OFFICER): Status.READY,
    ("hand_over", Status.READY, OFFICER): Status.COMPLETED,
    **{
        ("reject", s, OFFICER): Status.REJECTED
        for s in (
            Status.SUBMITTED,
            Status.VERIFYING,
            Status.NEEDS_REVISION,
            Status.VERIFIED,
            Status.AWAITING_PAYMENT,  # its unpaid bill is cancelled (payments)
            Status.PROCESSING,
        )
    },
    **{
        ("withdraw", s, APPLICANT): Status.WITHDRAWN
        for s in (Status.DRAFT, Status.SUBMITTED, Status.NEEDS_REVISION, Status.AWAITING_PAYMENT)
    },
}
EVERY = list(itertools.product(TRANSITIONS, Status.values, ROLES))


def test_the_table_is_the_documented_one():
    table = {(a, s, m.role): m.target for a, m in TRANSITIONS.items() for s in m.sources}
    assert table == ALLOWED


@pytest.mark.parametrize(("action", "status", "role"), [c for c in EVERY if c in ALLOWED])
def test_allowed_transition(action, status, role):
    assert target_status(action, status, role) == ALLOWED[(action, status, role)]


@pytest.mark.parametrize(("action", "status", "role"), [c for c in EVERY if c not in ALLOWED])
def test_every_other_transition_is_refused(action, status, role):
    with pytest.raises((IllegalTransition, PermissionDenied)):
        target_status(action, status, role)


def test_closed_states_allow_nothing():
    for status in (Status.COMPLETED, Status.REJECTED, Status.WITHDRAWN):
        assert not [c for c in ALLOWED if c[1] == status]


@pytest.fixture
def service(personas):
    return online_service(personas.counter_xa.booth)


def test_walk_through_services_writes_history(
    personas, service, django_capture_on_commit_callbacks
):
    citizen, officer = personas.citizen, personas.officer_xa
    with django_capture_on_commit_callbacks(execute=True):
        app = submitted(citizen, service)
    assert app.status == Status.SUBMITTED and app.due_date is not None
    app = services.decide_files(
        user=officer,
        application=app,
        decisions=[
            services.FileDecision("p1", accepted=True),
            services.FileDecision("p2", accepted=False, reason="KK buram, foto ulang"),
        ],
    )
    app = services.request_revision(user=officer, application=app)
    assert app.status == Status.NEEDS_REVISION and app.paused_since is not None
    with pytest.raises(Exception, match="diminta diperbaiki"):  # p1 was accepted
        services.add_file(user=citizen, application=app, requirement="p1", upload=upload())
    services.add_file(user=citizen, application=app, requirement="p2", upload=upload("kk2.pdf"))
    app = services.resubmit_application(user=citizen, application=app)
    assert app.status == Status.VERIFYING and app.paused_since is None
    services.decide_files(
        user=officer, application=app, decisions=[services.FileDecision("p2", accepted=True)]
    )
    app = services.verify_application(user=officer, application=app)
    app = services.advance_application(user=officer, application=app)
    app = services.advance_application(user=officer, application=app)
    assert app.status == Status.READY
    app = services.hand_over(
        user=officer,
        application=app,
        method="delivery",
        courier="Pos Indonesia",
        receipt_number="P2504",
    )
    assert app.status == Status.COMPLETED and app.receipt_number == "P2504"
    moves = list(
        ApplicationEvent.objects.filter(application=app).values_list("to_status", flat=True)
    )
    assert moves == [
        "draft", "submitted", "verifying", "needs_revision", "verifying", "verified",
        "processing", "ready", "completed",
    ]  # fmt: skip


def test_roles_are_enforced_by_services(personas, service):
    app = submitted(personas.citizen, service)
    with pytest.raises(PermissionDenied):  # the applicant cannot verify their own files
        services.start_verification(user=personas.citizen, application=app)
    with pytest.raises(PermissionDenied):  # an officer cannot withdraw for the citizen
        services.withdraw_application(user=personas.officer_xa, application=app)
    from django.http import Http404

    for stranger in (personas.officer_xb, personas.officer_ya, personas.supervisor_y):
        with pytest.raises(Http404):
            services.start_verification(user=stranger, application=app)
    services.start_verification(user=personas.supervisor_x, application=app)


def test_revision_needs_a_rejected_file_and_verify_needs_all_accepted(personas, service):
    app = submitted(personas.citizen, service)
    officer = personas.officer_xa
    services.start_verification(user=officer, application=app)
    with pytest.raises(ValidationError):
        services.request_revision(user=officer, application=app)
    with pytest.raises(ValidationError):
        services.verify_application(user=officer, application=app)
    with pytest.raises(ValidationError):  # a rejection without a reason
        services.decide_files(
            user=officer, application=app, decisions=[services.FileDecision("p1", False, " ")]
        )


def test_history_is_append_only(personas, service):
    app = submitted(personas.citizen, service)
    event = app.events.first()
    event.note = "diubah"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()


def test_submit_lists_missing_files(personas, service):
    app = services.create_application(
        user=personas.citizen,
        mpp=service.mpp,
        service_code=service.code,
        applicant=services.Applicant(name="Siti", nik="3302014501900001", phone="081234567890"),
        uploads={"p1": upload()},
    )
    with pytest.raises(ValidationError) as caught:
        services.submit_application(user=personas.citizen, application=app)
    assert set(caught.value.message_dict) == {"files.p2"}  # p3 is optional, p4 not a file
    app.refresh_from_db()
    assert app.status == Status.DRAFT


def test_hand_over_pickup_records_who_took_it(personas, service):
    app = submitted(personas.citizen, service)
    officer = personas.officer_xa
    services.decide_files(
        user=officer,
        application=app,
        decisions=[services.FileDecision("p1", True), services.FileDecision("p2", True)],
    )
    services.verify_application(user=officer, application=app)
    services.advance_application(user=officer, application=app)
    services.advance_application(user=officer, application=app)
    with pytest.raises(ValidationError):
        services.hand_over(user=officer, application=app, method="pickup")
    app = services.hand_over(
        user=officer, application=app, method="pickup", recipient="Budi (suami)"
    )
    assert app.handover_recipient == "Budi (suami)" and app.handed_over_by == officer
    assert "Budi" in app.events.last().note
