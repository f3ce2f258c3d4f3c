"""What the complaint's writes share: telling the reporters."""

from __future__ import annotations

from django.utils.translation import gettext as _

from satupintu.complaints.models import Complaint
from satupintu.notifications.services import notify


def tell(complaint: Complaint, subject: str, body: str) -> None:
    """The reporter of `complaint` and of every complaint merged into it."""
    for one in [complaint, *complaint.merged.all()]:
        if one.anonymous or not (one.reporter_phone or one.reporter_email):
            continue
        notify(
            mpp=one.mpp,
            kind="complaint.update",
            subject=subject if one.tracking_code in subject else f"{subject} ({one.tracking_code})",
            body=f"{body}\n\n" + _("Kode lacak: %(code)s") % {"code": one.tracking_code},
            phone=one.reporter_phone,
            email=one.reporter_email,
            reference=one.reference,
        )
