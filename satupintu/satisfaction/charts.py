"""Small charts drawn on the server, readable on a phone, with no script.

Text is HTML (so its contrast can be checked and it reflows); only the bars are tiny
SVG rectangles whose size is an attribute (the Content-Security-Policy forbids inline
styles, so widths cannot be CSS). Colours come from classes in skm.css. The page shows
the same numbers in a table as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | Decimal | None
    weak: bool = False  # drawn in the warning colour
    shown: str = ""  # the value as written next to the bar


def _share(value: float | Decimal, low: float, high: float) -> float:
    return max(0.0, min(1.0, (float(value) - low) / (high - low)))


def _rect(share: float, weak: bool, *, vertical: bool) -> str:
    cls = "ikm-bar ikm-bar-weak" if weak else "ikm-bar"
    if vertical:
        h = max(1.0, 100 * share)
        box, bar = (
            "0 0 10 100",
            f'<rect x="0" y="{100 - h:.2f}" width="10" height="{h:.2f}" class="{cls}"/>',
        )
        track = ""
    else:
        box = "0 0 100 10"
        track = '<rect x="0" y="0" width="100" height="10" class="ikm-track"/>'
        bar = f'<rect x="0" y="0" width="{max(0.5, 100 * share):.2f}" height="10" class="{cls}"/>'
    return (
        f'<svg class="ikm-svg" viewBox="{box}" preserveAspectRatio="none" aria-hidden="true" '
        f'focusable="false">{track}{bar}</svg>'
    )


def horizontal_bars(bars: Sequence[Bar], *, low: float, high: float, title: str) -> SafeString:
    """One row per bar: its label above, the bar from `low` to `high` and its value."""
    rows = []
    for bar in bars:
        body = (
            '<span class="hbar-value">—</span>'
            if bar.value is None
            else _rect(_share(bar.value, low, high), bar.weak, vertical=False)
            + f'<span class="hbar-value">{escape(bar.shown)}</span>'
        )
        rows.append(
            f'<li class="hbar"><span class="hbar-label">{escape(bar.label)}</span>'
            f'<span class="hbar-track">{body}</span></li>'
        )
    return mark_safe(  # noqa: S308 - every text is escaped above
        f'<figure class="ikm-figure"><figcaption class="ikm-caption">{escape(title)}'
        f'</figcaption><ul class="hbars">{"".join(rows)}</ul></figure>'
    )


def columns(bars: Sequence[Bar], *, low: float, high: float, title: str) -> SafeString:
    """One column per period (the trend): its value on top, its label below."""
    items = []
    for bar in bars:
        graphic = (
            '<span class="vbar-empty">—</span>'
            if bar.value is None
            else _rect(_share(bar.value, low, high), bar.weak, vertical=True)
        )
        items.append(
            f'<li class="vbar"><span class="vbar-value">{escape(bar.shown)}</span>'
            f'<span class="vbar-plot">{graphic}</span>'
            f'<span class="vbar-label">{escape(bar.label)}</span></li>'
        )
    return mark_safe(  # noqa: S308 - every text is escaped above
        f'<figure class="ikm-figure"><figcaption class="ikm-caption">{escape(title)}'
        f'</figcaption><ol class="vbars">{"".join(items)}</ol></figure>'
    )
