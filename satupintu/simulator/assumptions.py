"""The simulated day's modelling assumptions, stated once here.

- arrivals: per queue, a Poisson number of visitors sized to its counters (a load of
  75–95 % of what they can serve in the day's opening hours, drawn per day), spread
  over the day by an hourly profile with a morning peak, within the opening periods
  and half an hour before the first (people wait at the door);
- the service mix: a few services (KTP-el, KK, akta, SKCK, SIM, STNK, BPJS, PBB) draw
  many more visitors than the rest; ~10 % take the number online, ~9 % are priority
  (lansia, ibu hamil, disabilitas, ibu dengan balita);
- service times: lognormal (σ 0.45) around a mean per service (fixed per service
  across days, 5–20 minutes), times a factor per officer and day (0.85–1.2) and a
  mild hour-of-day factor (slower at the start, faster before closing); walking up
  to the counter 0.3–1.5 minutes;
- counters: open at the start of each opening period (up to 8 minutes late), pause
  at its end (lunch, Friday prayer) once their visitor is done, and after the last
  period serve whoever still holds a number, then close; a few close early in the
  afternoon (never the last one of a queue). After `CLOSING_GRACE` the numbers still
  waiting are cancelled and reported as left waiting;
- no-shows: ~5 % do not come when called: recalled, then marked no-show.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random

# Relative arrival rate by local hour (08–09 the peak).
HOURLY_PROFILE = {7: 1.2, 8: 2.0, 9: 1.8, 10: 1.4, 11: 1.0, 12: 0.7, 13: 0.9, 14: 0.7, 15: 0.4}


POPULAR = {  # demo service codes (reference catalog) → relative demand
    "A01": 8, "A02": 6, "A03": 5, "A04": 5, "A05": 6, "A07": 3, "A09": 3,
    "C01": 8, "C02": 6, "C03": 5, "C04": 6, "D01": 8, "D02": 4,
    "G01": 4, "G02": 5, "H01": 3, "L01": 5, "O02": 3,
}  # fmt: skip


HOUR_FACTOR = {7: 1.1, 8: 1.08, 9: 1.0, 10: 1.0, 11: 0.97, 12: 1.0, 13: 1.05, 14: 0.95}


LATE_FACTOR = 0.88  # from 15:00 on, officers speed up before closing


PRIORITY_SHARE = 0.09


NO_SHOW_SHARE = 0.05


ONLINE_SHARE = 0.10


EARLY_CLOSE_SHARE = 0.08


EARLY_MINUTES = 30  # arrivals start this long before the first opening


CLOSING_GRACE = dt.timedelta(minutes=90)  # after the last closing, waiting numbers end


SIGMA = 0.45


RECALL_GAP = 1.0  # minutes between a call and each recall, and before the no-show


def _unit(*parts: object) -> float:
    """A stable number in [0, 1) from the parts (the same on every run and machine)."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def true_mean_minutes(code: str) -> float:
    """The simulated service's real mean service time (unknown to the estimate)."""
    return round(5 + 15 * _unit("service-minutes", code) ** 1.5, 1)


def demand_weight(code: str) -> float:
    return POPULAR.get(code, 0.6 + 1.2 * _unit("demand", code))


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (normal approximation above 50, exact below)."""
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def arrival_time(
    rng: random.Random, windows: list[tuple[dt.datetime, dt.datetime]], zone: dt.tzinfo
) -> dt.datetime:
    """A time within the windows, with density following HOURLY_PROFILE (per minute)."""
    pieces: list[tuple[dt.datetime, float, float]] = []  # start, minutes, weight
    for start, end in windows:
        t = start
        while t < end:
            hour_end = (t.astimezone(zone) + dt.timedelta(hours=1)).replace(
                minute=0, second=0, microsecond=0
            )
            stop = min(end, hour_end)
            minutes = (stop - t).total_seconds() / 60
            weight = HOURLY_PROFILE.get(t.astimezone(zone).hour, 0.3) * minutes
            pieces.append((t, minutes, weight))
            t = stop
    start, minutes, _w = rng.choices(pieces, [p[2] for p in pieces])[0]
    return start + dt.timedelta(minutes=rng.uniform(0, minutes))


# --- Journeys compared (issue 23 item 5, `satupintu simulate --compare-journeys`) --------
# The same day (counters, officers' pace, walk-ins, and citizens with a life event arriving
# at the same minutes by seed) under three set-ups: walk_in_fifo, tickets, journeys
# (compare.py). The figures below are stated judgements, not measurements; each says why.

# Citizens with a life event per working day at the demo MPP (Poisson means). Banyumas has
# ~1.8 million people; with a crude birth rate of ~15 ‰, deaths ~7 ‰ and marriages ~6 ‰
# (BPS, Statistik Indonesia) that is ~110 births, ~50 deaths and ~45 marriages a working
# day, most registered at hospitals, desa or online; we take a fifth to a sixth coming to
# the MPP in person, non-Muslim marriages (Dukcapil) and the KK/KTP update after a KUA
# marriage together, moves as often as deaths, and new businesses (OSS issues most NIBs
# online) a dozen. These citizens are not extra load: each of their steps takes the
# place of one walk-in of that service the day already had (the day's load stays as
# assumptions above size it).
JOURNEYS_PER_DAY = {
    "kelahiran": 20.0, "kematian": 8.0, "perkawinan": 8.0, "pindah": 8.0, "memulai-usaha": 12.0,
}  # fmt: skip

YES_SHARE = 0.6  # a yes/no question answered "Ya" (an optional step is taken)

# walk_in_fifo: the citizen guesses the order of the booths. A share guess it wrong: they
# visit the booths in a random order; at a step whose needed product (the plan's order
# rule, plan.in_order) they do not hold yet, the officer sends them away after a short
# look and they queue again at that booth when they have it (a return).
# In the tickets set-up half of those (every other citizen of them) read the published
# standards, whose requirements name the earlier product, and go in the right order.
WRONG_ORDER_SHARE = 0.35
REFUSAL_MINUTES = 3.0  # the officer reads the file and sends the citizen away

# "Berkas kurang": the chance that one required document (each document the step asks
# for, from the service standard's requirements) is missing or wrong, by what the citizen
# knew: guessing (no published list), the service standard read per service online, the
# journey plan's merged list (each document named once, with the steps that need it).
# Ombudsman RI's maladministration reports name incomplete files as the most common
# reason citizens are sent home; the per-document figures are our judgement.
MISSING_DOCUMENT_CHANCE = {"walk_in_fifo": 0.06, "tickets": 0.03, "journeys": 0.02}

# A citizen sent home for a document comes back the same day after this round trip
# (minutes, uniform), if the MPP is still taking numbers then; otherwise not done today.
HOME_TRIP_MINUTES = (40.0, 120.0)

BETWEEN_BOOTHS_MINUTES = (1.0, 4.0)  # walking to the next booth and taking its number

# Pre-verified online (applications: an online application whose files the officer
# declared complete, status "Berkas lengkap" / verified; the citizen then only names the
# application number at the counter, applications.selectors.next_step): of the steps
# whose service takes online applications, this share was applied for and verified
# online beforehand (tickets and journeys set-ups; walk_in_fifo has no online channel).
# A pre-verified step is never "berkas kurang": its files were checked before the visit.
# So the pre-verified figure is 0 by this model (it follows from the product's rule that
# a verified application needs only its number at the counter), not an observation.
PRE_VERIFIED_SHARE = 0.30

# tickets: the share of life-event citizens who book an appointment for their first
# step (the booking's check-in ticket: channel appointment, due at the slot; the later
# steps' slots rarely line up, so they take kiosk numbers). Background walk-ins keep
# ONLINE_SHARE online numbers in the tickets and journeys set-ups.
APPOINTMENT_SHARE = 0.25

# Verified once (journeys): a document another step of this visit already checked is
# not checked again; each saves this many minutes of the later step's service time (the
# officer reads, compares and stamps a copy), never below half the step's mean.
CHECK_MINUTES_PER_DOCUMENT = 1.0

# journeys: booking the first visit as one (journeys.services.book_journey, docs/journeys.md
# §3). The citizens who book it are the same citizens, and the same share, who book an
# appointment in the tickets set-up (APPOINTMENT_SHARE above, the citizen's `appointment`
# draw, so a quarter): the journeys set-up changes what the product offers them, not how
# many plan ahead. It is the one booking share the model already states; it was not tuned
# to the goal. They book
# the day before (BOOKED_THE_DAY_BEFORE_AT, local time) the earliest consecutive slots at
# or after the time they would have walked in, through the real services (real slot
# capacity: a full day means a journey ticket at the kiosk, as for the others), and only
# where every step of the visit is bookable (the demo: the birth's A05, A04, A07, G02; the
# other life events fall back to the kiosk). Only with a booking are they ahead of
# walk-ins (the check-in ticket is due at the slot); the next steps follow at the fair
# place, as for any journey ticket.
BOOKED_THE_DAY_BEFORE_AT = dt.time(12, 0)
# They arrive as the confirmation message asks ("Datang paling lambat 15 menit
# sebelumnya"), give or take five minutes (uniform, minutes before the first slot); door
# to done counts from then.
BOOKED_EARLY_MINUTES = (10.0, 20.0)
