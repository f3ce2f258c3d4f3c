"""Complaints that arrive as WhatsApp or SMS messages (notifications/inbound.py).

The message becomes a complaint of the channel "pesan" with the sender's phone; the
"received" notice with the tracking code goes back on the channel it came by, as every
later step does (Complaint.message_channel). A first word ASPIRASI or INFO picks the
class (SP4N-LAPOR!'s aspirasi, permintaan informasi); anything else is a pengaduan. A
message that cannot be one (too short) gets a reply saying what is missing.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from satupintu.complaints.models import Channel, Complaint, Kind
from satupintu.complaints.services.intake import Reporter, submit_complaint
from satupintu.notifications.inbound import Inbound

_CLASS_WORD = re.compile(r"^\s*(aspirasi|info|informasi)\b[\s:.,-]*", re.IGNORECASE)


def complaint_from_message(message: Inbound) -> str | None:
    """File `message` as a complaint; a reply only when it cannot be filed."""
    if Complaint.objects.filter(mpp=message.mpp, message_id=message.message_id).exists():
        return None  # the provider sent it again: filed and answered already
    kind, text = Kind.COMPLAINT, message.text
    found = _CLASS_WORD.match(text)
    if found:
        kind = Kind.ASPIRATION if found.group(1).lower() == "aspirasi" else Kind.INFORMATION
        text = text[found.end() :]
    try:
        with transaction.atomic():
            submit_complaint(
                mpp=message.mpp,
                kind=kind,
                text=text,
                channel=Channel.MESSAGE,
                reporter=Reporter(name=message.name or message.sender, phone=message.sender),
                message_channel=message.channel,
                message_id=message.message_id,
            )
    except IntegrityError:
        return None  # the same message, filed a moment ago by a concurrent delivery
    except ValidationError as exc:
        why = " ".join(m for ms in exc.message_dict.values() for m in ms)
        return _(
            "Pesan Anda belum dapat kami catat sebagai pengaduan. %(why)s Kirim ulang dengan "
            "cerita lengkap: apa yang terjadi, di layanan atau loket mana, dan kapan."
        ) % {"why": why}
    return None
