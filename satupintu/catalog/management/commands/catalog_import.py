"""satupintu catalog_import --mpp banyumas katalog.xlsx --reason "…" --effective 2027-01-01"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.accounts.selectors import user_by_login
from satupintu.catalog.standard import VersionMeta
from satupintu.catalog.transfer import import_catalog
from satupintu.tenancy.models import Mpp


class Command(BaseCommand):
    help = (
        "Import an MPP's catalog from XLSX, CSV or JSON. Every row is checked; nothing is "
        "written unless all rows are valid. Changed services get a new version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="katalog.xlsx, katalog.csv or katalog.json")
        parser.add_argument("--mpp", required=True, help="MPP slug, e.g. banyumas")
        parser.add_argument("--reason", required=True, help="reason of the new versions")
        parser.add_argument(
            "--effective", required=True, type=dt.date.fromisoformat, help="YYYY-MM-DD"
        )
        parser.add_argument("--author", help="login (e-mail or phone) of the author")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, **options) -> None:
        mpp = Mpp.objects.filter(slug=options["mpp"]).first()
        if mpp is None:
            raise CommandError(f"MPP {options['mpp']!r} not found")
        author = None
        if options["author"]:
            author = user_by_login(options["author"])
            if author is None:
                raise CommandError(f"user {options['author']!r} not found")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        report = import_catalog(
            mpp=mpp,
            data=data,
            filename=path.name,
            meta=VersionMeta(reason=options["reason"], effective_from=options["effective"]),
            author=author,
            dry_run=options["dry_run"],
        )
        for error in report.errors:
            self.stdout.write(str(error))
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} kesalahan; tidak ada yang disimpan ({path.name})"
            )
        mode = "uji coba, tidak disimpan" if report.dry_run else "disimpan"
        self.stdout.write(
            f"{report.rows} baris: {len(report.created)} baru, {len(report.updated)} berubah, "
            f"{len(report.unchanged)} tetap ({mode})"
        )
