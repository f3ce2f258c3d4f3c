"""The counter console's line for a number whose documents were checked earlier in the visit
("sudah diverifikasi oleh … pukul …", only under the citizen's consent) and the way to the
visit's documents page."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("journeys/consent/_console.html")
def verified_once(ticket, tz=None) -> dict:
    from satupintu.journeys.consent.selectors import verified_for

    if ticket is None:
        return {"ticket": None, "verified": []}
    return {"ticket": ticket, "verified": verified_for(ticket), "tz": tz}
