"""The hot-path memo: kept for its lifetime, forgotten on request, copies handed out."""

from __future__ import annotations

import pytest

from satupintu.core import memo
from satupintu.tenancy.models import Mpp
from satupintu.tenancy.selectors import mpp_by_slug
from satupintu.tenancy.tests.factories import MppFactory


def test_a_read_is_kept_until_it_expires_or_is_forgotten(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(memo.time, "monotonic", lambda: clock[0])
    reads = []

    @memo.memoize(10)
    def name_of(key):
        reads.append(key)
        return f"layanan {key}"

    assert name_of("A01") == name_of("A01") == "layanan A01"
    clock[0] += 9.9
    name_of("A01")
    assert reads == ["A01"]
    clock[0] += 0.2
    name_of("A01")
    name_of.forget("A01")
    name_of("A01")
    assert reads == ["A01", "A01", "A01"]


def test_zero_seconds_turns_it_off(settings):
    settings.READ_MEMO_SECONDS = 0
    reads = []

    @memo.memoize()
    def read(key):
        reads.append(key)
        return key

    read(1), read(1)
    assert reads == [1, 1]


@pytest.mark.django_db
def test_each_caller_gets_its_own_copy_of_a_row(django_assert_num_queries):
    MppFactory(slug="banyumas")
    first = mpp_by_slug("banyumas")
    first._prefetched_objects_cache = {"opening_hours": []}  # what one request attaches
    first.name = "diubah oleh satu permintaan"
    first._state.fields_cache["region"] = "a relation one request loaded"
    with django_assert_num_queries(0):
        second = mpp_by_slug("banyumas")
    assert isinstance(second, Mpp)
    assert second.name != first.name and second.pk == first.pk and second._state.db == "default"
    assert not hasattr(second, "_prefetched_objects_cache")
    assert "region" not in second._state.fields_cache and not second._state.adding


def test_peek_answers_only_from_what_is_kept() -> None:
    from satupintu.core.memo import MISSING, memoize

    calls = []

    @memoize(60)
    def slow(x: int) -> int:
        calls.append(x)
        return x * 2

    assert slow.peek(3) is MISSING and calls == []
    assert slow(3) == 6
    assert slow.peek(3) == 6 and calls == [3]
    slow.forget(3)
    assert slow.peek(3) is MISSING
