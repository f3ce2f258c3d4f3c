"""`satupintu simulate_message`: the local gateway's inbound side. A citizen's WhatsApp or
SMS to the MPP's number, handed in as the provider's webhook would (inbound.receive);
prints what was queued back to the sender (and sent through the local gateway)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from satupintu.notifications.inbound import PHONE_CHANNELS, receive
from satupintu.notifications.models import Message
from satupintu.tenancy.models import Mpp


class Command(BaseCommand):
    help = "Hand in one WhatsApp/SMS message from a citizen, as the gateway's webhook would."

    def add_arguments(self, parser) -> None:
        parser.add_argument("text", help="the message")
        parser.add_argument("--mpp", required=True, help="the MPP's slug (whose number it is)")
        parser.add_argument("--from", dest="sender", required=True, help="the sender's phone")
        parser.add_argument("--channel", choices=PHONE_CHANNELS, default="whatsapp")
        parser.add_argument("--id", dest="message_id", default="", help="the provider's id")
        parser.add_argument("--name", default="", help="the sender's profile name")

    def handle(self, *args, **options) -> None:
        mpp = Mpp.objects.filter(slug=options["mpp"]).first()
        if mpp is None:
            raise CommandError(f"no MPP with the slug {options['mpp']!r}")
        before = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        try:
            receive(
                mpp=mpp,
                sender=options["sender"],
                channel=options["channel"],
                text=options["text"],
                message_id=options["message_id"],
                name=options["name"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for message in Message.objects.filter(pk__gt=before).order_by("pk"):
            self.stdout.write(f"→ {message.channel} {message.recipient}: {message.body}")
