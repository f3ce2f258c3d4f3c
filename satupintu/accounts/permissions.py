"""Every authorisation decision of satupintu, in one place.

`can_*` answer a yes/no question; `access_*` fetch a protected object for a
user or raise: Http404 when the object lies in another MPP (its existence is
not revealed), PermissionDenied when it is in the user's MPP but outside their
role or agency. Views, API endpoints and services call these, never their own
`if user.role == …`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.catalog.models import Service
from satupintu.queueing.models import Status, Ticket
from satupintu.queueing.tickets.selectors import ticket_by_public_id
from satupintu.tenancy.models import Agency, Counter, Mpp


def _is(user: User, role: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == role)


# Nothing here is cached: every answer rests on rows read in this request (the user's
# own row, their token, the counter and its assignment), so a deactivated officer, a
# revoked token or a removed assignment is refused at once, in every process.


def _assignments(user: User) -> QuerySet[Any]:
    return User.counters.through.objects.filter(user_id=user.pk)


def _assigned_to(user: User, counter_id: int, counter: Counter | None = None) -> bool:
    """Whether the user is assigned to the counter; the answer `_counter_for` read with
    `counter`'s row, when it was for this user."""
    known = getattr(counter, "_assignment", None)
    if known is not None and known[0] == user.pk:
        return known[1]
    return _assignments(user).filter(counter_id=counter_id).exists()


def _counter_for(user: User, counter_id: int) -> Counter | None:
    """A counter with its MPP and booth's agency, read in one query with whether `user` is
    assigned to it, which the counter keeps for `_assigned_to`."""
    assigned = Exists(_assignments(user).filter(counter_id=OuterRef("pk")))
    counter = (
        Counter.objects.select_related("mpp", "booth__agency")
        .annotate(assigned=assigned)
        .filter(pk=counter_id)
        .first()
    )
    if counter is not None:
        counter._assignment = (user.pk, counter.assigned)  # type: ignore[attr-defined]
    return counter


def is_operator(user: User) -> bool:
    return _is(user, Role.OPERATOR)


def is_staff_of(user: User, mpp: Mpp) -> bool:
    """Officer or supervisor working at this MPP (operators count everywhere)."""
    if is_operator(user):
        return True
    return (
        user.is_authenticated
        and user.role in {Role.OFFICER, Role.SUPERVISOR}
        and (user.mpp_id == mpp.pk and user.is_active)
    )


def can_manage_mpp(user: User, mpp: Mpp) -> bool:
    return is_operator(user) or (_is(user, Role.SUPERVISOR) and user.mpp_id == mpp.pk)


def can_view_agency(user: User, mpp: Mpp, agency: Agency) -> bool:
    """Internal data of an agency at an MPP: its officers, its counters' work."""
    if can_manage_mpp(user, mpp):
        return True
    return _is(user, Role.OFFICER) and user.mpp_id == mpp.pk and user.agency_id == agency.pk


def can_serve_at(user: User, counter: Counter) -> bool:
    """Open, close and (later) call tickets at this counter."""
    if can_manage_mpp(user, counter.mpp):
        return True
    return (
        _is(user, Role.OFFICER)
        and user.mpp_id == counter.mpp_id
        and user.agency_id == counter.booth.agency_id
        and _assigned_to(user, counter.pk, counter)
    )


def can_rename_counter(user: User, counter: Counter) -> bool:
    return can_manage_mpp(user, counter.mpp)


def access_counter(user: User, counter_id: int) -> Counter:
    """The counter if the user may see it; 404 outside their MPP, 403 outside their agency."""
    counter = _counter_for(user, counter_id)
    if counter is None:
        raise Http404(_("Loket tidak ditemukan."))
    if not is_staff_of(user, counter.mpp):
        raise Http404(_("Loket tidak ditemukan."))
    if not can_view_agency(user, counter.mpp, counter.booth.agency):
        raise PermissionDenied(_("Loket ini milik instansi lain."))
    return counter


def access_agency(user: User, mpp: Mpp, code: str) -> Agency:
    """An agency present at `mpp` whose internal data the user may read."""
    agency = Agency.objects.filter(code=code, booths__mpp=mpp).first()
    if agency is None:
        raise Http404(_("Instansi tidak ditemukan di MPP ini."))
    if not is_staff_of(user, mpp):
        if user.is_authenticated and user.role in {Role.OFFICER, Role.SUPERVISOR}:
            raise Http404(_("Instansi tidak ditemukan di MPP ini."))
        raise PermissionDenied(_("Anda tidak berhak melihat data internal instansi ini."))
    if not can_view_agency(user, mpp, agency):
        raise PermissionDenied(_("Anda tidak berhak melihat data internal instansi ini."))
    return agency


# --- the service catalog of an MPP, as staff see it (/staf/katalog/) ------------------
def can_view_catalog(user: User, mpp: Mpp) -> bool:
    """Read the staff catalog: officers (their agency's services) and supervisors."""
    return is_staff_of(user, mpp)


def can_edit_catalog(user: User, mpp: Mpp) -> bool:
    """Publish versions, add services, import and export: the MPP's supervisors."""
    return can_manage_mpp(user, mpp)


def catalog_agency_scope(user: User, mpp: Mpp) -> int | None:
    """The one agency whose services the user may read, or None for the whole catalog."""
    return None if can_edit_catalog(user, mpp) else user.agency_id


def staff_catalog_mpp(user: User, *, edit: bool = False) -> Mpp:
    """The MPP whose catalog the staff pages show: always the user's own, so nobody
    reaches another MPP's catalog through them. 403 for anyone else."""
    mpp = user.mpp if user.is_authenticated else None
    if mpp is None or not can_view_catalog(user, mpp):
        raise PermissionDenied(_("Halaman ini untuk petugas dan pengelola MPP."))
    if edit and not can_edit_catalog(user, mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat mengubah katalog layanan."))
    return mpp


def access_catalog_service(user: User, code: str, *, edit: bool = False) -> Service:
    """A service of the user's own MPP: 404 when the MPP has no such code, 403 when it
    belongs to another agency than an officer's, or when an officer asks to edit."""
    mpp = staff_catalog_mpp(user)
    service = (
        Service.objects.select_related("mpp", "agency", "category")
        .filter(mpp=mpp, code=code)
        .first()
    )
    if service is None:
        raise Http404(_("Layanan tidak ditemukan di MPP ini."))
    if not can_view_agency(user, mpp, service.agency):
        raise PermissionDenied(_("Layanan ini milik instansi lain."))
    if edit and not can_edit_catalog(user, mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat mengubah katalog layanan."))
    return service


# --- queue: kiosks, counters, tickets


def can_issue_at_kiosk(user: User, mpp: Mpp) -> bool:
    """Kiosk tickets come only from a kiosk device of this MPP."""
    return _is(user, Role.KIOSK) and user.mpp_id == mpp.pk


def check_kiosk(user: User, mpp: Mpp) -> None:
    """PermissionDenied unless `user` is a kiosk device of `mpp`."""
    if not can_issue_at_kiosk(user, mpp):
        raise PermissionDenied(_("Nomor antrian kios hanya dapat diambil dari kios MPP ini."))


def access_counter_to_serve(user: User, counter_id: int) -> Counter:
    """A counter the user may call tickets at: access_counter, then 403 unless they serve it."""
    counter = access_counter(user, counter_id)
    if not can_serve_at(user, counter):
        raise PermissionDenied(_("Anda tidak bertugas di loket ini."))
    return counter


def can_handle_ticket(user: User, ticket: Ticket) -> bool:
    """Move a ticket on (recall, serve, finish, transfer, cancel, restore).

    The MPP's supervisor may; an officer may for the services of their agency, and
    a ticket that is at a counter (called or being served) only at a counter of theirs.
    """
    if can_manage_mpp(user, ticket.mpp):
        return True
    if not (
        _is(user, Role.OFFICER)
        and user.mpp_id == ticket.mpp_id
        and user.agency_id == ticket.service.agency_id
    ):
        return False
    if ticket.status in (Status.CALLED, Status.SERVING) and ticket.counter_id is not None:
        return _assigned_to(user, ticket.counter_id, ticket.counter)
    return True


def access_ticket(user: User, public_id: uuid.UUID | str) -> Ticket:
    """A ticket for staff to act on: 404 outside their MPP, 403 outside their agency or counter."""
    ticket = ticket_by_public_id(public_id, counter=False)
    if ticket is None:
        raise Http404(_("Nomor antrian tidak ditemukan."))
    if ticket.counter_id is not None:
        ticket.counter = _counter_for(user, ticket.counter_id)
    if not is_staff_of(user, ticket.mpp):
        raise Http404(_("Nomor antrian tidak ditemukan."))
    if not can_handle_ticket(user, ticket):
        raise PermissionDenied(_("Nomor antrian ini ditangani loket atau instansi lain."))
    return ticket


# --- queue kiosk screens (/kios/<slug>/)


def can_view_kiosk(user: User, mpp: Mpp) -> bool:
    """The kiosk's screens: the MPP's kiosk devices, and its supervisors to preview them."""
    return can_issue_at_kiosk(user, mpp) or can_manage_mpp(user, mpp)


def check_kiosk_screen(user: User, mpp: Mpp) -> None:
    """PermissionDenied unless the user may see this MPP's kiosk screens."""
    if not can_view_kiosk(user, mpp):
        raise PermissionDenied(_("Layar kios hanya untuk kios dan pengelola MPP ini."))


# --- the TV display board (/layar/<slug>/) and its running text (/staf/layar/)


def can_view_board(user: User, mpp: Mpp) -> bool:
    """The board and its voice: the MPP's display devices, and its supervisors to preview."""
    return (_is(user, Role.DISPLAY) and user.mpp_id == mpp.pk) or can_manage_mpp(user, mpp)


def check_board(user: User, mpp: Mpp) -> None:
    """PermissionDenied unless the user may see this MPP's display board."""
    if not can_view_board(user, mpp):
        raise PermissionDenied(
            _("Layar antrian hanya untuk perangkat layar dan pengelola MPP ini.")
        )


def staff_board_mpp(user: User) -> Mpp:
    """The MPP whose running text the user edits: their own, as its supervisor; else 403."""
    mpp = user.mpp if user.is_authenticated else None
    if mpp is None or not _is(user, Role.SUPERVISOR) or not can_manage_mpp(user, mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat mengubah teks berjalan."))
    return mpp


# --- online applications (permohonan daring)


def can_officiate_application(user: User, application) -> bool:
    """Verify and move an application on: officers of the service's agency at its MPP, and
    the MPP's supervisors."""
    return can_view_agency(user, application.mpp, application.service.agency)


def access_application(user: User, public_id: uuid.UUID | str):
    """An application for its applicant or for the officers of its agency; 404 for anyone
    else (its existence is not revealed)."""
    from satupintu.applications.models import Application

    application = (
        Application.objects.select_related("mpp", "service", "service__agency", "version")
        .filter(public_id=public_id)
        .first()
    )
    if application is None or not user.is_authenticated or not user.is_active:
        raise Http404(_("Permohonan tidak ditemukan."))
    if application.user_id == user.pk or can_officiate_application(user, application):
        return application
    raise Http404(_("Permohonan tidak ditemukan."))


def staff_applications_mpp(user: User) -> Mpp:
    """The MPP whose application work list the user sees: their own, as officer or
    supervisor; 403 for anyone else."""
    mpp = user.mpp if user.is_authenticated else None
    if mpp is None or not is_staff_of(user, mpp) or is_operator(user):
        raise PermissionDenied(_("Halaman ini untuk petugas dan pengelola MPP."))
    return mpp


# --- satisfaction: rating tablet, SKM survey, IKM publication, coaching


def is_tablet_of(user: User, counter: Counter) -> bool:
    """A rating tablet device of this MPP, installed at this counter."""
    return (
        _is(user, Role.TABLET)
        and user.mpp_id == counter.mpp_id
        and _assigned_to(user, counter.pk, counter)
    )


def check_tablet_screen(user: User, counter: Counter) -> None:
    """The rating tablet's screen: the counter's tablet device, or a supervisor to preview."""
    if not (is_tablet_of(user, counter) or can_manage_mpp(user, counter.mpp)):
        raise PermissionDenied(_("Layar penilaian hanya untuk tablet loket ini dan pengelola MPP."))


def rating_source(user: User | None, ticket: Ticket) -> str:
    """Who may rate a finished ticket, and as which source: the tablet of the counter that
    served it ("tablet"), or its holder, anonymous or signed in as a citizen, through the
    ticket's unguessable public id ("ticket"). Staff never rate their own service;
    a tablet of another counter is refused."""
    if user is None or not user.is_authenticated:
        return "ticket"
    if _is(user, Role.TABLET):
        if ticket.counter is not None and is_tablet_of(user, ticket.counter):
            return "tablet"
        raise PermissionDenied(_("Tablet ini tidak terpasang di loket yang melayani nomor ini."))
    if _is(user, Role.CITIZEN):
        return "ticket"
    raise PermissionDenied(_("Penilaian pelayanan hanya diberikan oleh warga yang dilayani."))


def can_manage_surveys(user: User, mpp: Mpp) -> bool:
    """Enter paper questionnaires, import them, publish follow-ups, set the IKM weight,
    read the coaching view: the MPP's supervisors."""
    return can_manage_mpp(user, mpp)


def check_paper_surveys(user: User | None, mpp: Mpp) -> User:
    """The supervisor entering paper questionnaires for `mpp`; PermissionDenied otherwise."""
    if user is None or not can_manage_surveys(user, mpp):
        raise PermissionDenied(_("Kuesioner kertas hanya dapat dimasukkan oleh pengelola MPP ini."))
    return user


def staff_satisfaction_mpp(user: User) -> Mpp:
    """The MPP whose survey work (paper entry, coaching, follow-ups) the user does: their
    own, as its supervisor; 403 for anyone else."""
    mpp = user.mpp if user.is_authenticated else None
    if mpp is None or not _is(user, Role.SUPERVISOR) or not can_manage_surveys(user, mpp):
        raise PermissionDenied(_("Halaman ini untuk pengelola MPP."))
    return mpp


# --- appointments (janji temu): check-in, changes, the supervisor's day view


def can_check_in_booking(user: User | None, booking) -> bool:
    """Turn a booking into a queue ticket: the MPP's kiosk devices (the citizen typed or
    scanned the code), its supervisors, and officers of the booked service's agency."""
    if user is None or not user.is_authenticated:
        return False
    if can_issue_at_kiosk(user, booking.mpp) or can_manage_mpp(user, booking.mpp):
        return True
    return (
        _is(user, Role.OFFICER)
        and user.mpp_id == booking.mpp_id
        and user.agency_id == booking.service.agency_id
    )


def can_change_booking(user: User | None, booking, *, proven: bool) -> bool:
    """Reschedule or cancel: whoever proved the last 4 digits of the phone or NIK
    (`proven`), the signed-in citizen who booked it, or the MPP's supervisors."""
    if proven:
        return True
    if user is None or not user.is_authenticated:
        return False
    return (booking.user_id is not None and booking.user_id == user.pk) or can_manage_mpp(
        user, booking.mpp
    )


def staff_appointments_mpp(user: User) -> Mpp:
    """The MPP whose bookings and day overrides the user manages: their own, as its
    supervisor; 403 for anyone else."""
    mpp = user.mpp if user.is_authenticated else None
    if mpp is None or not _is(user, Role.SUPERVISOR) or not can_manage_mpp(user, mpp):
        raise PermissionDenied(_("Halaman janji temu ini untuk pengelola MPP."))
    return mpp
