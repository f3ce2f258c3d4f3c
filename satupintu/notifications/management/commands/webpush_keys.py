"""`satupintu webpush_keys`: make the server's Web Push (VAPID) key once; safe to run again."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from satupintu.notifications.webpush import ensure_vapid_keys, public_key


class Command(BaseCommand):
    help = "Make the Web Push (VAPID) key in the data directory unless one exists or is configured."

    def handle(self, *args, **options) -> None:
        path, made = ensure_vapid_keys()
        if path is None:
            where = "WEBPUSH_VAPID_PRIVATE_KEY"
        else:
            where = f"{path} ({'made now' if made else 'kept'})"
        if options["verbosity"] > 0:
            self.stdout.write(f"Web Push key: {where}; public key {public_key()}")
