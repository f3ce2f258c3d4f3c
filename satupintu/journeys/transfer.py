"""Life events as a JSON document, to export and import like the catalog (docs/journeys.md).

    {"format": "satupintu-journeys", "schema_version": 1, "mpp": "banyumas",
     "documents": [{"key": "kk", "name": "Kartu Keluarga (KK)", "aliases": ["KK", "KK lama"]}],
     "life_events": [{"key": "kelahiran", "name": "Kelahiran anak", "description": "…",
        "questions": [{"key": "kia", "text": "Buatkan juga KIA?", "options": ["Ya", "Tidak"]}],
        "steps": [{"key": "akta", "service": "A05", "produces": ["akta-kelahiran"]},
                  {"key": "kia", "service": "A07", "needs": ["akta"],
                   "when": {"question": "kia", "answers": ["Ya"]}}]}]}

Steps are listed in the MPP's order; services are named by their code at the MPP. `parse`
checks the whole document and returns every problem as (where, message), in the request's
language; nothing is written from a document with any problem (services.import_journeys).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from satupintu.journeys.plan import CycleError, StepRule, in_order

FORMAT = "satupintu-journeys"
SCHEMA_VERSION = 1
MAX_BYTES = 1_000_000
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Problem:
    where: str  # "life_events[0].steps[2].service"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class StepRecord:
    key: str
    order: int
    service_code: str
    needs: list[str] = field(default_factory=list)
    when_question: str = ""
    when_answers: list[str] = field(default_factory=list)
    produces: list[str] = field(default_factory=list)
    service_answers: list[str] = field(default_factory=list)
    requirement_documents: dict[str, str] = field(default_factory=dict)
    product_same_day: bool | None = None


@dataclass
class QuestionRecord:
    key: str
    order: int
    text: str
    options: list[str]


@dataclass
class LifeEventRecord:
    key: str
    name: str
    description: str
    order: int
    questions: list[QuestionRecord]
    steps: list[StepRecord]


@dataclass
class DocumentRecord:
    key: str
    name: str
    aliases: list[str]


@dataclass
class Parsed:
    documents: list[DocumentRecord]
    life_events: list[LifeEventRecord]


class _Reader:
    """Collects problems while it reads; every getter answers a safe default on error."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def text(self, obj: dict, name: str, where: str, *, required=True, limit=200) -> str:
        value = obj.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(f"{where}.{name}", _("Harus berupa teks."))
            return ""
        value = value.strip()
        if "\x00" in value:
            self.fail(f"{where}.{name}", _("Teks memuat karakter yang tidak diizinkan."))
            return ""
        if required and not value:
            self.fail(f"{where}.{name}", _("Wajib diisi."))
        if len(value) > limit:
            self.fail(f"{where}.{name}", _("Paling panjang %(n)s karakter.") % {"n": limit})
            return value[:limit]
        return value

    def key(self, obj: dict, name: str, where: str, *, required=True) -> str:
        value = self.text(obj, name, where, required=required, limit=60)
        if value and not KEY.match(value):
            self.fail(
                f"{where}.{name}",
                _("Gunakan huruf kecil, angka dan tanda hubung, mis. kelahiran-anak."),
            )
        return value

    def texts(self, obj: dict, name: str, where: str, *, limit=300) -> list[str]:
        value = obj.get(name, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"{where}.{name}", _("Harus berupa daftar teks."))
            return []
        cleaned = [v.strip() for v in value if v.strip()]
        if any(len(v) > limit or "\x00" in v for v in cleaned):
            self.fail(f"{where}.{name}", _("Paling panjang %(n)s karakter.") % {"n": limit})
            return []
        return cleaned

    def items(self, obj: dict, name: str, where: str) -> list[dict]:
        value = obj.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(f"{where}.{name}" if where else name, _("Harus berupa daftar objek."))
            return []
        return value


def loads(data: bytes) -> tuple[dict | None, list[Problem]]:
    if len(data) > MAX_BYTES:
        return None, [Problem("", _("Berkas terlalu besar (paling besar 1 MB)."))]
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, [Problem("", _("Bukan JSON yang sah: %(error)s") % {"error": error})]
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None, [Problem("format", _("Bukan berkas peristiwa hidup satupintu."))]
    if document.get("schema_version") != SCHEMA_VERSION:
        return None, [
            Problem("schema_version", _("Versi skema harus %(n)s.") % {"n": SCHEMA_VERSION})
        ]
    return document, []


def parse(
    document: dict, *, service_codes: set[str], known_documents: set[str]
) -> tuple[Parsed, list[Problem]]:
    """Read and check the whole document. `service_codes`: the MPP's active services;
    `known_documents`: document keys the MPP has already (the file may add more)."""
    r = _Reader()
    documents = []
    for i, raw in enumerate(r.items(document, "documents", "")):
        where = f"documents[{i}]"
        documents.append(
            DocumentRecord(
                key=r.key(raw, "key", where),
                name=r.text(raw, "name", where),
                aliases=r.texts(raw, "aliases", where),
            )
        )
    _unique(r, [d.key for d in documents], "documents")
    doc_keys = known_documents | {d.key for d in documents}
    events = [
        _life_event(r, raw, f"life_events[{i}]", i, service_codes, doc_keys)
        for i, raw in enumerate(r.items(document, "life_events", ""))
    ]
    _unique(r, [e.key for e in events], "life_events")
    return Parsed(documents, events), r.problems


def _unique(r: _Reader, keys: list[str], where: str) -> None:
    seen: set[str] = set()
    for i, key in enumerate(keys):
        if key and key in seen:
            r.fail(f"{where}[{i}].key", _("Kunci “%(key)s” dipakai dua kali.") % {"key": key})
        seen.add(key)


def _life_event(
    r: _Reader, raw: dict, where: str, order: int, codes: set[str], doc_keys: set[str]
) -> LifeEventRecord:
    questions = []
    for i, q in enumerate(r.items(raw, "questions", where)):
        at = f"{where}.questions[{i}]"
        options = r.texts(q, "options", at, limit=100)
        if len(options) < 2:
            r.fail(f"{at}.options", _("Perlu paling sedikit dua pilihan jawaban."))
        questions.append(QuestionRecord(r.key(q, "key", at), i, r.text(q, "text", at), options))
    _unique(r, [q.key for q in questions], f"{where}.questions")
    options_of = {q.key: {o.casefold() for o in q.options} for q in questions}
    steps = [
        _step(r, s, f"{where}.steps[{i}]", i, codes, doc_keys, options_of)
        for i, s in enumerate(r.items(raw, "steps", where))
    ]
    if not steps:
        r.fail(f"{where}.steps", _("Peristiwa hidup perlu paling sedikit satu langkah."))
    _unique(r, [s.key for s in steps], f"{where}.steps")
    step_keys = {s.key for s in steps}
    for i, step in enumerate(steps):
        for need in step.needs:
            if need not in step_keys or need == step.key:
                r.fail(
                    f"{where}.steps[{i}].needs",
                    _("Langkah “%(key)s” tidak ada di peristiwa ini.") % {"key": need},
                )
    try:
        in_order([StepRule(s.key, s.order, tuple(s.needs)) for s in steps])
    except CycleError as cycle:
        r.fail(
            f"{where}.steps",
            _("Langkah saling memerlukan, tidak ada urutan yang mungkin: %(keys)s.")
            % {"keys": ", ".join(cycle.args[0])},
        )
    return LifeEventRecord(
        key=r.key(raw, "key", where),
        name=r.text(raw, "name", where, limit=120),
        description=r.text(raw, "description", where, required=False, limit=2000),
        order=order,
        questions=questions,
        steps=steps,
    )


def _step(
    r: _Reader,
    raw: dict,
    where: str,
    order: int,
    codes: set[str],
    doc_keys: set[str],
    options_of: dict[str, set[str]],
) -> StepRecord:
    code = r.text(raw, "service", where, limit=10)
    if code and code not in codes:
        r.fail(
            f"{where}.service",
            _("Layanan dengan kode %(code)s tidak ada atau tidak aktif di MPP ini.")
            % {"code": code},
        )
    record = StepRecord(
        key=r.key(raw, "key", where),
        order=order,
        service_code=code,
        needs=r.texts(raw, "needs", where, limit=60),
        produces=r.texts(raw, "produces", where, limit=60),
        service_answers=r.texts(raw, "service_answers", where, limit=100),
    )
    for key in record.produces:
        if key not in doc_keys:
            r.fail(f"{where}.produces", _("Dokumen “%(key)s” tidak dikenal.") % {"key": key})
    mapping = raw.get("requirement_documents") or {}
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        r.fail(f"{where}.requirement_documents", _("Harus berupa objek {persyaratan: kunci}."))
        mapping = {}
    for name, key in mapping.items():
        if key not in doc_keys:
            r.fail(
                f"{where}.requirement_documents",
                _("Dokumen “%(key)s” tidak dikenal.") % {"key": key},
            )
        record.requirement_documents[name.strip()] = key
    same_day = raw.get("product_same_day")
    if same_day is not None and not isinstance(same_day, bool):
        r.fail(f"{where}.product_same_day", _("Harus true, false atau null."))
        same_day = None
    record.product_same_day = same_day
    when = raw.get("when")
    if when is not None:
        if not isinstance(when, dict):
            r.fail(f"{where}.when", _("Harus berupa objek {question, answers}."))
        else:
            record.when_question = r.key(when, "question", f"{where}.when")
            record.when_answers = r.texts(when, "answers", f"{where}.when", limit=100)
            options = options_of.get(record.when_question)
            if record.when_question and options is None:
                r.fail(
                    f"{where}.when.question",
                    _("Pertanyaan “%(key)s” tidak ada di peristiwa ini.")
                    % {"key": record.when_question},
                )
            elif options is not None:
                if not record.when_answers:
                    r.fail(f"{where}.when.answers", _("Sebutkan paling sedikit satu jawaban."))
                for answer in record.when_answers:
                    if answer.casefold() not in options:
                        r.fail(
                            f"{where}.when.answers",
                            _("“%(answer)s” bukan pilihan jawaban pertanyaan itu.")
                            % {"answer": answer},
                        )
    return record


def as_document(mpp_slug: str, documents: list[dict], life_events: list[dict]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "mpp": mpp_slug,
        "documents": documents,
        "life_events": life_events,
    }


def dumps(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
