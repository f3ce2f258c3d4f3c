"""Two people acting on one complaint at once end in one valid state (both databases):
two officers taking conflicting steps, two reopen requests sent together."""

from __future__ import annotations

import pytest

from satupintu.complaints import services
from satupintu.complaints.models import Complaint, ComplaintEvent, Reopen, Status
from satupintu.complaints.tests.factories import complaint, forwarded
from satupintu.complaints.workflow import IllegalTransition
from satupintu.core.errors import DomainError
from satupintu.core.tests.concurrency import run_concurrently

pytestmark = pytest.mark.django_db(transaction=True)


def test_forwarding_and_rejecting_at_once_leave_one_story(personas):
    desk = personas.supervisor_x
    for _round in range(4):
        item = complaint(personas.mpp_x)
        services.verify_complaint(
            user=desk, complaint=item, category="biaya", agency=personas.officer_xa.agency
        )

        def act(i: int, item: Complaint = item) -> Complaint:
            if i == 0:
                return services.forward_complaint(user=desk, complaint=item)
            return services.reject_complaint(user=desk, complaint=item, reason="Ganda.")

        results = run_concurrently(act, workers=2)
        won = [r for r in results if isinstance(r, Complaint)]
        refused = [r for r in results if isinstance(r, IllegalTransition)]
        assert (len(won), len(refused)) == (1, 1), results
        item.refresh_from_db()
        assert item.status in (Status.FORWARDED, Status.REJECTED)
        moves = ComplaintEvent.objects.filter(complaint=item, action__in=["forward", "reject"])
        assert list(moves.values_list("to_status", flat=True)) == [item.status]


def test_two_reopen_requests_at_once_make_one(personas):
    for _round in range(4):
        item = forwarded(personas)
        services.answer_complaint(user=personas.officer_xa, complaint=item, answer="Sudah.")

        def ask(i: int, code: str = item.tracking_code) -> Complaint:
            return services.request_reopen(code=code, reason=f"Belum puas ({i})")

        results = run_concurrently(ask, workers=2)
        assert sum(isinstance(r, Complaint) for r in results) == 1, results
        assert sum(isinstance(r, DomainError) for r in results) == 1, results
        item.refresh_from_db()
        assert item.reopen == Reopen.ASKED
        assert ComplaintEvent.objects.filter(complaint=item, action="reopen_asked").count() == 1


def test_a_message_the_gateway_delivers_twice_at_once_files_one_complaint(personas):
    from satupintu.notifications.inbound import receive
    from satupintu.notifications.models import Message

    text = "Antrean di loket kependudukan lama sekali, sudah dua jam belum dipanggil."
    for n in range(4):

        def deliver(i: int, n: int = n) -> object:
            return receive(
                mpp=personas.mpp_x,
                sender="081234567010",
                channel="sms",
                text=text,
                message_id=f"retry-{n}",
            )

        results = run_concurrently(deliver, workers=2)
        assert not [r for r in results if isinstance(r, Exception)], results
        filed = Complaint.objects.filter(message_id=f"retry-{n}")
        assert filed.count() == 1
        told = Message.objects.filter(reference=filed.get().reference, channel="sms")
        assert told.count() == 1
