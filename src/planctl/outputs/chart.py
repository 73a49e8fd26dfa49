"""The 預定/實際進度 S-curve as inline SVG, for the review document and the web desk.

No chart library: a few lines and texts, drawn the same in a browser and in the printed PDF.
It reads without colour (planned dashed, actual solid with its points marked), says what it
is to a screen reader (role img, a <title> and a <desc> with the figures), and every text of
the plan in it is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from fractions import Fraction

from planctl.outputs.cells import pct_label

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 624, 40, 250
"""The plot area: 0 % at BOTTOM, 100 % at TOP, January at LEFT, December at RIGHT."""
PLANNED_STYLE = 'stroke="#555555" stroke-width="2" stroke-dasharray="7 5"'
ACTUAL_STYLE = 'stroke="#1f4e9c" stroke-width="2.5"'
FONT = 'font-size="13" fill="#000000"'
PLANNED, ACTUAL = "預定進度", "實際進度"


def x_of(month: int) -> float:
    return round(LEFT + (month - 1) * (RIGHT - LEFT) / 11, 1)


def y_of(value: Fraction) -> float:
    """The height of a progress value (0 to 1), to a tenth of a unit, as the SVG writes it."""
    return round(BOTTOM - float(value) * (BOTTOM - TOP), 1)


def s_curve_svg(
    key: str, label: str, planned: Sequence[Fraction], actual: Sequence[Fraction]
) -> str:
    """The curve of `label` (a section or the office): `planned` by month from January (twelve
    values), `actual` to the month reported. `key` makes the element ids, unique in a page."""
    ident = "s-curve-" + "".join(c if c.isascii() and c.isalnum() else f"-{ord(c):x}" for c in key)
    title = f"{label}：{PLANNED}與{ACTUAL}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="s-curve" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{html.escape(title)}</title>',
        f'<desc id="{ident}-desc">{html.escape(describe(planned, actual))}</desc>',
        *_axes(),
        _line("planned", planned, PLANNED_STYLE),
        _line("actual", actual, ACTUAL_STYLE),
        *_points(actual),
        *_legend(),
        "</svg>",
    ]
    return "\n".join(parts)


def describe(planned: Sequence[Fraction], actual: Sequence[Fraction]) -> str:
    """The figures in words: where the curves stand at the month reported."""
    if not actual:
        return f"尚無實際進度；{PLANNED}：12月 {pct_label(planned[-1])}"
    month = len(actual)
    return (
        f"{month}月止{PLANNED} {pct_label(planned[month - 1])}、"
        f"{ACTUAL} {pct_label(actual[-1])}；{PLANNED}：12月 {pct_label(planned[-1])}"
    )


def _axes() -> list[str]:
    """Grid lines every 20 %, the months under the plot, and the two axis labels."""
    parts = ['<g class="axes">']
    for percent in range(0, 101, 20):
        y = y_of(Fraction(percent, 100))
        parts.append(f'<line x1="{LEFT}" y1="{y:g}" x2="{RIGHT}" y2="{y:g}" stroke="#cccccc"/>')
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4:g}" text-anchor="end" {FONT}>{percent}</text>'
        )
    for month in range(1, 13):
        x = x_of(month)
        parts.append(
            f'<text x="{x:g}" y="{BOTTOM + 18}" text-anchor="middle" {FONT}>{month}</text>'
        )
    parts += [
        f'<line x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}" stroke="#000000"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{BOTTOM}" stroke="#000000"/>',
        f'<text class="axis-label" x="{(LEFT + RIGHT) / 2:g}" y="{HEIGHT - 12}"'
        f' text-anchor="middle" {FONT}>月份</text>',
        f'<text class="axis-label" x="16" y="{(TOP + BOTTOM) / 2:g}" text-anchor="middle"'
        f' transform="rotate(-90 16 {(TOP + BOTTOM) / 2:g})" {FONT}>進度(%)</text>',
        "</g>",
    ]
    return parts


def _line(kind: str, values: Sequence[Fraction], style: str) -> str:
    points = " ".join(f"{x_of(m):g},{y_of(v):g}" for m, v in enumerate(values, 1))
    return f'<polyline class="{kind}" fill="none" {style} points="{points}"/>'


def _points(values: Sequence[Fraction]) -> list[str]:
    """The actual progress of each month as a dot, with its figure for a pointer's hover."""
    return [
        f'<circle class="actual" cx="{x_of(m):g}" cy="{y_of(v):g}" r="4" fill="#1f4e9c">'
        f"<title>{m}月 {ACTUAL} {pct_label(v)}</title></circle>"
        for m, v in enumerate(values, 1)
    ]


def _legend() -> list[str]:
    """The two lines named in words, above the plot."""
    y = TOP - 20
    return [
        '<g class="legend">',
        f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + 36}" y2="{y}" {PLANNED_STYLE}/>',
        f'<text x="{LEFT + 44}" y="{y + 5}" {FONT}>{PLANNED}</text>',
        f'<line x1="{LEFT + 140}" y1="{y}" x2="{LEFT + 176}" y2="{y}" {ACTUAL_STYLE}/>',
        f'<circle cx="{LEFT + 158}" cy="{y}" r="4" fill="#1f4e9c"/>',
        f'<text x="{LEFT + 184}" y="{y + 5}" {FONT}>{ACTUAL}</text>',
        "</g>",
    ]
