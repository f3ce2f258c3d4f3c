"""`satupintu serve_bsre_simulator [--port 8772] [--officer NIK:PASSPHRASE ...]`: the local
simulator of BSrE's eSign Client API on 127.0.0.1 (documents/signing/bsre_simulator.py).
With SATUPINTU_DOCUMENT_SIGNER=bsre (and the default SATUPINTU_BSRE_* settings) issued
documents wait for the signing officer, who signs them through it."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from satupintu.documents.signing import bsre_simulator


class Command(BaseCommand):
    help = "Serve a local simulator of BSrE's eSign Client API on 127.0.0.1."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8772)
        parser.add_argument(
            "--officer", action="append", default=[], help="NIK:PASSPHRASE (repeatable)"
        )

    def handle(self, *args, port: int, officer: list[str], **options) -> None:
        users = {}
        for item in officer:
            nik, sep, secret = item.partition(":")
            if not sep or len(nik) != 16 or not nik.isdigit() or not secret:
                raise CommandError("--officer takes NIK:PASSPHRASE (a 16-digit NIK)")
            users[nik] = secret
        sim = bsre_simulator.Simulator(
            users=users, client=(settings.DOCUMENT_BSRE_USER, settings.DOCUMENT_BSRE_PASSWORD)
        )
        server, thread = bsre_simulator.serve(sim, port)
        self.stdout.write(
            f"BSrE simulator on http://127.0.0.1:{port} ({len(users)} officers); "
            f"its CA: {settings.DOCUMENT_BSRE_TRUST_ROOTS}"
        )
        try:
            thread.join()
        except KeyboardInterrupt:
            server.shutdown()
