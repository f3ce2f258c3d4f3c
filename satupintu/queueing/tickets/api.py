"""Numbers over JSON: take one (kiosk or phone), read it, follow it live, cancel it.

Every endpoint parses, asks `queueing/access.py` who may, calls one service or
selector and answers. `…/events` is the ticket's live stream: under the ASGI server
it streams (core/sse.py, queueing/board/streams.py); under a WSGI server or the test
client it answers the first event and ends, and the EventSource reconnects (a slow
poll). The schemas and helpers here are shared with counters/api.py.

Operation ids are given explicitly: they are the ids these endpoints had when they
were defined in queueing/api.py, and clients generated from the document use them.
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import AuthenticationError

from satupintu.accounts.auth import OPTIONAL_AUTH, acting_user, authenticated, optional_caller
from satupintu.core.api import PUBLIC_ERRORS, WRITE_ERRORS, ErrorOut, MppSlug, Text
from satupintu.core.identifiers import normalize_phone
from satupintu.core.links import citizen_link
from satupintu.core.ratelimit import check_rate
from satupintu.core.sse import (
    stream_or_snapshot,
)
from satupintu.queueing.access import access_ticket, check_kiosk
from satupintu.queueing.board import streams
from satupintu.queueing.models import Channel, Ticket
from satupintu.queueing.tickets import selectors, services
from satupintu.tenancy.selectors import mpp_by_slug

router = Router()  # tagged "Antrian" where queueing/api.py mounts it


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


TICKET_STREAM = event_stream(
    "`snapshot`, then `ticket` each time the ticket's status, place or wait changes.",
    ["snapshot", "ticket"],
    {"contentSchema": {"$ref": "#/components/schemas/TicketOut"}},
)


class TicketTakerIn(Schema):
    """Who takes a number and how: shared by a service's ticket and a journey's."""

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


class TicketIn(TicketTakerIn):
    service: ServiceCode


class TicketOut(Schema):
    id: uuid.UUID = Field(description="Id publik: kunci halaman nomor antrian, jangan dibagikan.")
    number: str
    service: str
    service_name: str
    status: StatusCode
    ahead: int = Field(description="Orang yang dipanggil lebih dulu di loket layanan ini.")
    ahead_text: str = Field(
        description="`ahead` dalam kata-kata, dalam bahasa permintaan (mis. `Anda berikutnya`)."
    )
    eta_minutes: int | None = Field(description="Perkiraan menit sampai dipanggil.")
    wait_text: str = Field(
        description="`eta_minutes` dalam kata-kata, dalam bahasa permintaan; kosong bila null."
    )
    counter: int | None = Field(description="Nomor loket saat dipanggil atau dilayani.")
    recalls: int
    track_url: str
    issued_at: dt.datetime
    called_at: dt.datetime | None
    transferred_to: uuid.UUID | None = Field(description="Nomor lanjutan setelah dipindahkan.")


class CancelIn(Schema):
    note: Text = Field("", max_length=300)


def ticket_out(request: HttpRequest, ticket: Ticket) -> TicketOut:
    view = selectors.ticket_view(ticket)
    return TicketOut(**{**view, "track_url": citizen_link(view["track_url"], request)})


def limit_online(request: HttpRequest, phone: str | None) -> None:
    """Online tickets need no login, so they are limited per phone number and address."""
    address = request.META.get("REMOTE_ADDR", "")
    check_rate("online-ticket-address", address, ONLINE_RATE_ADDRESS)
    if phone:
        check_rate("online-ticket-phone", normalize_phone(phone), ONLINE_RATE_PHONE)


def act_on_ticket(
    request: HttpRequest, ticket_id: uuid.UUID, action: Callable[..., Ticket], **kw: Any
):
    user = acting_user(request)
    ticket = access_ticket(user, ticket_id)
    return ticket_out(request, action(ticket=ticket, actor=user, **kw))


@router.post(
    "/mpps/{slug}/tickets",
    response={201: TicketOut, **ACTION_WRITE_ERRORS},
    summary="Ambil nomor antrian (kios atau daring)",
    openapi_extra=OPTIONAL_AUTH,
    operation_id="satupintu_queueing_api_issue_ticket",
)
def issue_ticket(request: HttpRequest, slug: MppSlug, payload: TicketIn):
    mpp = mpp_by_slug(slug)
    service = selectors.service_for_ticket(mpp, payload.service)
    caller = optional_caller(request)
    if payload.channel == Channel.KIOSK:
        if caller is None:
            raise AuthenticationError
        check_kiosk(caller, mpp)
    else:
        limit_online(request, payload.phone)
    ticket = services.issue_ticket(
        mpp=mpp,
        service=service,
        channel=payload.channel,
        priority=payload.priority or "",
        phone=payload.phone or "",
        user=caller,  # a signed-in citizen's own ticket joins the account
    )
    return Status(201, ticket_out(request, ticket))


@router.get(
    "/tickets/{ticket_id}",
    response={200: TicketOut, **PUBLIC_ERRORS},
    summary="Satu nomor antrian (publik, dengan id-nya)",
    operation_id="satupintu_queueing_api_get_ticket",
)
def get_ticket(request: HttpRequest, ticket_id: TicketId):
    return ticket_out(request, selectors.public_ticket(ticket_id))


@router.get(
    "/tickets/{ticket_id}/events",
    response=PUBLIC_ERRORS,
    summary="Nomor antrian secara langsung (Server-Sent Events)",
    openapi_extra=TICKET_STREAM,
    operation_id="satupintu_queueing_api_ticket_events",
)
async def ticket_events(request: HttpRequest, ticket_id: TicketId):
    return await stream_or_snapshot(
        request,
        lambda: selectors.ticket_view(selectors.public_ticket(ticket_id)),
        lambda: streams.open_ticket(ticket_id, request.LANGUAGE_CODE),
    )


@router.post(
    "/tickets/{ticket_id}/cancel",
    response={200: TicketOut, **ACTION_WRITE_ERRORS},
    auth=authenticated,
    summary="Batalkan nomor antrian (petugas)",
    operation_id="satupintu_queueing_api_cancel",
)
def cancel(request: HttpRequest, ticket_id: TicketId, payload: CancelIn | None = None):
    note = payload.note if payload else ""
    return act_on_ticket(request, ticket_id, services.cancel, note=note)
