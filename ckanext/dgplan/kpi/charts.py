"""Server-rendered SVG charts. No JavaScript: the page works without it and prints well.

Each chart carries a ``<title>`` and ``<desc>`` and is shown next to a data table with the same
numbers (the table is the accessible form; the chart is marked ``role="img"``).
"""
from __future__ import annotations

from html import escape
from typing import Optional, Sequence

__all__ = ["bar_chart_svg", "line_chart_svg"]

_W, _H = 640, 300
_L, _R, _T, _B = 64, 16, 24, 40  # margins
_COLOURS = ("#1f6fb2", "#d9822b", "#2e8540", "#8e44ad", "#c0392b", "#7f8c8d")


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) < 1 else f"{value:,.2f}"


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    if high == low:
        return [low]
    step = (high - low) / (count - 1)
    return [low + step * i for i in range(count)]


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
    chart_id: str = "dgplan-chart",
) -> str:
    """Values (line with dots) against targets (diamonds) by fiscal year.

    ``invert`` puts small numbers at the top (for ranks, where 1st is best), so "up" always
    means "better".
    """
    points = [(y, v) for y, v in zip(years, values) if v is not None]
    marks = [(y, t) for y, t in zip(years, targets) if t is not None]
    numbers = [v for _, v in points] + [t for _, t in marks]
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" role="img" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="dgplan-chart">'
            f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>')
    if not years or not numbers:
        return head + f'<text x="{_W / 2}" y="{_H / 2}" text-anchor="middle">–</text></svg>'
    x0, x1 = min(years), max(years)
    low, high = min(numbers), max(numbers)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1
    low, high = low - pad, high + pad
    if min(numbers) >= 0 and low < 0:
        low = 0

    def sx(year: float) -> float:
        return _L + (0.5 if x1 == x0 else (year - x0) / (x1 - x0)) * (_W - _L - _R)

    def sy(value: float) -> float:
        frac = (value - low) / (high - low)
        if invert:
            frac = 1 - frac
        return _T + (1 - frac) * (_H - _T - _B)

    parts = [head, '<g class="dgplan-chart-axes" font-size="11" fill="#333">']
    for tick in _ticks(low, high):
        y = sy(tick)
        parts.append(f'<line x1="{_L}" x2="{_W - _R}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{_L - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(_fmt(tick))}</text>')
    for year in sorted(set(years)):
        parts.append(f'<text x="{sx(year):.1f}" y="{_H - _B + 16}" text-anchor="middle">{year}</text>')
    parts.append("</g>")
    if len(points) > 1:
        path = " ".join(f"{sx(y):.1f},{sy(v):.1f}" for y, v in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{_COLOURS[0]}" stroke-width="2"/>')
    for y, v in points:
        parts.append(f'<circle cx="{sx(y):.1f}" cy="{sy(v):.1f}" r="4" fill="{_COLOURS[0]}">'
                     f'<title>{y}: {escape(value_label)} {escape(_fmt(v))}</title></circle>')
    for y, t in marks:
        cx, cy = sx(y), sy(t)
        parts.append(f'<path d="M{cx:.1f},{cy - 6:.1f} L{cx + 6:.1f},{cy:.1f} L{cx:.1f},{cy + 6:.1f} '
                     f'L{cx - 6:.1f},{cy:.1f} Z" fill="{_COLOURS[1]}">'
                     f'<title>{y}: {escape(target_label)} {escape(_fmt(t))}</title></path>')
    legend_y = _T - 8
    parts.append(f'<g font-size="11"><circle cx="{_L + 6}" cy="{legend_y - 4}" r="4" fill="{_COLOURS[0]}"/>'
                 f'<text x="{_L + 14}" y="{legend_y}">{escape(value_label)}</text>'
                 f'<path d="M{_L + 126},{legend_y - 10} L{_L + 132},{legend_y - 4} L{_L + 126},{legend_y + 2} '
                 f'L{_L + 120},{legend_y - 4} Z" fill="{_COLOURS[1]}"/>'
                 f'<text x="{_L + 138}" y="{legend_y}">{escape(target_label)}</text></g>')
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
) -> str:
    """Grouped bars: one group per category (fiscal year), one bar per series (strategy).

    Values are divided by ``scale`` for the axis (e.g. 1e6 for millions of baht).
    """
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" role="img" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="dgplan-chart">'
            f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>')
    numbers = [v / scale for _, vals in series for v in vals if v is not None]
    if not categories or not numbers:
        return head + f'<text x="{_W / 2}" y="{_H / 2}" text-anchor="middle">–</text></svg>'
    high = max(numbers) * 1.1 or 1

    def sy(value: float) -> float:
        return _T + (1 - value / high) * (_H - _T - _B)

    parts = [head, '<g font-size="11" fill="#333">']
    for tick in _ticks(0, high):
        y = sy(tick)
        parts.append(f'<line x1="{_L}" x2="{_W - _R}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{_L - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(_fmt(round(tick, 2)))}</text>')
    if scale_label:
        parts.append(f'<text x="4" y="{_T - 8}">{escape(scale_label)}</text>')
    group_w = (_W - _L - _R) / len(categories)
    bar_w = group_w * 0.8 / max(len(series), 1)
    for i, category in enumerate(categories):
        gx = _L + i * group_w + group_w * 0.1
        parts.append(f'<text x="{gx + group_w * 0.4:.1f}" y="{_H - _B + 16}" text-anchor="middle">{escape(str(category))}</text>')
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
    for j, (name, _) in enumerate(series):
        x = _L + j * 150
        parts.append(f'<rect x="{x}" y="{_H - 14}" width="10" height="10" fill="{_COLOURS[j % len(_COLOURS)]}"/>'
                     f'<text x="{x + 14}" y="{_H - 5}" font-size="11">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
