"""The queue over JSON: tickets from kiosks and phones, the counter's actions, the board.

Every endpoint parses, asks `access.py` who may, calls one service or
selector and answers. The two `…/events` operations are the live streams: under
the ASGI server they stream (core/sse.py, queueing/board/streams.py); under a
WSGI server or the test client they answer the first event and end, and the
EventSource reconnects (a slow poll).
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import AuthenticationError

from satupintu.accounts.auth import OPTIONAL_AUTH, acting_user, authenticated, optional_caller
from satupintu.core.api import (
    ACTION_ERRORS,
    PUBLIC_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    MppSlug,
    Text,
)
from satupintu.core.events import bus
from satupintu.core.identifiers import normalize_phone
from satupintu.core.links import citizen_link
from satupintu.core.ratelimit import check_rate
from satupintu.core.sse import Message, can_stream, finite_stream, last_event_id, stream_response
from satupintu.queueing import selectors, services
from satupintu.queueing.access import access_ticket, check_kiosk
from satupintu.queueing.board import streams
from satupintu.queueing.counters.api import router as counters_router
from satupintu.queueing.models import Channel, Outcome, Ticket
from satupintu.tenancy.access import access_counter_to_serve
from satupintu.tenancy.selectors import mpp_by_slug

router = Router(tags=["Antrian"])
router.add_router("", counters_router)

# Online tickets: per phone number and per address, on top of the API's own limits.
ONLINE_RATE_PHONE = getattr(settings, "QUEUE_ONLINE_RATE_PHONE", "6/h")
ONLINE_RATE_ADDRESS = getattr(settings, "QUEUE_ONLINE_RATE_ADDRESS", "60/h")

TicketId = Annotated[
    uuid.UUID, Path(description="Id publik nomor antrian (UUID dari saat nomor diambil).")
]
ServiceCode = Annotated[
    str,
    Field(
        pattern=r"^[A-Z]{1,3}\d{2,3}$",
        max_length=10,
        description="Kode layanan di MPP, mis. `A01`.",
        examples=["A01"],
    ),
]
StatusCode = Literal["waiting", "called", "serving", "done", "no_show", "cancelled", "transferred"]
ACTION_WRITE_ERRORS = {**WRITE_ERRORS, 409: ErrorOut}
BOARD_EVENTS = ["snapshot", "issue", "call", "recall", "start", "finish", "no_show", "restore"]
BOARD_EVENTS += ["cancel", "transfer", "counter"]  # counter: {counter, counter_number, mode}


def event_stream(description: str, events: list[str], data: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI for a Server-Sent Events answer: the schema describes one event (OpenAPI 3.1)."""
    return {
        "responses": {
            "200": {
                "description": description
                + " Every event has an `id` to send back as `Last-Event-ID`; a comment line"
                " comes every 15 s. Reached through a WSGI server, the stream sends its first"
                " event and ends, and the client reconnects after `retry` ms.",
                "content": {
                    "text/event-stream": {
                        "schema": {
                            "type": "object",
                            "required": ["id", "event", "data"],
                            "properties": {
                                "id": {"type": "string", "pattern": "^[0-9]+$"},
                                "event": {"type": "string", "enum": events},
                                "data": {
                                    "type": "string",
                                    "contentMediaType": "application/json",
                                    **data,
                                },
                                "retry": {"type": "integer"},
                            },
                        }
                    }
                },
            }
        }
    }


BOARD_STREAM = event_stream(
    "`snapshot` (as GET …/queue), then one event per ticket transition: `data` holds the"
    " ticket (`ticket`, `number`, `service`, `queue`, `priority`, `status`, `from`, `counter`,"
    " `counter_number`, `issued_at`, `at`, `history`); applying them to the snapshot keeps it"
    " current (satupintu/queueing/board/snapshot.py). A reconnect with a recent"
    " `Last-Event-ID` gets the missed events instead of a snapshot.",
    BOARD_EVENTS,
    {"contentSchema": {"$ref": "#/components/schemas/QueueSnapshotOut"}},
)
TICKET_STREAM = event_stream(
    "`snapshot`, then `ticket` each time the ticket's status, place or wait changes.",
    ["snapshot", "ticket"],
    {"contentSchema": {"$ref": "#/components/schemas/TicketOut"}},
)


class TicketIn(Schema):
    service: ServiceCode
    channel: Literal["kiosk", "online"] = Field(
        description="`kiosk`: token perangkat kios MPP ini; `online`: tanpa login, perlu `phone`."
    )
    priority: str | None = Field(
        None,
        pattern=r"^[a-z_]{1,30}$",
        description="Kategori prioritas MPP (lansia, ibu_hamil, disabilitas, ibu_balita).",
    )
    phone: str | None = Field(
        None,
        pattern=r"^\+?[0-9][0-9 ()-]{5,23}$",
        description="Nomor ponsel; wajib untuk antrian daring.",
        examples=["081234567801"],
    )


class TicketOut(Schema):
    id: uuid.UUID = Field(description="Id publik: kunci halaman nomor antrian, jangan dibagikan.")
    number: str
    service: str
    service_name: str
    status: StatusCode
    ahead: int = Field(description="Orang yang dipanggil lebih dulu di loket layanan ini.")
    eta_minutes: int | None = Field(description="Perkiraan menit sampai dipanggil.")
    counter: int | None = Field(description="Nomor loket saat dipanggil atau dilayani.")
    recalls: int
    track_url: str
    issued_at: dt.datetime
    called_at: dt.datetime | None
    transferred_to: uuid.UUID | None = Field(description="Nomor lanjutan setelah dipindahkan.")


class FinishIn(Schema):
    outcome: Literal["completed", "follow_up", "rejected"] = "completed"
    reason: Text = Field("", max_length=300, description="Wajib bila ditolak.")


class TransferIn(Schema):
    service: ServiceCode
    keep_place: bool = Field(True, description="Tetap di urutan semula pada antrian tujuan.")
    note: Text = Field("", max_length=300)


class CancelIn(Schema):
    note: Text = Field("", max_length=300)


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


def _out(request: HttpRequest, ticket: Ticket) -> TicketOut:
    view = selectors.ticket_view(ticket)
    return TicketOut(**{**view, "track_url": citizen_link(view["track_url"], request)})


def _limit_online(request: HttpRequest, phone: str | None) -> None:
    """Online tickets need no login, so they are limited per phone number and address."""
    address = request.META.get("REMOTE_ADDR", "")
    check_rate("online-ticket-address", address, ONLINE_RATE_ADDRESS)
    if phone:
        check_rate("online-ticket-phone", normalize_phone(phone), ONLINE_RATE_PHONE)


@router.post(
    "/mpps/{slug}/tickets",
    response={201: TicketOut, **ACTION_WRITE_ERRORS},
    summary="Ambil nomor antrian (kios atau daring)",
    openapi_extra=OPTIONAL_AUTH,
)
def issue_ticket(request: HttpRequest, slug: MppSlug, payload: TicketIn):
    mpp = mpp_by_slug(slug)
    service = selectors.service_for_ticket(mpp, payload.service)
    if payload.channel == Channel.KIOSK:
        caller = optional_caller(request)
        if caller is None:
            raise AuthenticationError
        check_kiosk(caller, mpp)
    else:
        _limit_online(request, payload.phone)
    ticket = services.issue_ticket(
        mpp=mpp,
        service=service,
        channel=payload.channel,
        priority=payload.priority or "",
        phone=payload.phone or "",
    )
    return Status(201, _out(request, ticket))


@router.get(
    "/tickets/{ticket_id}",
    response={200: TicketOut, **PUBLIC_ERRORS},
    summary="Satu nomor antrian (publik, dengan id-nya)",
)
def get_ticket(request: HttpRequest, ticket_id: TicketId):
    return _out(request, selectors.public_ticket(ticket_id))


@router.get(
    "/tickets/{ticket_id}/events",
    response=PUBLIC_ERRORS,
    summary="Nomor antrian secara langsung (Server-Sent Events)",
    openapi_extra=TICKET_STREAM,
)
async def ticket_events(request: HttpRequest, ticket_id: TicketId):
    if not can_stream(request):
        view = await sync_to_async(_ticket_view)(ticket_id)
        return finite_stream([Message(bus().hub.last_id, "snapshot", view)])
    source = await streams.open_ticket(ticket_id)
    if source is None:
        raise Http404
    return stream_response(source)


def _ticket_view(ticket_id: uuid.UUID) -> dict[str, Any]:
    return selectors.ticket_view(selectors.public_ticket(ticket_id))


@router.get(
    "/mpps/{slug}/queue",
    response={200: QueueSnapshotOut, **PUBLIC_ERRORS},
    summary="Keadaan antrian MPP hari ini (layar antrian)",
)
def queue_snapshot(request: HttpRequest, slug: MppSlug):
    return selectors.queue_snapshot(mpp_by_slug(slug))


@router.get(
    "/mpps/{slug}/events",
    response=PUBLIC_ERRORS,
    summary="Antrian MPP secara langsung (Server-Sent Events)",
    openapi_extra=BOARD_STREAM,
)
async def queue_events(request: HttpRequest, slug: MppSlug):
    if not can_stream(request):
        snapshot = await sync_to_async(_board_snapshot)(slug)
        return finite_stream([Message(bus().hub.last_id, "snapshot", snapshot)])
    source = await streams.open_board(slug, last_event_id(request))
    if source is None:
        raise Http404
    return stream_response(source)


def _board_snapshot(slug: str) -> dict[str, Any]:
    return selectors.queue_snapshot(mpp_by_slug(slug))


@router.post(
    "/counters/{counter_id}/call-next",
    response={200: TicketOut, 204: None, **ACTION_ERRORS},
    auth=authenticated,
    summary="Panggil nomor berikutnya di loket (204: tidak ada yang menunggu)",
)
def call_next(request: HttpRequest, counter_id: int):
    user = acting_user(request)
    counter = access_counter_to_serve(user, counter_id)
    ticket = services.call_next(counter=counter, officer=user)
    if ticket is None:
        return Status(204, None)
    return Status(200, _out(request, ticket))


def _act(request: HttpRequest, ticket_id: uuid.UUID, action: Callable[..., Ticket], **kw: Any):
    user = acting_user(request)
    ticket = access_ticket(user, ticket_id)
    return _out(request, action(ticket=ticket, actor=user, **kw))


@router.post(
    "/tickets/{ticket_id}/recall",
    response={200: TicketOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Panggil ulang",
)
def recall(request: HttpRequest, ticket_id: TicketId):
    return _act(request, ticket_id, services.recall)


@router.post(
    "/tickets/{ticket_id}/start",
    response={200: TicketOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Mulai melayani",
)
def start(request: HttpRequest, ticket_id: TicketId):
    return _act(request, ticket_id, services.start_serving)


@router.post(
    "/tickets/{ticket_id}/finish",
    response={200: TicketOut, **ACTION_WRITE_ERRORS},
    auth=authenticated,
    summary="Selesai melayani (tanpa isi: hasil selesai)",
)
def finish(request: HttpRequest, ticket_id: TicketId, payload: FinishIn | None = None):
    outcome, reason = (payload.outcome, payload.reason) if payload else (Outcome.COMPLETED, "")
    return _act(request, ticket_id, services.finish, outcome=outcome, reason=reason)


@router.post(
    "/tickets/{ticket_id}/no-show",
    response={200: TicketOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Tidak hadir (setelah panggilan ulang)",
)
def no_show(request: HttpRequest, ticket_id: TicketId):
    return _act(request, ticket_id, services.mark_no_show)


@router.post(
    "/tickets/{ticket_id}/restore",
    response={200: TicketOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Pulihkan nomor yang tidak hadir",
)
def restore(request: HttpRequest, ticket_id: TicketId):
    return _act(request, ticket_id, services.restore)


@router.post(
    "/tickets/{ticket_id}/transfer",
    response={200: TicketOut, **ACTION_WRITE_ERRORS},
    auth=authenticated,
    summary="Pindahkan ke layanan lain (jawaban: nomor lanjutan)",
)
def transfer(request: HttpRequest, ticket_id: TicketId, payload: TransferIn):
    user = acting_user(request)
    ticket = access_ticket(user, ticket_id)
    target = selectors.service_for_ticket(ticket.mpp, payload.service)
    moved = services.transfer(
        ticket=ticket,
        to_service=target,
        actor=user,
        keep_place=payload.keep_place,
        note=payload.note,
    )
    return _out(request, moved)


@router.post(
    "/tickets/{ticket_id}/cancel",
    response={200: TicketOut, **ACTION_WRITE_ERRORS},
    auth=authenticated,
    summary="Batalkan nomor antrian (petugas)",
)
def cancel(request: HttpRequest, ticket_id: TicketId, payload: CancelIn | None = None):
    note = payload.note if payload else ""
    return _act(request, ticket_id, services.cancel, note=note)


# --- the counter console: walk-in numbers, notes on tickets (its mode: counters/api.py)


class WalkInIn(Schema):
    service: ServiceCode
    priority: str | None = Field(
        None,
        pattern=r"^[a-z_]{1,30}$",
        description="Kategori prioritas MPP (lansia, ibu_hamil, disabilitas, ibu_balita).",
    )


class NoteIn(Schema):
    note: Text = Field("", max_length=300, description="Catatan singkat petugas; kosong: hapus.")


@router.post(
    "/counters/{counter_id}/walk-in",
    response={201: TicketOut, **ACTION_WRITE_ERRORS},
    auth=authenticated,
    summary="Buat nomor antrian di loket untuk pengunjung yang langsung datang",
)
def walk_in(request: HttpRequest, counter_id: int, payload: WalkInIn):
    user = acting_user(request)
    counter = access_counter_to_serve(user, counter_id)
    service = selectors.service_for_ticket(counter.mpp, payload.service)
    ticket = services.issue_walk_in(
        counter=counter, service=service, actor=user, priority=payload.priority or ""
    )
    return Status(201, _out(request, ticket))


@router.post(
    "/tickets/{ticket_id}/note",
    response={200: TicketOut, **ACTION_WRITE_ERRORS},
    auth=authenticated,
    summary="Simpan catatan petugas pada nomor antrian",
)
def note(request: HttpRequest, ticket_id: TicketId, payload: NoteIn):
    return _act(request, ticket_id, services.set_ticket_note, note=payload.note)
