"""The content of one service standard as plain data: what forms, imports and the demo
hand to `publish_version`, and what exports read back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class RequirementData:
    name: str
    notes: str = ""
    form: str = "shown"
    count: int = 1
    is_optional: bool = False
    uploadable: bool = False
    file_types: str = ""


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

    @classmethod
    def text_fields(cls) -> list[str]:
        """The scalar fields stored on ServiceVersion under the same names."""
        nested = {"requirements", "steps", "fee_variants"}
        return [f.name for f in fields(cls) if f.name not in nested]


@dataclass(frozen=True)
class VersionMeta:
    """Who publishes a version, why, and from when it applies."""

    reason: str
    effective_from: dt.date
