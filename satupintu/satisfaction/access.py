"""Who may rate a counter's service, see a rating tablet's screen, and do the MPP's
survey work (paper questionnaires, IKM publication, coaching, follow-ups)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from satupintu.accounts.models import Role, User
from satupintu.accounts.roles import (
    can_manage_mpp,
    has_role,
    is_device_of,
    is_supervisor_of,
    own_mpp,
)
from satupintu.queueing.models import Ticket
from satupintu.tenancy.access import is_assigned_to
from satupintu.tenancy.models import Counter, Mpp


def is_tablet_of(user: User, counter: Counter) -> bool:
    """A rating tablet device of this MPP, installed at this counter."""
    return is_device_of(user, Role.TABLET, counter.mpp_id) and is_assigned_to(
        user, counter.pk, counter
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
    if has_role(user, Role.TABLET):
        if ticket.counter is not None and is_tablet_of(user, ticket.counter):
            return "tablet"
        raise PermissionDenied(_("Tablet ini tidak terpasang di loket yang melayani nomor ini."))
    if has_role(user, Role.CITIZEN):
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
    mpp = own_mpp(user)
    if mpp is None or not is_supervisor_of(user, mpp):
        raise PermissionDenied(_("Halaman ini untuk pengelola MPP."))
    return mpp
