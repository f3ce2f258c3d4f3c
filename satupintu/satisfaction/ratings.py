"""Reads of the counter ratings (the four faces of the tablet at each counter): the
summary of a period and the coaching view (ratings per officer and per counter, week by
week). The SKM questionnaire and its IKM are read in `selectors.py`."""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count
from django.utils import timezone

from satupintu.satisfaction.models import Rating
from satupintu.satisfaction.questionnaire import NEGATIVE_REASONS
from satupintu.satisfaction.selectors import bounds, today
from satupintu.satisfaction.services import settings_for
from satupintu.tenancy.models import Mpp


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class CoachingRow:
    key: int
    name: str
    count: int = 0
    average: float | None = None
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 5), 0))
    negative: list[tuple[str, int]] = field(default_factory=list)
    weekly: list[float | None] = field(default_factory=list)  # oldest first
    weeks_under: int = 0  # consecutive recent weeks under the threshold
    run_count: int = 0  # ratings in those weeks: the sample a flag rests on
    run_average: float | None = None  # their average
    week_scores: list[list[int]] = field(default_factory=list, repr=False)  # oldest first


def min_ratings() -> int:
    """How many ratings the weeks under the threshold must hold before an officer is
    flagged (`settings.COACHING_MIN_RATINGS`, default 30).

    Why 30: a flag says "this officer's mean is under the threshold". On the tablet's
    1–4 scale the standard deviation of one officer's ratings is at most 1.5 (half 1s,
    half 4s) and 1.1 when spread evenly over the four faces; real ratings bunch on 3 and
    4, so 1.0 is a safe planning value and the 95% confidence interval of the mean is
    ±1.96 × 1.0 / √n.
    At n = 30 that is ±0.36: about a third of the step between two faces, and a
    half-width under the width of one IKM quality band (≈ 0.47 on this scale,
    PermenPANRB 14/2017), so an officer shown at 2.6 is, with 95% confidence, under the
    default threshold of 3.0.
    At n = 13 it is ±0.54: an officer shown at 2.8 may truly be at 3.3, well above it.
    Officers under the threshold with fewer ratings are listed as "held", not flagged.
    """
    return max(1, int(getattr(settings, "COACHING_MIN_RATINGS", 30)))


def coaching(
    mpp: Mpp,
    *,
    weeks: int = 8,
    threshold: float | None = None,
    run: int | None = None,
    minimum: int | None = None,
    today_: dt.date | None = None,
) -> dict[str, Any]:
    """Ratings per officer and per counter over the last `weeks` weeks: average,
    distribution 1–4, negative reasons most given, weekly averages; and the officers
    whose weekly average stayed under `threshold` for the last `run` weeks running, on at
    least `minimum` ratings in those weeks (`min_ratings()`); with fewer they are held."""
    minimum = min_ratings() if minimum is None else minimum
    survey = settings_for(mpp)
    threshold = float(survey.coaching_threshold) if threshold is None else threshold
    run = survey.coaching_weeks if run is None else run
    this_week = _week_start(today_ or today(mpp))
    first_week = this_week - dt.timedelta(weeks=weeks - 1)
    since, _until = bounds(mpp, first_week, this_week + dt.timedelta(days=6))
    ratings = list(
        Rating.objects.filter(mpp=mpp, created_at__gte=since)
        .select_related("officer", "counter")
        .only(
            "score",
            "reasons",
            "created_at",
            "officer__full_name",
            "counter__number",
            "counter__name",
        )
    )
    week_list = [first_week + dt.timedelta(weeks=i) for i in range(weeks)]
    officers = _rows(
        ratings, lambda r: (r.officer_id, r.officer.full_name if r.officer else ""), mpp, week_list
    )
    counters = _rows(
        ratings,
        lambda r: (r.counter_id, str(r.counter) if r.counter else ""),
        mpp,
        week_list,
    )
    for row in officers:
        row.weeks_under = _weeks_under(row.weekly, threshold)
        under = _run_weeks(row.weekly, row.weeks_under)
        scores = [score for i in under for score in row.week_scores[i]]
        row.run_count, row.run_average = len(scores), _avg(scores)
    under_run = [row for row in officers if row.weeks_under >= run]
    return {
        "weeks": week_list,
        "threshold": threshold,
        "run": run,
        "minimum": minimum,
        "officers": officers,
        "counters": counters,
        "flagged": [row for row in under_run if row.run_count >= minimum],
        "held": [row for row in under_run if row.run_count < minimum],
        "total": len(ratings),
        "average": _avg([r.score for r in ratings]),
    }


def _avg(scores: list[int]) -> float | None:
    return round(sum(scores) / len(scores), 2) if scores else None


def _weeks_under(weekly: list[float | None], threshold: float) -> int:
    """Weeks running, counted back from the latest week that had ratings, under threshold."""
    run = 0
    for value in reversed(weekly):
        if value is None:
            if run == 0:
                continue  # the current week may have no ratings yet
            break
        if value >= threshold:
            break
        run += 1
    return run


def _run_weeks(weekly: list[float | None], length: int) -> list[int]:
    """The indexes of the `length` weeks `_weeks_under` counted (the latest weeks with
    ratings, skipping a current week that has none yet)."""
    end = len(weekly)
    while end and weekly[end - 1] is None:
        end -= 1
    return list(range(end - length, end)) if length else []


def _rows(ratings: list[Rating], key_of, mpp: Mpp, weeks: list[dt.date]) -> list[CoachingRow]:
    groups: dict[int, list[Rating]] = defaultdict(list)
    names: dict[int, str] = {}
    for rating in ratings:
        key, name = key_of(rating)
        if key is None:
            continue
        groups[key].append(rating)
        names[key] = name
    rows = []
    for key, items in groups.items():
        row = CoachingRow(key=key, name=names[key], count=len(items))
        row.average = _avg([r.score for r in items])
        for r in items:
            row.distribution[r.score] += 1
        reasons = Tally(code for r in items for code in r.reasons if code in NEGATIVE_REASONS)
        row.negative = reasons.most_common(3)
        per_week: dict[dt.date, list[int]] = defaultdict(list)
        for r in items:
            local = timezone.localtime(r.created_at, mpp.tzinfo).date()
            per_week[_week_start(local)].append(r.score)
        row.week_scores = [per_week.get(week, []) for week in weeks]
        row.weekly = [_avg(scores) for scores in row.week_scores]
        rows.append(row)
    rows.sort(key=lambda r: (r.average if r.average is not None else 5, r.name))
    return rows


def rating_summary(mpp: Mpp, start: dt.date, end: dt.date) -> dict[str, Any]:
    since, until = bounds(mpp, start, end)
    rows = Rating.objects.filter(mpp=mpp, created_at__gte=since, created_at__lt=until)
    agg = rows.aggregate(n=Count("pk"), avg=Avg("score"))
    return {"count": agg["n"], "average": round(agg["avg"], 2) if agg["avg"] else None}
