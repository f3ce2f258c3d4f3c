"""satupintu journeys_import --mpp banyumas peristiwa.json [--dry-run]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.journeys.services import import_journeys
from satupintu.tenancy.models import Mpp


class Command(BaseCommand):
    help = "Import life-event journeys (JSON) into an MPP; nothing is written on any error."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--mpp", required=True, help="MPP slug, e.g. banyumas")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, file: str, mpp: str, dry_run: bool, **options) -> None:
        found = Mpp.objects.filter(slug=mpp).first()
        if found is None:
            raise CommandError(f"MPP {mpp!r} not found")
        report = import_journeys(mpp=found, data=Path(file).read_bytes(), dry_run=dry_run)
        for problem in report.problems:
            self.stderr.write(str(problem))
        if not report.ok:
            raise CommandError(f"{len(report.problems)} problem(s); nothing written")
        self.stdout.write(
            f"{len(report.created)} baru, {len(report.changed)} berubah, "
            f"{len(report.unchanged)} tetap" + (" (tidak disimpan)" if dry_run else " (disimpan)")
        )
