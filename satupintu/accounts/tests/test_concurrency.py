"""The same phone number registered twice at the same moment: one account, one clear refusal."""

import pytest
from django.core.exceptions import ValidationError

from satupintu.accounts.models import Role, User
from satupintu.accounts.services import create_user
from satupintu.core.tests.concurrency import run_concurrently

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

ROUNDS, WORKERS = 5, 8


def test_the_same_phone_registered_at_once_makes_exactly_one_account():
    for round_ in range(ROUNDS):
        phone = f"08123456{round_:04d}"

        def register(i, phone=phone):
            return create_user(phone=phone, full_name=f"Warga {i}", role=Role.CITIZEN, password="x")

        results = run_concurrently(register, WORKERS)
        created = [r for r in results if isinstance(r, User)]
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(created) == 1, results
        assert len(refused) == WORKERS - 1, results
        assert all(e.code == "login_taken" for e in refused)
        assert User.objects.filter(phone=f"+628123456{round_:04d}").count() == 1
