"""Sign-in codes under concurrency (SQLite and PostgreSQL): one live code per number however
many requests arrive at once, one account for one number, and no more than five guesses."""

import datetime as dt

import pytest
import time_machine
from ninja.errors import Throttled

from satupintu.accounts import codes
from satupintu.accounts.models import SignInCode, User
from satupintu.core.tests.concurrency import run_concurrently

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

ROUNDS, WORKERS = 3, 8


def test_requests_for_one_number_at_once_leave_exactly_one_valid_code(settings):
    settings.RATE_LIMITS_ENABLED = False
    for round_ in range(ROUNDS):
        phone = f"+62812345671{round_:02d}"
        results = run_concurrently(
            lambda i, phone=phone: codes.request_code(phone=phone, address=f"10.0.0.{i}"),
            WORKERS,
        )
        issued = [r for r in results if isinstance(r, codes.IssuedCode)]
        assert len(issued) == WORKERS, results
        row = SignInCode.objects.get(phone=phone)
        valid = {i.code for i in issued if codes.code_hash(phone, i.code) == row.code_hash}
        assert len(valid) == 1, (valid, [i.code for i in issued])


def test_the_limit_per_number_holds_when_requests_arrive_at_once(settings):
    settings.RATE_LIMITS_ENABLED = True
    phone = "+6281234567140"
    with time_machine.travel(dt.datetime(2026, 8, 10, 9, 7, tzinfo=dt.UTC), tick=False):
        results = run_concurrently(
            lambda i: codes.request_code(phone=phone, address=f"10.0.0.{i}"), WORKERS
        )
    issued = [r for r in results if isinstance(r, codes.IssuedCode)]
    throttled = [r for r in results if isinstance(r, Throttled)]
    assert len(issued) == 3 and len(throttled) == WORKERS - 3, results


def test_the_right_code_sent_at_once_signs_in_once_and_makes_one_account():
    phone = "+6281234567150"
    issued = codes.request_code(phone=phone, address="10.0.0.1")
    assert issued is not None
    results = run_concurrently(lambda i: codes.verify_code(phone=phone, code=issued.code), WORKERS)
    signed_in = [r for r in results if isinstance(r, codes.Verified)]
    refused = [r for r in results if isinstance(r, codes.CodeRefused)]
    assert len(signed_in) == 1 and len(refused) == WORKERS - 1, results
    assert User.objects.filter(phone=phone).count() == 1


def test_wrong_guesses_at_once_void_the_code_after_five():
    phone = "+6281234567151"
    issued = codes.request_code(phone=phone, address="10.0.0.1")
    assert issued is not None
    wrong = f"{(int(issued.code) + 1) % 10**6:06d}"
    results = run_concurrently(lambda i: codes.verify_code(phone=phone, code=wrong), WORKERS)
    assert all(isinstance(r, codes.CodeRefused) for r in results), results
    tries_left = sorted(r.message for r in results if "Sisa percobaan" in r.message)
    assert len(tries_left) == codes.MAX_WRONG_TRIES - 1, tries_left
    with pytest.raises(codes.CodeRefused):
        codes.verify_code(phone=phone, code=issued.code)
