"""Periodic jobs of accounts: forgetting sign-in codes nobody used."""

from __future__ import annotations

import datetime as dt

from satupintu.accounts.codes import delete_expired_codes
from satupintu.core.jobs import periodic


@periodic("accounts.expired_sign_in_codes", every=dt.timedelta(hours=1))
def forget_expired_codes(now: dt.datetime) -> int:
    return delete_expired_codes(now=now)
