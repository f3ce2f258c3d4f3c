"""The rules that turn a life event and a citizen's answers into a plan, on plain data (no
database): which steps, in which order, on which visit, and what to bring once.

- **Chosen steps**: a step with a condition is in the plan only when its question was
  answered with one of its answers.
- **Order rule**: a step comes after every chosen step it needs (it needs their product);
  among the steps that may come next, the one the MPP listed first. A needed step that is
  not chosen is no longer a constraint (the citizen brings that product instead).
- **Visits**: a step whose product is not in hand the same day (the standard's time is in
  working days, or more than one day) ends the visit for the steps that need it; they are
  planned as a later visit.
- **Merged requirements**: each requirement is read as a document (an alias of the MPP's
  journey documents, or the step's own mapping) or, failing that, by its name; the same
  document asked by several steps is brought once, listing the steps that need it; a
  document an earlier step of the plan produces is not asked for at all.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Need:
    """One requirement of a step as its service's standard words it."""

    name: str
    is_optional: bool = False
    condition: str = ""  # "jika hilang" when it applies under an answer not given here
    form: str = ""  # how it is handed in ("asli dan fotokopi")


@dataclass(frozen=True)
class StepRule:
    key: str
    order: int
    needs: tuple[str, ...] = ()
    when_question: str = ""
    when_answers: tuple[str, ...] = ()
    produces: tuple[str, ...] = ()
    same_day: bool = True
    requirements: tuple[Need, ...] = ()
    requirement_documents: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    key: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class Merged:
    """A document to bring once, and the steps that need it (plan order)."""

    key: str
    name: str
    steps: list[str]
    is_optional: bool
    condition: str


@dataclass(frozen=True)
class Provided:
    """A requirement an earlier step of the plan produces: not asked for."""

    key: str
    name: str
    by_step: str
    for_steps: tuple[str, ...]


@dataclass(frozen=True)
class Outline:
    steps: list[StepRule]  # in plan order
    visits: dict[str, int]  # step key → visit number, 1 = today
    requirements: list[Merged]
    provided: list[Provided]
    given: dict[tuple[str, str], str]  # (step, requirement name) → the step producing it


class CycleError(ValueError):
    """Steps that need each other: no order satisfies them."""


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def chosen(steps: Sequence[StepRule], answers: Mapping[str, str]) -> list[StepRule]:
    """The steps the answers put in the plan."""
    picked = []
    for step in steps:
        if not step.when_question:
            picked.append(step)
            continue
        given = normalised(answers.get(step.when_question, ""))
        if given and given in {normalised(a) for a in step.when_answers}:
            picked.append(step)
    return picked


def in_order(steps: Sequence[StepRule]) -> list[StepRule]:
    """The order rule: topological by `needs`, ties by the MPP's own order (Kahn)."""
    by_key = {s.key: s for s in steps}
    waiting_on = {s.key: {n for n in s.needs if n in by_key and n != s.key} for s in steps}
    ready = [(s.order, s.key) for s in steps if not waiting_on[s.key]]
    heapq.heapify(ready)
    result: list[StepRule] = []
    while ready:
        _order, key = heapq.heappop(ready)
        result.append(by_key[key])
        for other, pending in waiting_on.items():
            if key in pending:
                pending.discard(key)
                if not pending:
                    heapq.heappush(ready, (by_key[other].order, other))
    if len(result) != len(steps):
        stuck = sorted(k for k, pending in waiting_on.items() if pending)
        raise CycleError(stuck)
    return result


def visits(ordered: Sequence[StepRule]) -> dict[str, int]:
    """Visit number of each step: one more than a needed step whose product takes days."""
    result: dict[str, int] = {}
    by_key = {s.key: s for s in ordered}
    for step in ordered:
        visit = 1
        for need in step.needs:
            if need in result:
                visit = max(visit, result[need] + (0 if by_key[need].same_day else 1))
        result[step.key] = visit
    return result


def document_of(need: Need, step: StepRule, documents: Sequence[Document]) -> tuple[str, str]:
    """(key, name) of the document a requirement asks for; its own name when none."""
    mapped = step.requirement_documents.get(need.name)
    by_key = {d.key: d for d in documents}
    if mapped and mapped in by_key:
        return mapped, by_key[mapped].name
    wanted = normalised(need.name)
    for document in documents:
        if wanted in {normalised(a) for a in (document.name, *document.aliases)}:
            return document.key, document.name
    return "name:" + wanted, need.name


def merge(
    ordered: Sequence[StepRule], documents: Sequence[Document]
) -> tuple[list[Merged], list[Provided], dict[tuple[str, str], str]]:
    """The requirements of the steps in plan order, each document once (rules above)."""
    merged: dict[str, Merged] = {}
    provided: dict[str, tuple[str, str, list[str]]] = {}  # key → (name, by, for)
    given: dict[tuple[str, str], str] = {}
    produced_by: dict[str, str] = {}
    for step in ordered:
        for need in step.requirements:
            key, name = document_of(need, step, documents)
            if key in produced_by:
                given[(step.key, need.name)] = produced_by[key]
                entry = provided.setdefault(key, (name, produced_by[key], []))
                if step.key not in entry[2]:
                    entry[2].append(step.key)
                continue
            found = merged.get(key)
            if found is None:
                merged[key] = Merged(key, name, [step.key], need.is_optional, need.condition)
                continue
            if step.key not in found.steps:
                found.steps.append(step.key)
            found.is_optional = found.is_optional and need.is_optional
            found.condition = found.condition if need.condition else ""
        for key in step.produces:
            produced_by.setdefault(key, step.key)
    gifts = [Provided(k, n, by, tuple(steps)) for k, (n, by, steps) in provided.items()]
    return list(merged.values()), gifts, given


def outline(
    steps: Sequence[StepRule], documents: Sequence[Document], answers: Mapping[str, str]
) -> Outline:
    ordered = in_order(chosen(steps, answers))
    requirements, provided, given = merge(ordered, documents)
    return Outline(ordered, visits(ordered), requirements, provided, given)
