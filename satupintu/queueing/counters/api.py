"""The counter over JSON: its mode (open, pause for a break, close) and the officer's work
there: call the next number, recall, serve, finish, no-show, restore, transfer, a walk-in
number, a note (mounted by queueing/api.py).

The endpoints that were defined in queueing/api.py before the sub-packages keep their
operation ids explicitly (tickets/api.py says why).
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import.
from typing import Literal, cast

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from satupintu.accounts.auth import acting_user, authenticated
from satupintu.core.api import ACTION_ERRORS, Text
from satupintu.queueing.access import access_ticket
from satupintu.queueing.counters import services
from satupintu.queueing.models import Outcome
from satupintu.queueing.tickets import selectors as tickets
from satupintu.queueing.tickets.api import (
    ACTION_WRITE_ERRORS,
    ServiceCode,
    TicketId,
    TicketOut,
    act_on_ticket,
    ticket_out,
)
from satupintu.tenancy.access import access_counter_to_serve

router = Router()  # tagged "Antrian" where queueing/api.py mounts it


CounterModeCode = Literal["open", "paused", "closed"]


class CounterModeOut(Schema):
    id: int
    number: int
    mode: CounterModeCode = Field(description="`open` buka, `paused` istirahat, `closed` tutup.")
    is_active: bool = Field(description="Sama dengan `mode != closed`.")


def _set_mode(request: HttpRequest, counter_id: int, mode: str) -> CounterModeOut:
    user = acting_user(request)
    counter = access_counter_to_serve(user, counter_id)
    now_mode = services.set_counter_mode(counter=counter, mode=mode, actor=user)
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


# --- the officer's work at the counter ------------------------------------------------


class FinishIn(Schema):
    outcome: Literal["completed", "follow_up", "rejected"] = "completed"
    reason: Text = Field("", max_length=300, description="Wajib bila ditolak.")


class TransferIn(Schema):
    service: ServiceCode
    keep_place: bool = Field(True, description="Tetap di urutan semula pada antrian tujuan.")
    note: Text = Field("", max_length=300)


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
    "/counters/{counter_id}/call-next",
    response={200: TicketOut, 204: None, **ACTION_ERRORS},
    auth=authenticated,
    summary="Panggil nomor berikutnya di loket (204: tidak ada yang menunggu)",
    operation_id="satupintu_queueing_api_call_next",
)
def call_next(request: HttpRequest, counter_id: int):
    user = acting_user(request)
    counter = access_counter_to_serve(user, counter_id)
    ticket = services.call_next(counter=counter, officer=user)
    if ticket is None:
        return Status(204, None)
    return Status(200, ticket_out(request, ticket))


@router.post(
    "/tickets/{ticket_id}/recall",
    response={200: TicketOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Panggil ulang",
    operation_id="satupintu_queueing_api_recall",
)
def recall(request: HttpRequest, ticket_id: TicketId):
    return act_on_ticket(request, ticket_id, services.recall)


@router.post(
    "/tickets/{ticket_id}/start",
    response={200: TicketOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Mulai melayani",
    operation_id="satupintu_queueing_api_start",
)
def start(request: HttpRequest, ticket_id: TicketId):
    return act_on_ticket(request, ticket_id, services.start_serving)


@router.post(
    "/tickets/{ticket_id}/finish",
    response={200: TicketOut, **ACTION_WRITE_ERRORS},
    auth=authenticated,
    summary="Selesai melayani (tanpa isi: hasil selesai)",
    operation_id="satupintu_queueing_api_finish",
)
def finish(request: HttpRequest, ticket_id: TicketId, payload: FinishIn | None = None):
    outcome, reason = (payload.outcome, payload.reason) if payload else (Outcome.COMPLETED, "")
    return act_on_ticket(request, ticket_id, services.finish, outcome=outcome, reason=reason)


@router.post(
    "/tickets/{ticket_id}/no-show",
    response={200: TicketOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Tidak hadir (setelah panggilan ulang)",
    operation_id="satupintu_queueing_api_no_show",
)
def no_show(request: HttpRequest, ticket_id: TicketId):
    return act_on_ticket(request, ticket_id, services.mark_no_show)


@router.post(
    "/tickets/{ticket_id}/restore",
    response={200: TicketOut, **ACTION_ERRORS},
    auth=authenticated,
    summary="Pulihkan nomor yang tidak hadir",
    operation_id="satupintu_queueing_api_restore",
)
def restore(request: HttpRequest, ticket_id: TicketId):
    return act_on_ticket(request, ticket_id, services.restore)


@router.post(
    "/tickets/{ticket_id}/transfer",
    response={200: TicketOut, **ACTION_WRITE_ERRORS},
    auth=authenticated,
    summary="Pindahkan ke layanan lain (jawaban: nomor lanjutan)",
    operation_id="satupintu_queueing_api_transfer",
)
def transfer(request: HttpRequest, ticket_id: TicketId, payload: TransferIn):
    user = acting_user(request)
    ticket = access_ticket(user, ticket_id)
    target = tickets.service_for_ticket(ticket.mpp, payload.service)
    moved = services.transfer(
        ticket=ticket,
        to_service=target,
        actor=user,
        keep_place=payload.keep_place,
        note=payload.note,
    )
    return ticket_out(request, moved)


@router.post(
    "/counters/{counter_id}/walk-in",
    response={201: TicketOut, **ACTION_WRITE_ERRORS},
    auth=authenticated,
    summary="Buat nomor antrian di loket untuk pengunjung yang langsung datang",
    operation_id="satupintu_queueing_api_walk_in",
)
def walk_in(request: HttpRequest, counter_id: int, payload: WalkInIn):
    user = acting_user(request)
    counter = access_counter_to_serve(user, counter_id)
    service = tickets.service_for_ticket(counter.mpp, payload.service)
    ticket = services.issue_walk_in(
        counter=counter, service=service, actor=user, priority=payload.priority or ""
    )
    return Status(201, ticket_out(request, ticket))


@router.post(
    "/tickets/{ticket_id}/note",
    response={200: TicketOut, **ACTION_WRITE_ERRORS},
    auth=authenticated,
    summary="Simpan catatan petugas pada nomor antrian",
    operation_id="satupintu_queueing_api_note",
)
def note(request: HttpRequest, ticket_id: TicketId, payload: NoteIn):
    return act_on_ticket(request, ticket_id, services.set_ticket_note, note=payload.note)
