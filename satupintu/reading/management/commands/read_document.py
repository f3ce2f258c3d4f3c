"""satupintu read_document FILE... [--json] [--nik NIK --name NAME]: read KTP/KK images or
PDFs with the offline OCR, one line per file (the model is loaded once for all)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from satupintu.reading import reader


class Command(BaseCommand):
    help = (
        "Read identity documents (JPG, PNG, PDF) offline: kind, NIK, name, birth date; with "
        "--nik/--name also the verdict (match, mismatch, unreadable). One JSON line per file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        parser.add_argument("--nik", default="", help="the NIK the applicant typed")
        parser.add_argument("--name", default="", help="the name the applicant typed")

    def handle(self, *args, files: list[Path], json: bool, nik: str, name: str, **options):
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from None
            row: dict[str, object]
            try:
                found = reader.read_document(data)
            except Exception as exc:
                row = {"file": str(path), "status": "unreadable", "error": repr(exc)}
            else:
                row = {"file": str(path), **reader.as_json(found)}
                if nik:
                    verdict = reader.compare(found, typed_nik=nik, typed_name=name)
                    row.update(status=verdict.status, checks=verdict.checks)
                else:
                    row["status"] = "unreadable" if not found.text_found else "pending"
            if json:
                self.stdout.write(_dumps(row))
            else:
                self.stdout.write(
                    f"{path}: {row.get('kind', '?')} NIK {row.get('nik') or '-'} "
                    f"{row.get('name') or '-'} {row.get('birth_date') or '-'} "
                    f"({row.get('status')})"
                )


def _dumps(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False)
