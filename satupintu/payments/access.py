"""Who may do what with a bill.

Reading a bill needs its id and one of: being its applicant (signed in), being staff of
its MPP (its agency's officers, the collecting bank's officers, the supervisors). The
citizen's bill page is reached through the application (the link on the tracking page
carries the bill's own unguessable token). Marking a bill paid at the bank counter is for
officers of the MPP's collecting bank only (PaymentSettings.bank_agency); simulating a
payment and deciding on held payments are for the MPP's supervisors.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from satupintu.accounts.models import User
from satupintu.accounts.roles import can_view_agency, is_officer_of, is_supervisor_of
from satupintu.payments.models import Bill, PaymentSettings


def _bill(bill_id: int) -> Bill:
    bill = (
        Bill.objects.select_related("mpp", "agency", "service", "application")
        .filter(pk=bill_id)
        .first()
    )
    if bill is None:
        raise Http404(_("Tagihan tidak ditemukan."))
    return bill


def is_bank_officer(user: User, bill: Bill) -> bool:
    config = PaymentSettings.objects.filter(mpp_id=bill.mpp_id).first()
    return bool(
        config and config.bank_agency_id and is_officer_of(user, bill.mpp_id, config.bank_agency_id)
    )


def can_read(user: User, bill: Bill) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if bill.application_id and bill.application and bill.application.user_id == user.pk:
        return True
    return can_view_agency(user, bill.mpp, bill.agency_id) or is_bank_officer(user, bill)


def access_bill(user: User, bill_id: int) -> Bill:
    """The bill for whoever may read it; 404 for everyone else."""
    bill = _bill(bill_id)
    if not can_read(user, bill):
        raise Http404(_("Tagihan tidak ditemukan."))
    return bill


def access_bill_for_counter(user: User, bill_id: int) -> Bill:
    bill = _bill(bill_id)
    if not is_bank_officer(user, bill):
        if can_read(user, bill):
            raise PermissionDenied(_("Hanya petugas bank penerima yang dapat mencatat pembayaran."))
        raise Http404(_("Tagihan tidak ditemukan."))
    return bill


def access_bill_to_reissue(user: User, bill_id: int) -> Bill:
    """The issuing agency's officers at the bill's MPP and its supervisors."""
    bill = _bill(bill_id)
    if not can_view_agency(user, bill.mpp, bill.agency_id):
        if can_read(user, bill):
            raise PermissionDenied(_("Hanya petugas instansi layanan yang dapat melakukan ini."))
        raise Http404(_("Tagihan tidak ditemukan."))
    return bill


def access_bill_to_supervise(user: User, bill_id: int) -> Bill:
    bill = _bill(bill_id)
    if not is_supervisor_of(user, bill.mpp):
        if can_read(user, bill):
            raise PermissionDenied(_("Hanya pengelola MPP yang dapat melakukan ini."))
        raise Http404(_("Tagihan tidak ditemukan."))
    return bill


def supervised_mpp(user: User):
    """The MPP whose payments a supervisor reconciles (their own); 403 for anyone else."""
    mpp = user.mpp if user.is_authenticated else None
    if mpp is None or not is_supervisor_of(user, mpp):
        raise PermissionDenied(_("Hanya pengelola MPP yang dapat membuka halaman ini."))
    return mpp


def access_ticket_to_bill(user: User, ticket_id):
    """A ticket of this MPP whose service belongs to the officer's agency (or any, for the
    MPP's supervisor); 404 for everyone else."""
    from satupintu.queueing.models import Ticket

    ticket = (
        Ticket.objects.select_related("mpp", "service", "service__agency")
        .filter(public_id=ticket_id)
        .first()
    )
    if ticket is None or not can_view_agency(user, ticket.mpp, ticket.service.agency_id):
        raise Http404(_("Nomor antrian tidak ditemukan."))
    return ticket
