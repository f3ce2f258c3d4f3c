"""A counter's mode through /api/v1: open, pause for a break, close (mounted by queueing/api.py)."""

from __future__ import annotations

from typing import Literal, cast

from django.http import HttpRequest
from ninja import Field, Router, Schema

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.core.api import ACTION_ERRORS
from satupintu.queueing.counters.services import set_counter_mode
from satupintu.tenancy.access import access_counter_to_serve

router = Router(tags=["Antrian"])

CounterModeCode = Literal["open", "paused", "closed"]


class CounterModeOut(Schema):
    id: int
    number: int
    mode: CounterModeCode = Field(description="`open` buka, `paused` istirahat, `closed` tutup.")
    is_active: bool = Field(description="Sama dengan `mode != closed`.")


def _set_mode(request: HttpRequest, counter_id: int, mode: str) -> CounterModeOut:
    user = acting_user(request)
    counter = access_counter_to_serve(user, counter_id)
    now_mode = set_counter_mode(counter=counter, mode=mode, actor=user)
    return CounterModeOut(
        id=counter.pk,
        number=counter.number,
        mode=cast(CounterModeCode, now_mode),
        is_active=now_mode != "closed",
    )


@router.post(
    "/counters/{counter_id}/open",
    response={200: CounterModeOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Buka loket (siap memanggil)",
)
def open_counter(request: HttpRequest, counter_id: int):
    return _set_mode(request, counter_id, "open")


@router.post(
    "/counters/{counter_id}/pause",
    response={200: CounterModeOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Istirahatkan loket (tidak memanggil, antrian tetap berjalan)",
)
def pause_counter(request: HttpRequest, counter_id: int):
    return _set_mode(request, counter_id, "paused")


@router.post(
    "/counters/{counter_id}/close",
    response={200: CounterModeOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Tutup loket (409 bila masih ada nomor dipanggil atau dilayani)",
)
def close_counter(request: HttpRequest, counter_id: int):
    return _set_mode(request, counter_id, "closed")
