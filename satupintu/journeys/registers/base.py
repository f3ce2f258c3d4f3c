"""What satupintu asks the national registers, never copying them (issue 23, item 4):

- the population register (Dukcapil): does this NIK exist, and do the name, birth date,
  birth place and mother's name given match its record, field by field (match / no match,
  never the record itself);
- the business register (OSS): is this NIB valid, for which KBLI activities, whose is it.

An adapter is the register's wire shape (dukcapil.py, oss.py) over a transport: HTTP to the
real service, or the local simulator (simulator.py) answering from the demo population and
businesses in the same shape. registry.py picks them from the settings.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from satupintu.core.errors import DomainError

# A transport sends one JSON request to a path of the register and returns its JSON answer.
Transport = Callable[[str, dict], dict]


class RegisterUnavailable(DomainError):
    """The register did not answer (no connection, timeout, broken answer): nothing known."""

    status = 503
    code = "register_unavailable"
    default_message = _("Layanan verifikasi data sedang tidak dapat dihubungi. Coba lagi.")


# The fields a population check may ask about, in the order they are shown.
PERSON_FIELDS = ("nik", "name", "birth_date", "birth_place", "mother_name")


@dataclass(frozen=True)
class PersonQuery:
    nik: str
    name: str = ""
    birth_date: dt.date | None = None
    birth_place: str = ""
    mother_name: str = ""

    def asked(self) -> list[str]:
        """The fields given (the NIK always)."""
        return [f for f in PERSON_FIELDS if f == "nik" or getattr(self, f)]


@dataclass(frozen=True)
class PersonAnswer:
    found: bool
    fields: dict[str, bool]  # each asked field → matches the register's record

    @property
    def all_match(self) -> bool:
        return self.found and all(self.fields.values())


@dataclass(frozen=True)
class Activity:
    kbli: str
    title: str


@dataclass(frozen=True)
class BusinessAnswer:
    nib: str
    valid: bool
    holder: str = ""
    activities: tuple[Activity, ...] = ()


class PopulationRegister(ABC):
    name: str = ""

    @abstractmethod
    def verify(self, query: PersonQuery) -> PersonAnswer:
        """Match / no match per field asked, or RegisterUnavailable."""


class BusinessRegister(ABC):
    name: str = ""

    @abstractmethod
    def check_nib(self, nib: str) -> BusinessAnswer:
        """Whether the NIB is valid, whose it is and its KBLI activities, or
        RegisterUnavailable."""
