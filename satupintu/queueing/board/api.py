"""The board over JSON: the MPP's queue today as one snapshot, and its live stream (mounted by
queueing/api.py).

Both endpoints are public: they parse the MPP, call one selector and answer. `…/events`
streams under the ASGI server (core/sse.py, board/streams.py); under a WSGI server or the
test client it answers the first event and ends, and the EventSource reconnects (a slow
poll).

Operation ids are given explicitly: they are the ids these endpoints had when they were
defined in queueing/api.py, and clients generated from the document use them.
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from satupintu.core.api import PUBLIC_ERRORS, MppSlug
from satupintu.core.sse import (
    last_event_id,
    stream_or_snapshot,
)
from satupintu.queueing.board import selectors, streams
from satupintu.queueing.tickets.api import StatusCode, event_stream
from satupintu.tenancy.selectors import mpp_by_slug

router = Router()  # tagged "Antrian" where queueing/api.py mounts it


BOARD_EVENTS = ["snapshot", "issue", "call", "recall", "start", "finish", "no_show", "restore"]


BOARD_EVENTS += ["cancel", "transfer", "counter"]  # counter: {counter, counter_number, mode}


BOARD_STREAM = event_stream(
    "`snapshot` (as GET …/queue), then one event per ticket transition: `data` holds the"
    " ticket (`ticket`, `number`, `service`, `queue`, `priority`, `status`, `from`, `counter`,"
    " `counter_number`, `issued_at`, `at`, `history`); applying them to the snapshot keeps it"
    " current (satupintu/queueing/board/snapshot.py). A reconnect with a recent"
    " `Last-Event-ID` gets the missed events instead of a snapshot.",
    BOARD_EVENTS,
    {"contentSchema": {"$ref": "#/components/schemas/QueueSnapshotOut"}},
)


class QueueCountOut(Schema):
    prefix: str
    name: str
    waiting: int
    priority_waiting: int


class ServiceCountOut(Schema):
    code: str
    name: str
    queue: str
    waiting: int


class WaitingOut(Schema):
    ticket: int
    number: str
    service: str
    queue: str
    priority: bool
    issued_at: dt.datetime


class AtCounterOut(Schema):
    ticket: int
    number: str
    service: str
    status: StatusCode


class BoardCounterOut(Schema):
    id: int
    number: int
    name: str
    is_active: bool
    mode: Literal["open", "paused", "closed"] = Field(
        description="Seperti papan menampilkannya: buka, istirahat, atau tutup."
    )
    ticket: AtCounterOut | None


class CallOut(Schema):
    history: int
    ticket: int
    number: str
    service: str
    counter: int | None
    counter_number: int | None
    at: dt.datetime
    action: Literal["call", "recall"]


class QueueSnapshotOut(Schema):
    mpp: str
    day: dt.date
    running_text: str
    queues: list[QueueCountOut]
    services: list[ServiceCountOut]
    waiting: list[WaitingOut]
    counters: list[BoardCounterOut]
    last_calls: list[CallOut]


@router.get(
    "/mpps/{slug}/queue",
    response={200: QueueSnapshotOut, **PUBLIC_ERRORS},
    summary="Keadaan antrian MPP hari ini (layar antrian)",
    operation_id="satupintu_queueing_api_queue_snapshot",
)
def queue_snapshot(request: HttpRequest, slug: MppSlug):
    return selectors.queue_snapshot(mpp_by_slug(slug))


@router.get(
    "/mpps/{slug}/events",
    response=PUBLIC_ERRORS,
    summary="Antrian MPP secara langsung (Server-Sent Events)",
    openapi_extra=BOARD_STREAM,
    operation_id="satupintu_queueing_api_queue_events",
)
async def queue_events(request: HttpRequest, slug: MppSlug):
    return await stream_or_snapshot(
        request,
        lambda: selectors.queue_snapshot(mpp_by_slug(slug)),
        lambda: streams.open_board(slug, last_event_id(request)),
    )
