"""The content of one service standard as plain data: what forms, imports and the demo
hand to `publish_version`, and what exports read back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from typing import Any


@dataclass(frozen=True)
class RequirementData:
    name: str
    notes: str = ""
    form: str = "shown"
    count: int = 1
    is_optional: bool = False
    uploadable: bool = False
    file_types: str = ""
    applies_when: str = ""  # answers of a condition question, "Rusak; Hilang"; "" = always


@dataclass(frozen=True)
class QuestionData:
    """A condition question and its options, "Rusak; Hilang; Perubahan data"."""

    text: str
    options: str


@dataclass(frozen=True)
class StepData:
    description: str
    actor: str = ""


@dataclass(frozen=True)
class FeeVariantData:
    name: str
    amount_rupiah: int
    legal_basis: str = ""


@dataclass(frozen=True)
class StandardContent:
    """Every component of PermenPANRB 15/2014 for one service, plus its names."""

    name: str
    description: str = ""
    keywords: str = ""
    processing_time_value: int | None = None
    processing_time_unit: str = ""
    processing_time_note: str = ""
    fee_kind: str = "fixed"
    fee_rupiah: int | None = 0
    fee_legal_basis: str = ""
    product: str = ""
    complaint_handling: str = ""
    legal_basis: str = ""
    facilities: str = ""
    staff_competence: str = ""
    internal_supervision: str = ""
    staff_count: str = ""
    service_guarantee: str = ""
    safety_guarantee: str = ""
    performance_evaluation: str = ""
    requirements: tuple[RequirementData, ...] = field(default_factory=tuple)
    steps: tuple[StepData, ...] = field(default_factory=tuple)
    fee_variants: tuple[FeeVariantData, ...] = field(default_factory=tuple)
    questions: tuple[QuestionData, ...] = field(default_factory=tuple)

    @classmethod
    def text_fields(cls) -> list[str]:
        """The scalar fields stored on ServiceVersion under the same names."""
        nested = {"requirements", "steps", "fee_variants", "questions"}
        return [f.name for f in fields(cls) if f.name not in nested]


@dataclass(frozen=True)
class VersionMeta:
    """Who publishes a version, why, and from when it applies."""

    reason: str
    effective_from: dt.date


@dataclass(frozen=True)
class ServiceSettings:
    """What a service is beside its standard: its category and channels. These live on
    `Service`, not in versions, so a change applies at once and is not versioned."""

    category: str  # Category.slug
    uses_queue: bool = True
    uses_appointment: bool = False
    online_application: bool = False
    fully_online: bool = False


def settings_of(service: Any) -> ServiceSettings:
    return ServiceSettings(
        category=service.category.slug,
        uses_queue=service.uses_queue,
        uses_appointment=service.uses_appointment,
        online_application=service.online_application,
        fully_online=service.fully_online,
    )


def content_of(version: Any) -> StandardContent:
    """A published version read back as plain data (forms start from it, exports write it)."""

    def rows(items: Any, kind: type) -> tuple:
        names = [f.name for f in fields(kind)]
        return tuple(kind(**{n: getattr(item, n) for n in names}) for item in items)

    return StandardContent(
        **{name: getattr(version, name) for name in StandardContent.text_fields()},
        requirements=rows(version.requirements.all(), RequirementData),
        steps=rows(version.steps.all(), StepData),
        fee_variants=rows(version.fee_variants.all(), FeeVariantData),
        questions=rows(version.questions.all(), QuestionData),
    )


def _tidy(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value


def normalised(content: StandardContent) -> StandardContent:
    """The content with text trimmed and line ends unified: two contents that differ only
    in such whitespace are the same standard (a re-imported spreadsheet publishes nothing)."""

    def tidy(item: Any) -> Any:
        return replace(item, **{f.name: _tidy(getattr(item, f.name)) for f in fields(item)})

    return replace(
        content,
        **{name: _tidy(getattr(content, name)) for name in StandardContent.text_fields()},
        requirements=tuple(tidy(r) for r in content.requirements),
        steps=tuple(tidy(s) for s in content.steps),
        fee_variants=tuple(tidy(f) for f in content.fee_variants),
        questions=tuple(tidy(q) for q in content.questions),
    )
