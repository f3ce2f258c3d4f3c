"""Who may act on the queue: take kiosk tickets, move tickets on, see the kiosk screens
and the display board. Counters themselves are decided in `tenancy.access`.

`access_*` fetch a protected object or raise (Http404 outside the user's MPP,
PermissionDenied inside it but outside their role, agency or counter); `check_*` raise
PermissionDenied; `can_*` answer yes or no.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.accounts.roles import (
    can_manage_mpp,
    is_device_of,
    is_officer_of,
    is_staff_of,
    is_supervisor_of,
    own_mpp,
)
from satupintu.queueing.models import Status, Ticket
from satupintu.queueing.tickets.selectors import ticket_by_public_id
from satupintu.tenancy.access import counter_for, is_assigned_to
from satupintu.tenancy.models import Mpp

# --- kiosks


def can_issue_at_kiosk(user: User, mpp: Mpp) -> bool:
    """Kiosk tickets come only from a kiosk device of this MPP."""
    return is_device_of(user, Role.KIOSK, mpp.pk)


def check_kiosk(user: User, mpp: Mpp) -> None:
    """PermissionDenied unless `user` is a kiosk device of `mpp`."""
    if not can_issue_at_kiosk(user, mpp):
        raise PermissionDenied(_("Nomor antrian kios hanya dapat diambil dari kios MPP ini."))


def can_view_kiosk(user: User, mpp: Mpp) -> bool:
    """The kiosk's screens: the MPP's kiosk devices, and its supervisors to preview them."""
    return can_issue_at_kiosk(user, mpp) or can_manage_mpp(user, mpp)


def check_kiosk_screen(user: User, mpp: Mpp) -> None:
    """PermissionDenied unless the user may see this MPP's kiosk screens."""
    if not can_view_kiosk(user, mpp):
        raise PermissionDenied(_("Layar kios hanya untuk kios dan pengelola MPP ini."))


# --- tickets


def can_handle_ticket(user: User, ticket: Ticket) -> bool:
    """Move a ticket on (recall, serve, finish, transfer, cancel, restore).

    The MPP's supervisor may; an officer may for the services of their agency, and
    a ticket that is at a counter (called or being served) only at a counter of theirs.
    """
    if can_manage_mpp(user, ticket.mpp):
        return True
    if not is_officer_of(user, ticket.mpp_id, ticket.service.agency_id):
        return False
    if ticket.status in (Status.CALLED, Status.SERVING) and ticket.counter_id is not None:
        return is_assigned_to(user, ticket.counter_id, ticket.counter)
    return True


def access_ticket(user: User, public_id: uuid.UUID | str) -> Ticket:
    """A ticket for staff to act on: 404 outside their MPP, 403 outside their agency or counter."""
    ticket = ticket_by_public_id(public_id, counter=False)
    if ticket is None:
        raise Http404(_("Nomor antrian tidak ditemukan."))
    if ticket.counter_id is not None:
        ticket.counter = counter_for(user, ticket.counter_id)
    if not is_staff_of(user, ticket.mpp):
        raise Http404(_("Nomor antrian tidak ditemukan."))
    if not can_handle_ticket(user, ticket):
        raise PermissionDenied(_("Nomor antrian ini ditangani loket atau instansi lain."))
    return ticket


# --- the TV display board (/layar/<slug>/) and its running text (/staf/layar/)


def can_view_board(user: User, mpp: Mpp) -> bool:
    """The board and its voice: the MPP's display devices, and its supervisors to preview."""
    return is_device_of(user, Role.DISPLAY, mpp.pk) or can_manage_mpp(user, mpp)


def check_board(user: User, mpp: Mpp) -> None:
    """PermissionDenied unless the user may see this MPP's display board."""
    if not can_view_board(user, mpp):
        raise PermissionDenied(
            _("Layar antrian hanya untuk perangkat layar dan pengelola MPP ini.")
        )


def staff_board_mpp(user: User) -> Mpp:
    """The MPP whose running text the user edits: their own, as its supervisor; else 403."""
    mpp = own_mpp(user)
    if mpp is None or not is_supervisor_of(user, mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat mengubah teks berjalan."))
    return mpp
