"""satupintu purge_archive [--dry-run] [--json]: destroy uploaded files and issued PDFs
past their retention, keeping the record that they existed (documents/archive.py)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from satupintu.documents.archive import purge_archive


class Command(BaseCommand):
    help = "Musnahkan berkas dan PDF dokumen yang masa retensinya berakhir; catatannya tetap."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only list what is due.")
        parser.add_argument("--json", action="store_true", help="Print the list as JSON.")
        parser.add_argument("--now", help="ISO date-time to count from (tests, catching up).")

    def handle(self, *args: object, **options: object) -> None:
        now = timezone.now()
        if options.get("now"):
            parsed = parse_datetime(str(options["now"]))
            if parsed is None:
                raise SystemExit("--now: use an ISO date-time, e.g. 2030-01-01T00:00:00+07:00")
            now = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
        dry_run = bool(options.get("dry_run"))
        done = purge_archive(now=now, dry_run=dry_run)
        if options.get("json"):
            self.stdout.write(
                json.dumps(
                    {"dry_run": dry_run, "count": len(done), "files": [d.as_dict() for d in done]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        for due in done:
            self.stdout.write(
                f"{due.kind:8} {due.reference:30} {due.retention_until} {due.sha256[:16]} "
                f"{due.title}"
            )
        verb = "would be purged" if dry_run else "purged"
        self.stdout.write(f"{len(done)} file(s) {verb}.")
