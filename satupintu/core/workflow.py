"""The shape the status machines of satupintu share (tickets, bookings, applications).

Each app keeps its own transition table, history model and wording in its `workflow.py`
and builds one `Workflow` from them; its services then move an object only through it:

    WORKFLOW.apply(ticket, "finish", actor=officer, now=now, fields={"finished_at": now})

sets the status the table allows (or raises the app's refusal), saves the object, writes
one append-only history row (who, when, from, to, note) and publishes the app's events
with `core.events.publish`, which sends them once the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from satupintu.core.errors import DomainError
from satupintu.core.events import publish

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# (channel, data) pairs a move is announced with; the event's type is the action
Events = Callable[[Any, Any], Iterable[tuple[str, dict[str, Any]]]]


@dataclass(frozen=True)
class Move:
    """One row of a transition table: the statuses an action starts from, the status it
    leads to and, where the app tells its actors apart, the role that takes it."""

    sources: frozenset[str]
    target: str
    role: str = ""


class IllegalTransition(DomainError):
    """A move the table does not allow from the current status (each app words its own)."""

    status = 409
    code = "illegal_transition"


@dataclass(frozen=True)
class Workflow:
    """An app's transition table, its wording, its history model and its events.

    A refused move raises `error` with the message `refusal`, in which `%(status)s` and
    `%(action)s` become the labels of the current status and of the action; a move taken
    by the wrong role raises PermissionDenied with `role_refusals[role]`. `history` is the
    app's history model: its `subject` field points at the object, and it also has `mpp`,
    `at`, `action`, `from_status`, `to_status`, `actor` and `note`; `history_fields(obj)`
    adds the app's own columns. `events(obj, row)` says what live screens hear of a move;
    `after_commit(obj, row)` runs once the move is committed.
    """

    moves: Mapping[str, Move]
    error: type[DomainError]
    refusal: StrOrPromise
    status_labels: Mapping[str, StrOrPromise]
    history: type[Model]
    subject: str
    action_labels: Mapping[str, StrOrPromise] = field(default_factory=dict)
    role_refusals: Mapping[str, StrOrPromise] = field(default_factory=dict)
    history_fields: Callable[[Any], dict[str, Any]] | None = None
    events: Events | None = None
    # what else follows a move once it is committed (the ticket's notices to its citizen)
    after_commit: Callable[[Any, Any], None] | None = None

    def target_status(self, action: str, current: str, role: str | None = None) -> str:
        """The status `action` leads to from `current` (taken by `role`, when the table
        names roles); PermissionDenied for the wrong role, the app's refusal otherwise."""
        move = self.moves[action]
        if role is not None and role != move.role:
            refusal = self.role_refusals.get(move.role)
            raise PermissionDenied(*([str(refusal)] if refusal else []))
        if current not in move.sources:
            labels = {
                "status": self.status_labels.get(current, current),
                "action": self.action_labels.get(action, action),
            }
            raise self.error(self.refusal % labels)
        return move.target

    def actions_from(self, current: str, role: str = "") -> list[str]:
        """The actions `role` may take from `current` (the buttons to show)."""
        return [a for a, m in self.moves.items() if m.role == role and current in m.sources]

    def record(
        self,
        obj: Any,
        action: str,
        before: str,
        *,
        actor: Any = None,
        note: str = "",
        now: dt.datetime | None = None,
        updates: Sequence[tuple[Model, Sequence[str]]] = (),
        quiet: bool = False,
    ) -> Any:
        """Save the `updates` ((object, fields) pairs), write the history row of `action`
        from `before` to the object's status now, and publish the app's events for it
        (none when `quiet`). An actor who is not a user row (an anonymous visitor, a job)
        is recorded as nobody. Returns the history row."""
        row = self.history(
            **{self.subject: obj},
            mpp_id=obj.mpp_id,
            at=now or timezone.now(),
            action=action,
            from_status=before,
            to_status=obj.status,
            actor=actor if isinstance(actor, Model) else None,
            note=note[: self._note_length()],
            **(self.history_fields(obj) if self.history_fields else {}),
        )
        for changed, names in updates:
            changed.save(update_fields=names)
        row.save(force_insert=True)
        if self.events is not None and not quiet:
            for channel, data in self.events(obj, row):
                publish(channel, action, data)
        if self.after_commit is not None and not quiet:
            transaction.on_commit(functools.partial(self.after_commit, obj, row), robust=True)
        return row

    def _note_length(self) -> int | None:
        note = self.history._meta.get_field("note")
        return getattr(note, "max_length", None)

    def apply(
        self,
        obj: Any,
        action: str,
        *,
        role: str | None = None,
        actor: Any = None,
        note: str = "",
        now: dt.datetime | None = None,
        fields: Mapping[str, Any] | None = None,
        also: Sequence[tuple[Model, Sequence[str]]] = (),
        save: bool = True,
    ) -> Any:
        """Move `obj` on by `action`: its new status from the table, `fields` set, the
        object saved with them (its status and `fields` only; not at all when `save` is
        False, for a caller that saves it whole afterwards), `also` saved, then `record`.
        Returns the history row."""
        before = obj.status
        obj.status = self.target_status(action, before, role)
        fields = fields or {}
        for name, value in fields.items():
            setattr(obj, name, value)
        updates = [(obj, ["status", *fields])] if save else []
        return self.record(
            obj, action, before, actor=actor, note=note, now=now, updates=[*updates, *also]
        )
