"""satupintu catalog_export --mpp banyumas --format xlsx -o katalog.xlsx"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.catalog.transfer import FORMATS, export_catalog, format_of
from satupintu.tenancy.models import Mpp


class Command(BaseCommand):
    help = "Export an MPP's catalog (the version in force of each service) as XLSX, CSV or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mpp", required=True, help="MPP slug, e.g. banyumas")
        parser.add_argument("--format", choices=FORMATS, help="default: from the -o suffix")
        parser.add_argument("-o", "--output", help="file to write; standard output if omitted")

    def handle(self, *args, mpp: str, format: str | None, output: str | None, **options) -> None:
        found = Mpp.objects.filter(slug=mpp).first()
        if found is None:
            raise CommandError(f"MPP {mpp!r} not found")
        fmt = format or (format_of(output) if output else None) or "json"
        data = export_catalog(found, fmt)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"{output}: {len(data)} bytes ({fmt})")
        else:
            sys.stdout.buffer.write(data)
