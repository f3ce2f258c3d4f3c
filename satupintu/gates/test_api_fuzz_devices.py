"""Gate 1's second half: the API fuzzed as the operator and the MPP's devices (kiosk,
board, rating tablet). The machinery and the first half are in test_api_fuzz.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis

from satupintu.gates.test_api_fuzz import (  # noqa: F401  (fixtures used by name)
    HERE,
    PERSONAS,
    Tally,
    _node_id_for_schemathesis,
    answer_as_documented,
    api_schema,
    tally_of,
)

pytestmark = [pytest.mark.gate, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

THERE = [p for p in PERSONAS if p not in HERE]


@pytest.fixture(scope="module")
def tally() -> Iterator[Tally]:
    yield from tally_of(THERE)


@pytest.fixture(params=THERE)
def persona(request: pytest.FixtureRequest) -> str:
    return request.param


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
def test_api_answers_as_documented(case: schemathesis.Case, persona: str, tally: Tally) -> None:
    answer_as_documented(case, persona, tally)
