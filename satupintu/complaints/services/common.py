"""What the complaint's writes share: telling the reporters."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from satupintu.complaints.models import Complaint
from satupintu.core.links import citizen_link
from satupintu.notifications.models import CitizenKind
from satupintu.notifications.services import notify_citizen


def tell(complaint: Complaint, subject: str, body: str) -> None:
    """The reporter of `complaint` and of every complaint merged into it, about its latest
    step: on the channel a citizen with an account chose (an answer is its own kind of
    news), else on the phone and e-mail they gave. Named after that history row, so one
    step is told once."""
    last = complaint.events.order_by("-pk").values_list("pk", "action").first()
    step, action = last or (0, "")
    kind = CitizenKind.COMPLAINT_ANSWERED if action == "answer" else CitizenKind.COMPLAINT_UPDATE
    for one in [complaint, *complaint.merged.all()]:
        if one.anonymous or not (one.reporter_phone or one.reporter_email or one.user_id):
            continue
        notify_citizen(
            kind=kind,
            event_key=f"{one.reference}:{step}",
            title=subject if one.tracking_code in subject else f"{subject} ({one.tracking_code})",
            body=f"{body}\n\n" + _("Kode lacak: %(code)s") % {"code": one.tracking_code},
            url=citizen_link(reverse("complaints:track", args=[one.tracking_code])),
            user=one.user if one.user_id else None,
            phone=one.reporter_phone,
            email=one.reporter_email,
            mpp=one.mpp,
            reference=one.reference,
            message_kind="complaint.update",
            phone_channel=one.message_channel,
        )
