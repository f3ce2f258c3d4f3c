"""The pack's charts, drawn on the server with matplotlib (Agg, no display, no CDN) as PNG.

Each function takes the `Pack` and returns PNG bytes, or None when there is nothing to
draw. Figures are made with `matplotlib.figure.Figure` (not pyplot): no global state, so
two requests can draw at once.
"""

from __future__ import annotations

import datetime as dt
import io

from django.utils import formats
from django.utils.translation import gettext as _
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from satupintu.operations.pack.selectors import Pack

DPI = 150
BRAND = "#0b5d7a"
ACCENT = "#c8551f"


def _png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return out.getvalue()


def weekday_names() -> list[str]:
    return [str(formats.date_format(dt.date(2026, 11, 2 + i), "l")) for i in range(7)]


def heatmap(pack: Pack) -> bytes | None:
    """Mean waiting time (minutes) per weekday and hour of joining the line."""
    if not pack.heatmap:
        return None
    hours = pack.hours
    days = sorted({day for day, _hour in pack.heatmap})
    names = weekday_names()
    grid = [
        [
            (pack.heatmap[(day, hour)]["mean"] if (day, hour) in pack.heatmap else float("nan"))
            for hour in hours
        ]
        for day in days
    ]
    figure = Figure(figsize=(7.2, 0.5 * len(days) + 1.4))
    axes = figure.add_subplot()
    image = axes.imshow(grid, cmap="YlOrRd", aspect="auto", vmin=0)
    axes.set_xticks(range(len(hours)), [f"{h:02d}.00" for h in hours], fontsize=7)
    axes.set_yticks(range(len(days)), [names[d] for d in days], fontsize=8)
    top = max((v for row in grid for v in row if v == v), default=0)
    for y, row in enumerate(grid):
        for x, value in enumerate(row):
            if value == value:  # not NaN
                colour = "white" if value > 0.6 * top else "black"
                axes.text(x, y, f"{value:.0f}", ha="center", va="center", fontsize=7, color=colour)
    axes.set_title(_("Rata-rata waktu tunggu (menit) per hari dan jam datang"), fontsize=9)
    bar = figure.colorbar(image, ax=axes, fraction=0.03)
    bar.set_label(_("menit"), fontsize=8)
    bar.ax.tick_params(labelsize=7)
    return _png(figure)


def month_label(month: dt.date) -> str:
    return str(formats.date_format(month, "M Y"))


def trend(pack: Pack) -> bytes | None:
    """Waiting and service time, median and mean, month by month."""
    points = pack.trend
    if not any(p.waiting["n"] or p.service["n"] for p in points):
        return None
    labels = [month_label(p.month) for p in points]
    figure = Figure(figsize=(7.2, 2.8))
    axes = figure.add_subplot()
    lines = (
        (_("Tunggu, median"), [p.waiting["median"] for p in points], BRAND, "-"),
        (_("Tunggu, rata-rata"), [p.waiting["mean"] for p in points], BRAND, "--"),
        (_("Layanan, median"), [p.service["median"] for p in points], ACCENT, "-"),
        (_("Layanan, rata-rata"), [p.service["mean"] for p in points], ACCENT, "--"),
    )
    for label, values, colour, style in lines:
        xs = [i for i, v in enumerate(values) if v is not None]
        axes.plot(
            xs, [values[i] for i in xs], style, color=colour, marker="o", label=label, linewidth=1.5
        )
    axes.set_xticks(range(len(labels)), labels, fontsize=8)
    axes.set_ylabel(_("menit"), fontsize=8)
    axes.tick_params(axis="y", labelsize=7)
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    axes.legend(fontsize=7, ncols=2, loc="upper left", frameon=False)
    axes.set_title(_("Tren waktu tunggu dan waktu layanan"), fontsize=9)
    return _png(figure)


def bin_label(low: int, high: int | None) -> str:
    return f"{low}–{high}" if high is not None else f"> {low}"


def distribution(pack: Pack) -> bytes | None:
    """How many waits fell in each band of minutes."""
    if not any(b.count for b in pack.wait_bins):
        return None
    figure = Figure(figsize=(7.2, 2.6))
    axes = figure.add_subplot()
    labels = [bin_label(b.low, b.high) for b in pack.wait_bins]
    counts = [b.count for b in pack.wait_bins]
    colours = [
        BRAND if b.high is not None and b.high <= pack.target_wait_minutes else ACCENT
        for b in pack.wait_bins
    ]
    axes.bar(range(len(counts)), counts, color=colours)
    axes.set_xticks(range(len(labels)), labels, fontsize=7)
    axes.set_xlabel(_("menit menunggu"), fontsize=8)
    axes.set_ylabel(_("nomor antrian"), fontsize=8)
    axes.tick_params(axis="y", labelsize=7)
    axes.grid(axis="y", alpha=0.3)
    axes.set_title(
        _("Sebaran waktu tunggu (jingga: di atas target %(minutes)s menit)")
        % {"minutes": pack.target_wait_minutes},
        fontsize=9,
    )
    return _png(figure)


def all_charts(pack: Pack) -> dict[str, bytes | None]:
    return {"heatmap": heatmap(pack), "trend": trend(pack), "distribution": distribution(pack)}
