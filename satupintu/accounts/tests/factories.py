"""Accounts and the named personas every authorisation test uses.

Two MPPs (X and Y), two agencies at X (A and B), and the same agency A also at Y,
so "same agency, other MPP" is covered too.
"""

from __future__ import annotations

from dataclasses import dataclass

import factory

from satupintu.accounts.models import Role, User
from satupintu.accounts.services import create_user, issue_api_token
from satupintu.tenancy.models import Counter, Mpp
from satupintu.tenancy.tests.factories import (
    AgencyFactory,
    BoothFactory,
    CounterFactory,
    MppFactory,
)

PASSWORD = "rahasia-uji-123"


def make_user(role: str = Role.CITIZEN, **kwargs) -> User:
    n = make_user.counter = getattr(make_user, "counter", 0) + 1
    kwargs.setdefault("email", f"{role}{n}@uji.test")
    kwargs.setdefault("full_name", f"{role.title()} {n}")
    kwargs.setdefault("password", PASSWORD)
    return create_user(role=role, **kwargs)


class UserFactory(factory.Factory):
    """factory_boy front for make_user, so accounts go through the service."""

    class Meta:
        model = User

    role = Role.CITIZEN

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return make_user(**kwargs)


@dataclass
class Personas:
    mpp_x: Mpp
    mpp_y: Mpp
    counter_xa: Counter  # agency A at MPP X
    counter_xb: Counter  # agency B at MPP X
    counter_ya: Counter  # agency A at MPP Y
    officer_xa: User
    officer_xb: User
    officer_ya: User
    supervisor_x: User
    supervisor_y: User
    citizen: User
    kiosk_x: User
    operator: User

    def token(self, user: User) -> str:
        return issue_api_token(user=user)


def build_personas() -> Personas:
    mpp_x, mpp_y = MppFactory(slug="mpp-x"), MppFactory(slug="mpp-y")
    agency_a, agency_b = AgencyFactory(code="AGENCY-A"), AgencyFactory(code="AGENCY-B")
    booth_xa = BoothFactory(mpp=mpp_x, agency=agency_a, queue_prefix="A")
    booth_xb = BoothFactory(mpp=mpp_x, agency=agency_b, queue_prefix="B")
    booth_ya = BoothFactory(mpp=mpp_y, agency=agency_a, queue_prefix="A")
    counter_xa = CounterFactory(booth=booth_xa, number=1)
    counter_xb = CounterFactory(booth=booth_xb, number=2)
    counter_ya = CounterFactory(booth=booth_ya, number=1)
    return Personas(
        mpp_x=mpp_x,
        mpp_y=mpp_y,
        counter_xa=counter_xa,
        counter_xb=counter_xb,
        counter_ya=counter_ya,
        officer_xa=make_user(Role.OFFICER, mpp=mpp_x, agency=agency_a, counters=[counter_xa]),
        officer_xb=make_user(Role.OFFICER, mpp=mpp_x, agency=agency_b, counters=[counter_xb]),
        officer_ya=make_user(Role.OFFICER, mpp=mpp_y, agency=agency_a, counters=[counter_ya]),
        supervisor_x=make_user(Role.SUPERVISOR, mpp=mpp_x),
        supervisor_y=make_user(Role.SUPERVISOR, mpp=mpp_y),
        citizen=make_user(Role.CITIZEN, phone="081234567890"),
        kiosk_x=make_user(Role.KIOSK, mpp=mpp_x),
        operator=make_user(Role.OPERATOR),
    )
