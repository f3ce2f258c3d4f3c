"""Conditional requirements: which requirements of a service standard apply to a citizen,
from their answers to the standard's condition questions.

A question ("Apa alasan penggantian KTP-el?") has options ("Rusak; Hilang; Perubahan
data"); a requirement with `applies_when` "Hilang" applies only when the citizen answers
Hilang; a requirement with an empty `applies_when` always applies. Every option names one
question only, so a requirement's answers find their question without naming it.

The functions take the models or the plain data of `standard.py` alike (anything with
`text`/`options` and `name`/`applies_when`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from satupintu.catalog.models import split_options


def problems(questions: Sequence[Any], requirements: Iterable[Any]) -> list[str]:
    """What is wrong with a standard's questions and conditions, in words for the editor."""
    found: list[str] = []
    owner: dict[str, str] = {}
    texts: set[str] = set()
    for q in questions:
        options = split_options(q.options)
        if not q.text.strip():
            found.append(_("Setiap pertanyaan syarat perlu teks pertanyaan."))
        if q.text in texts:
            found.append(_("Pertanyaan “%(text)s” ditulis dua kali.") % {"text": q.text})
        texts.add(q.text)
        if len(options) < 2:
            found.append(
                _("Pertanyaan “%(text)s” perlu paling sedikit dua pilihan jawaban.")
                % {"text": q.text}
            )
        for option in options:
            key = option.casefold()
            if key in owner:
                found.append(
                    _("Pilihan “%(option)s” dipakai oleh lebih dari satu pertanyaan atau dua kali.")
                    % {"option": option}
                )
            owner[key] = q.text
    for r in requirements:
        answers = split_options(r.applies_when)
        asked = {owner.get(a.casefold()) for a in answers}
        if None in asked:
            unknown = [a for a in answers if a.casefold() not in owner]
            found.append(
                _("Persyaratan “%(name)s”: jawaban “%(answer)s” bukan pilihan pertanyaan syarat.")
                % {"name": r.name, "answer": unknown[0]}
            )
        elif len(asked) > 1:
            found.append(
                _("Persyaratan “%(name)s”: semua jawaban harus dari satu pertanyaan.")
                % {"name": r.name}
            )
    return found


def check(questions: Sequence[Any], requirements: Iterable[Any]) -> None:
    found = problems(questions, requirements)
    if found:
        raise ValidationError(found, code="conditions")


def clean_answers(questions: Sequence[Any], data: Mapping[str, Any]) -> dict[str, str]:
    """{question text: chosen option} for every question; ValidationError {"conditions.<n>":
    message} for each question left unanswered or answered with something not offered."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for n, q in enumerate(questions, 1):
        value = str(data.get(q.text, "") or "").strip()
        options = split_options(q.options)
        match = next((o for o in options if o.casefold() == value.casefold()), None)
        if match is None:
            errors[f"conditions.q{n}"] = [
                _("Pilih jawaban untuk “%(text)s”.") % {"text": q.text}
                if not value
                else _("Pilih salah satu jawaban yang tersedia.")
            ]
        else:
            cleaned[q.text] = match
    if errors:
        raise ValidationError(errors)
    return cleaned


def applies(requirement: Any, answers: Mapping[str, str]) -> bool:
    """Whether the requirement applies to a citizen who answered `answers`."""
    wanted = {a.casefold() for a in split_options(requirement.applies_when)}
    if not wanted:
        return True
    return any(str(v).casefold() in wanted for v in answers.values())


def ruled_out(requirement: Any, questions: Sequence[Any], answers: Mapping[str, str]) -> bool:
    """Whether the answers so far rule the requirement out: its question is answered, with
    an option it is not asked for. A requirement whose question is still unanswered may
    yet apply (the apply form shows it, with its "jika …" label)."""
    wanted = {a.casefold() for a in split_options(requirement.applies_when)}
    if not wanted:
        return False
    for q in questions:
        if wanted & {o.casefold() for o in split_options(q.options)}:
            given = str(answers.get(q.text, "") or "").strip()
            return bool(given) and not applies(requirement, {q.text: given})
    return False


def applicable(requirements: Iterable[Any], answers: Mapping[str, str]) -> list[Any]:
    return [r for r in requirements if applies(r, answers)]
