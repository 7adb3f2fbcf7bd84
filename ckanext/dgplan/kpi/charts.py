"""Server-rendered SVG charts. No JavaScript: the page works without it and prints well.

Each chart carries a ``<title>`` and ``<desc>`` and is shown next to a data table with the same
numbers (the table is the accessible form; the chart is marked ``role="img"``).

Readability: the drawing is 440 units wide and its text 14 units tall, and the page shows it at
most 36rem wide and at least the width of a phone's column (about 330 px), so text is 17 px on a
desktop and at least 10.5 px on a 390 px phone (the browser tests measure it). Both axes carry a
title with the unit, ticks are round numbers (1, 2, 2.5 or 5 times a power of ten), and a reversed
axis (ranks: 1st is best) is said in the axis title, not only in ``<desc>``.
"""
from __future__ import annotations

import math
from html import escape
from typing import Optional, Sequence

__all__ = ["FONT_SIZE", "WIDTH", "bar_chart_svg", "nice_ticks", "line_chart_svg"]

WIDTH = 440
FONT_SIZE = 14
_H = 300
_L, _R, _T, _B = 84, 16, 44, 56  # margins: tick labels and y title, legend, x labels and x title
_COLOURS = ("#1f6fb2", "#b85c00", "#2e8540", "#8e44ad", "#c0392b", "#5d6d7e")


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) < 1 else f"{value:,.2f}".rstrip("0").rstrip(".")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round ticks covering ``low``..``high`` (steps of 1, 2, 2.5 or 5 × 10ⁿ)."""
    if high < low:
        low, high = high, low
    if high == low:
        pad = abs(low) * 0.1 or 1
        low, high = low - pad, high + pad
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = [round(math.floor(low / step + 1e-9) * step, 10)]
    while ticks[-1] < high - step * 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _head(chart_id: str, title: str, desc: str, height: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="dgplan-chart" '
            f'font-size="{FONT_SIZE}" font-family="inherit">'
            f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>')


def _axis_titles(x_title: str, y_title: str, height: int) -> str:
    out = []
    if x_title:
        out.append(f'<text x="{(_L + WIDTH - _R) / 2:.0f}" y="{height - 8}" text-anchor="middle" '
                   f'fill="#333">{escape(x_title)}</text>')
    if y_title:
        cy = (_T + height - _B) / 2
        out.append(f'<text transform="translate(16 {cy:.0f}) rotate(-90)" text-anchor="middle" '
                   f'fill="#333">{escape(y_title)}</text>')
    return "".join(out)


def line_chart_svg(
    years: Sequence[int],
    values: Sequence[Optional[float]],
    targets: Sequence[Optional[float]],
    *,
    title: str,
    desc: str = "",
    invert: bool = False,
    value_label: str = "value",
    target_label: str = "target",
    x_title: str = "",
    y_title: str = "",
    chart_id: str = "dgplan-chart",
) -> str:
    """Values (line with dots) against targets (diamonds) by fiscal year.

    ``invert`` puts small numbers at the top (for ranks, where 1st is best), so "up" always
    means "better"; say so in ``y_title``.
    """
    points = [(y, v) for y, v in zip(years, values, strict=False) if v is not None]
    marks = [(y, t) for y, t in zip(years, targets, strict=False) if t is not None]
    numbers = [v for _, v in points] + [t for _, t in marks]
    head = _head(chart_id, title, desc, _H)
    if not years or not numbers:
        return head + f'<text x="{WIDTH / 2}" y="{_H / 2}" text-anchor="middle">–</text></svg>'
    x0, x1 = min(years), max(years)
    ticks = nice_ticks(min(numbers), max(numbers))
    if min(numbers) >= 0 and ticks[0] < 0:
        ticks = [t for t in ticks if t >= 0]
    low, high = ticks[0], ticks[-1]
    if high == low:
        high = low + 1

    def sx(year: float) -> float:
        return _L + 12 + (0.5 if x1 == x0 else (year - x0) / (x1 - x0)) * (WIDTH - _L - _R - 24)

    def sy(value: float) -> float:
        frac = (value - low) / (high - low)
        if invert:
            frac = 1 - frac
        return _T + (1 - frac) * (_H - _T - _B)

    parts = [head, '<g class="dgplan-chart-axes" fill="#333">']
    for tick in ticks:
        y = sy(tick)
        parts.append(f'<line x1="{_L}" x2="{WIDTH - _R}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc"/>'
                     f'<text x="{_L - 6}" y="{y + 5:.1f}" text-anchor="end">{escape(_fmt(tick))}</text>')
    shown = sorted(set(years))
    # Every year label when they fit (about 44 units each), else every second one.
    every = 1 if len(shown) * 44 <= WIDTH - _L - _R else 2
    for i, year in enumerate(shown):
        if i % every == 0 or year == shown[-1]:
            parts.append(f'<text x="{sx(year):.1f}" y="{_H - _B + 20}" text-anchor="middle">{year}</text>')
    parts.append("</g>")
    parts.append(_axis_titles(x_title, y_title, _H))
    if len(points) > 1:
        path = " ".join(f"{sx(y):.1f},{sy(v):.1f}" for y, v in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{_COLOURS[0]}" stroke-width="2.5"/>')
    for y, v in points:
        parts.append(f'<circle cx="{sx(y):.1f}" cy="{sy(v):.1f}" r="5" fill="{_COLOURS[0]}">'
                     f'<title>{y}: {escape(value_label)} {escape(_fmt(v))}</title></circle>')
    for y, t in marks:
        cx, cy = sx(y), sy(t)
        parts.append(f'<path d="M{cx:.1f},{cy - 7:.1f} L{cx + 7:.1f},{cy:.1f} L{cx:.1f},{cy + 7:.1f} '
                     f'L{cx - 7:.1f},{cy:.1f} Z" fill="{_COLOURS[1]}">'
                     f'<title>{y}: {escape(target_label)} {escape(_fmt(t))}</title></path>')
    # Legend on top, the second entry placed after the first one's text (about 0.6 em a character).
    legend_y = 20
    second = _L + 20 + int(len(value_label) * FONT_SIZE * 0.62) + 24
    parts.append(f'<g fill="#333"><circle cx="{_L + 6}" cy="{legend_y - 5}" r="5" fill="{_COLOURS[0]}"/>'
                 f'<text x="{_L + 16}" y="{legend_y}">{escape(value_label)}</text>'
                 f'<path d="M{second},{legend_y - 12} L{second + 7},{legend_y - 5} L{second},{legend_y + 2} '
                 f'L{second - 7},{legend_y - 5} Z" fill="{_COLOURS[1]}"/>'
                 f'<text x="{second + 11}" y="{legend_y}">{escape(target_label)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart_svg(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Optional[float]]]],
    *,
    title: str,
    desc: str = "",
    chart_id: str = "dgplan-bars",
    scale: float = 1.0,
    scale_label: str = "",
    x_title: str = "",
) -> str:
    """Grouped bars: one group per category (fiscal year), one bar per series (strategy).

    Values are divided by ``scale`` for the axis (e.g. 1e6 for millions of baht); ``scale_label``
    is the y axis title. Series names are the legend, one line each under the chart (they can be
    long: strategy names), cut at 50 characters with the whole name in a tooltip.
    """
    height = _H + 22 * len(series)
    head = _head(chart_id, title, desc, height)
    numbers = [v / scale for _, vals in series for v in vals if v is not None]
    if not categories or not numbers:
        return head + f'<text x="{WIDTH / 2}" y="{_H / 2}" text-anchor="middle">–</text></svg>'
    ticks = nice_ticks(0, max(numbers))
    high = ticks[-1] or 1

    def sy(value: float) -> float:
        return _T + (1 - value / high) * (_H - _T - _B)

    parts = [head, '<g fill="#333">']
    for tick in ticks:
        y = sy(tick)
        parts.append(f'<line x1="{_L}" x2="{WIDTH - _R}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc"/>'
                     f'<text x="{_L - 6}" y="{y + 5:.1f}" text-anchor="end">{escape(_fmt(tick))}</text>')
    group_w = (WIDTH - _L - _R) / len(categories)
    bar_w = group_w * 0.8 / max(len(series), 1)
    for i, category in enumerate(categories):
        gx = _L + i * group_w + group_w * 0.1
        parts.append(f'<text x="{gx + group_w * 0.4:.1f}" y="{_H - _B + 20}" text-anchor="middle">'
                     f'{escape(str(category))}</text>')
        for j, (name, vals) in enumerate(series):
            value = vals[i] if i < len(vals) else None
            if value is None:
                continue
            v = value / scale
            y = sy(v)
            parts.append(f'<rect x="{gx + j * bar_w:.1f}" y="{y:.1f}" width="{bar_w * 0.95:.1f}" '
                         f'height="{_H - _B - y:.1f}" fill="{_COLOURS[j % len(_COLOURS)]}">'
                         f'<title>{escape(str(category))} {escape(name)}: {escape(_fmt(v))}</title></rect>')
    parts.append("</g>")
    parts.append(_axis_titles(x_title, scale_label, _H))
    for j, (name, _) in enumerate(series):
        y = _H + 22 * j + 8
        short = name if len(name) <= 50 else name[:49] + "…"
        parts.append(f'<g><title>{escape(name)}</title>'
                     f'<rect x="4" y="{y - 12}" width="14" height="14" fill="{_COLOURS[j % len(_COLOURS)]}"/>'
                     f'<text x="24" y="{y}" fill="#333">{escape(short)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
