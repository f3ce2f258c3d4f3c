"""satupintu coordination_pack: the monthly coordination pack of an MPP as PDF and XLSX.

    satupintu coordination_pack banyumas 2026-11 --out DIR

Writes DIR/rapat-koordinasi-banyumas-2026-11.pdf and .xlsx (docs/coordination-pack.md).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from satupintu.operations.pack.export import filename, parse_month, render
from satupintu.operations.pack.selectors import build_pack
from satupintu.tenancy.models import Mpp


class Command(BaseCommand):
    help = "Write an MPP's monthly coordination pack (PDF and XLSX) for a month (YYYY-MM)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("mpp", help="MPP slug, e.g. banyumas")
        parser.add_argument("month", help="month, YYYY-MM, e.g. 2026-11")
        parser.add_argument("--out", default=".", help="folder to write to (default: here)")
        parser.add_argument("--language", default="id", help="id (default) or en")

    def handle(self, *args, **options) -> None:
        mpp = Mpp.objects.filter(slug=options["mpp"]).first()
        if mpp is None:
            raise CommandError(f"MPP {options['mpp']!r} not found")
        month = parse_month(options["month"])
        if month is None:
            raise CommandError(f"month {options['month']!r}: write it as YYYY-MM, e.g. 2026-11")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        with translation.override(options["language"]):
            files = render(build_pack(mpp, month))
        for kind, data in files.items():
            path = out / filename(mpp, month, kind)
            path.write_bytes(data)
            self.stdout.write(f"{path} ({len(data) // 1024} KiB)")
