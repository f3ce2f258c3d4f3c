"""Small template helpers of the satisfaction pages."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.simple_tag
def sparkline(values: list[float | None]) -> SafeString:
    """Weekly averages (1–4) as a tiny inline SVG line; empty weeks leave a gap."""
    width, height, step = 120, 28, 120 / max(1, len(values) - 1)
    points = []
    for i, value in enumerate(values):
        if value is None:
            continue
        y = height - 2 - (value - 1) / 3 * (height - 4)
        points.append(f"{i * step:.1f},{y:.1f}")
    label = _("Rata-rata per minggu: %(values)s") % {
        "values": ", ".join("—" if v is None else f"{v:g}" for v in values)
    }
    line = f'<polyline points="{" ".join(points)}" class="spark-line"/>' if len(points) > 1 else ""
    dots = "".join(
        f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2" class="spark-dot"/>'
        for p in points
    )
    return mark_safe(  # noqa: S308 - numbers and an escaped label only
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>{line}{dots}</svg>'
    )
