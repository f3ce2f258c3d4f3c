"""The pack's two files: their names and their bytes (the charts drawn once for both)."""

from __future__ import annotations

import datetime as dt
import re

from satupintu.operations.pack.charts import all_charts
from satupintu.operations.pack.pdf import pdf_bytes
from satupintu.operations.pack.selectors import Pack
from satupintu.operations.pack.xlsx import xlsx_bytes
from satupintu.tenancy.models import Mpp

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> dt.date | None:
    """'2026-11' → 1 November 2026; None when it is not a month."""
    match = MONTH.match(text.strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return dt.date(year, month, 1)


def filename(mpp: Mpp, month: dt.date, kind: str) -> str:
    return f"rapat-koordinasi-{mpp.slug}-{month:%Y-%m}.{kind}"


def render(pack: Pack) -> dict[str, bytes]:
    """{'pdf': …, 'xlsx': …}."""
    charts = all_charts(pack)
    return {"pdf": pdf_bytes(pack, charts), "xlsx": xlsx_bytes(pack, charts)}
