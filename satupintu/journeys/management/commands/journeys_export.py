"""satupintu journeys_export --mpp banyumas -o peristiwa.json"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.journeys import transfer
from satupintu.journeys.selectors import exported_journeys
from satupintu.tenancy.models import Mpp


class Command(BaseCommand):
    help = "Export an MPP's life-event journeys and their documents as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mpp", required=True, help="MPP slug, e.g. banyumas")
        parser.add_argument("-o", "--output", help="file to write; standard output if omitted")

    def handle(self, *args, mpp: str, output: str | None, **options) -> None:
        found = Mpp.objects.filter(slug=mpp).first()
        if found is None:
            raise CommandError(f"MPP {mpp!r} not found")
        data = transfer.dumps(exported_journeys(found))
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"{output}: {len(data)} bytes")
        else:
            sys.stdout.buffer.write(data)
