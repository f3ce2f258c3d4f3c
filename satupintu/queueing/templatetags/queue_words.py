"""The queue's words as template filters (waits/words.py makes them)."""

from __future__ import annotations

from django import template

from satupintu.queueing.waits.words import minutes_words

register = template.Library()


@register.filter
def minutes(value: float | None) -> str:
    """`{{ c.average_minutes|minutes }}`: "12 menit", "kurang dari 1 menit"."""
    return minutes_words(value)
