"""Rates are written `count/period`; a number before the unit stretches the window."""

import pytest

from satupintu.core.ratelimit import parse_rate


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("6/h", (6, 3600)), ("3/15m", (3, 900)), ("10/hour", (10, 3600)), ("5/d", (5, 86400))],
)
def test_rates_parse_with_an_optional_number_of_units(rate, parsed):
    assert parse_rate(rate) == parsed
