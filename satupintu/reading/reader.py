"""Read a file (what it is, the NIK, name and birth date it shows) and compare that with
what the applicant typed.

`read_document` is what the command line and the task worker call; `compare` is the
rule, pure and tested on its own:

- NIK: the number read must equal the NIK typed. A 16-digit number that is not a valid NIK
  by its structure (Permendagri 72/2019: region code, birth date with +40 for women,
  serial; `core.identifiers.Nik`) was misread, so it counts as unreadable, never as a
  mismatch.
- Birth date: the date printed must equal the one the typed NIK carries (its DDMMYY, the
  day less 40 for a woman); when the card says PEREMPUAN the NIK's day must be above 40.
- Name: equal after folding case, spaces and punctuation, allowing OCR's slips (a
  similarity of at least `NAME_SIMILARITY`).

The file's status is the NIK's verdict (the NIK identifies the person); on a KK the typed
NIK must be one of the members'. Files of other kinds say whether the kind is the one the
requirement asks for.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from satupintu.core.identifiers import Nik
from satupintu.reading import cards, engine, kinds

MATCH, MISMATCH, UNREADABLE = "match", "mismatch", "unreadable"
NAME_SIMILARITY = 0.85


@dataclass
class Reading:
    """What was read of one file."""

    kind: str = "other"
    fields: cards.CardFields = field(default_factory=cards.CardFields)
    seconds: float = 0.0
    text_found: bool = False


@dataclass
class Verdict:
    status: str
    checks: dict[str, str]


def _valid_nik(value: str) -> bool:
    try:
        Nik.parse(value)
    except ValidationError:
        return False
    return True


def read_document(data: bytes, *, content_type: str = "", timeout: float | None = None) -> Reading:
    """Read one JPEG, PNG or PDF: the kind of document and, on a KTP or KK, its fields."""
    import time

    started = time.perf_counter()
    text_rows: list[cards.Row] = []
    width = height = 0
    if content_type == "application/pdf" or data.startswith(b"%PDF-"):
        image, text = engine.pdf_content(data)
        if image is not None:
            page = engine.read_image(image, timeout=timeout, plan=cards.card_plan)
            text_rows = cards.rows(page)
            width, height = page.width, page.height
        if text.strip():
            text_rows += [cards.Row(text=line, lines=[]) for line in text.splitlines()]
    else:
        page = engine.read_image(data, timeout=timeout, plan=cards.card_plan)
        text_rows = cards.rows(page)
        width, height = page.width, page.height
    text = "\n".join(row.text for row in text_rows)
    niks = {n for row in text_rows for n in cards.numbers16(row.text)}
    kind = kinds.classify(text, width=width, height=height, nik_count=len(niks))
    fields = cards.CardFields()
    if kind == "kk":
        fields = cards.read_kk(text_rows)
    elif kind in {"ktp", "pengantar"}:
        fields = cards.read_ktp(text_rows)
    return Reading(
        kind=kind,
        fields=fields,
        seconds=time.perf_counter() - started,
        text_found=bool(text.strip()),
    )


def _same_name(read: str, typed: str) -> bool:
    a, b = cards.clean_name(read), cards.clean_name(typed)
    if not a or not b:
        return False
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= NAME_SIMILARITY


def compare(reading: Reading, *, typed_nik: str, typed_name: str) -> Verdict:
    """The verdict on each field and on the file (see the module's docstring)."""
    fields = reading.fields
    checks: dict[str, str] = {}
    try:
        typed = Nik.parse(typed_nik)
    except ValidationError:
        return Verdict(status=UNREADABLE, checks={"nik": UNREADABLE})
    typed_born = typed.birth_date()
    if reading.kind == "kk" and fields.members:
        members = {m.nik: m for m in fields.members if _valid_nik(m.nik)}
        if typed.value in members:
            checks["nik"] = MATCH
            member = members[typed.value]
            checks["name"] = (
                MATCH if _same_name(member.name, typed_name) else
                MISMATCH if member.name else UNREADABLE
            )  # fmt: skip
            checks["birth_date"] = (
                UNREADABLE if member.birth_date is None else
                MATCH if member.birth_date == typed_born else MISMATCH
            )  # fmt: skip
        else:
            checks["nik"] = MISMATCH if members else UNREADABLE
            named = [m for m in fields.members if _same_name(m.name, typed_name)]
            checks["name"] = MATCH if named else MISMATCH
            checks["birth_date"] = UNREADABLE
        return Verdict(status=checks["nik"], checks=checks)
    if not fields.nik or not _valid_nik(fields.nik):
        checks["nik"] = UNREADABLE
    else:
        checks["nik"] = MATCH if fields.nik == typed.value else MISMATCH
    checks["name"] = (
        UNREADABLE if not fields.name else
        MATCH if _same_name(fields.name, typed_name) else MISMATCH
    )  # fmt: skip
    if fields.birth_date is None:
        checks["birth_date"] = UNREADABLE
    else:
        sex_agrees = fields.female is None or fields.female == typed.is_female
        checks["birth_date"] = MATCH if fields.birth_date == typed_born and sex_agrees else MISMATCH
    return Verdict(status=checks["nik"], checks=checks)


def kind_verdict(reading: Reading, *, expected: str) -> Verdict:
    """For a file that is not compared with the applicant: is it the kind asked for?"""
    if not reading.text_found:
        return Verdict(status=UNREADABLE, checks={"kind": UNREADABLE})
    if not expected or reading.kind == expected:
        return Verdict(status=MATCH, checks={"kind": MATCH})
    return Verdict(status=MISMATCH, checks={"kind": MISMATCH})


def as_json(reading: Reading) -> dict[str, object]:
    """The fields read, as the API and `read_document --json` print them."""
    f = reading.fields
    return {
        "kind": reading.kind,
        "nik": f.nik or (f.members[0].nik if f.members else ""),
        "name": f.name,
        "birth_date": f.birth_date.isoformat() if f.birth_date else None,
        "members": [
            {
                "nik": m.nik,
                "name": m.name,
                "birth_date": m.birth_date.isoformat() if m.birth_date else None,
            }
            for m in f.members
        ],
        "seconds": round(reading.seconds, 3),
    }


def birth_date_of(value: str) -> dt.date | None:
    try:
        return Nik.parse(value).birth_date()
    except ValidationError:
        return None


def judge(reading: Reading, *, requirement: str, typed_nik: str, typed_name: str) -> dict:
    """A `FileReading`'s fields (without file, mpp and times) for what was read on a file
    given for `requirement`, against what the applicant typed: shared by the worker (a
    stored file) and the apply form's warning (a held file, compared at each look since
    the citizen may still change the NIK)."""
    expected = kinds.expected_kind(requirement)
    compared = bool(typed_nik) and (
        expected == "kk" or (expected == "ktp" and kinds.names_the_applicant(requirement))
    )
    if compared:
        verdict = compare(reading, typed_nik=typed_nik, typed_name=typed_name)
        if not reading.text_found:
            verdict = Verdict(status=UNREADABLE, checks=verdict.checks)
    else:
        verdict = kind_verdict(reading, expected=expected)
    if expected and reading.kind not in {expected, "other"}:  # another document altogether
        verdict = Verdict(status=MISMATCH, checks={**verdict.checks, "kind": MISMATCH})
    f = reading.fields
    member = next((m for m in f.members if m.nik == typed_nik), None)
    return {
        "status": verdict.status,
        "kind": reading.kind,
        "expected_kind": expected,
        "compared": compared,
        "nik": member.nik if member else str(as_json(reading)["nik"]),
        "name": (member.name if member else f.name)[:150],
        "birth_date": member.birth_date if member else f.birth_date,
        "checks": verdict.checks,
    }


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def to_dict(reading: Reading) -> dict[str, object]:
    """What was read, as JSON to keep until compared (a held file's reading)."""
    return {
        **as_json(reading),
        "nik": reading.fields.nik,
        "female": reading.fields.female,
        "text_found": reading.text_found,
    }


def from_dict(data: dict) -> Reading:
    members = [
        cards.Member(nik=str(m["nik"]), name=str(m["name"]), birth_date=_day(m["birth_date"]))
        for m in data.get("members", [])
    ]
    fields = cards.CardFields(
        nik=str(data.get("nik", "")),
        name=str(data.get("name", "")),
        birth_date=_day(data.get("birth_date")),
        female=data.get("female"),
        members=members,
    )
    return Reading(
        kind=str(data.get("kind", "other")),
        fields=fields,
        seconds=float(data.get("seconds", 0)),
        text_found=bool(data.get("text_found")),
    )
