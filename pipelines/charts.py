"""Inline SVG pieces for the HTML report: documents, scales, axes, legends, colours.

Each chart is drawn in its own coordinate space (`viewBox`) and scales with the page, so
it stays sharp on a laptop screen and in print; nothing here needs JavaScript or a font
from the network. Functions return markup strings: `text` and `tooltip` escape what they
are given, `element` takes content that is markup already.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

INK = "#1f2328"
MUTED = "#59636e"
GRID = "#e1e4e8"
FONT_SIZE = 12


def esc(value: object) -> str:
    """`value` as text safe inside an element or a double-quoted attribute."""
    return escape(str(value), quote=True)


def attributes(values: dict[str, object]) -> str:
    """` name="value"` pairs; `data_x` becomes `data-x`, None values are left out."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, float):
            value = f"{value:.2f}".rstrip("0").rstrip(".")
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{esc(value)}"')
    return "".join(parts)


def element(tag: str, content: str = "", **values: object) -> str:
    """One SVG or HTML element; `content` must already be markup."""
    return f"<{tag}{attributes(values)}>{content}</{tag}>"


def text(x: float, y: float, content: object, **values: object) -> str:
    """A text label at (x, y); `anchor` is start, middle or end."""
    anchor = values.pop("anchor", "start")
    return element(
        "text", esc(content), x=round(x, 1), y=round(y, 1), text_anchor=anchor, **values
    )


def tooltip(content: str) -> str:
    """A `<title>` child: browsers show it on hover, screen readers read it."""
    return element("title", esc(content))


def document(
    width: int,
    height: int,
    title: str,
    label: str,
    body: Iterable[str],
    print_height_mm: float | None = None,
) -> str:
    """A complete accessible `<svg>`: role img, an aria-label and a `<title>` first.

    `print_height_mm` caps the printed height where the page's default cap would make
    a tall chart unreadably small; the style sheet reads it as `--print-height`.
    """
    style = f' style="--print-height: {print_height_mm:.0f}mm"' if print_height_mm else ""
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}"'
        f' aria-label="{esc(label)}" font-size="{FONT_SIZE}" fill="{INK}"'
        f' preserveAspectRatio="xMidYMin meet"{style}>'
        + element("title", esc(title))
        + "".join(body)
        + "</svg>"
    )


def nice_ticks(maximum: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Round tick values from 0 up to at least `maximum`, about `count` of them.

    Steps are 1, 2, 2.5 or 5 times a power of ten, so labels read as round numbers;
    with `whole` (counts, rupees) they are whole numbers, never 2.5 or 0.5.
    """
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    if whole:
        raw = max(raw, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    multiples = (1, 2, 5, 10) if whole and power < 10 else (1, 2, 2.5, 5, 10)
    step = next(m * power for m in multiples if m * power >= raw)
    top = math.ceil(maximum / step - 1e-9) * step
    return [i * step for i in range(int(round(top / step)) + 1)]


@dataclass(frozen=True)
class Scale:
    """A linear map from data values in [0, top] to pixels in [start, end]."""

    top: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        return self.start + (self.end - self.start) * (float(value) / self.top)


def value_axis(
    scale: Scale,
    ticks: list[float],
    *,
    across: tuple[float, float],
    vertical: bool,
    title: str,
    label: Callable[[float], str],
) -> list[str]:
    """Grid lines, tick labels and a title for the axis that carries the values.

    Args:
        scale: maps values to pixels along the axis.
        ticks: the values to label.
        across: where the grid lines start and end, across the axis.
        vertical: values run up the page (column charts) rather than along it.
        title: the axis title, with its unit.
        label: formats a tick value.
    """
    low, high = across
    out = []
    for tick in ticks:
        at = round(scale(tick), 1)
        if vertical:
            out.append(element("line", x1=low, x2=high, y1=at, y2=at, stroke=GRID))
            out.append(text(low - 6, at + 4, label(tick), anchor="end", fill=MUTED))
        else:
            out.append(element("line", x1=at, x2=at, y1=low, y2=high, stroke=GRID))
            out.append(text(at, high + 16, label(tick), anchor="middle", fill=MUTED))
    if vertical:
        middle = (scale.start + scale.end) / 2
        out.append(
            text(14, middle, title, anchor="middle", fill=MUTED,
                 transform=f"rotate(-90 14 {middle:.1f})")
        )
    else:
        out.append(text((scale.start + scale.end) / 2, high + 34, title, anchor="middle",
                        fill=MUTED))
    return out


def baseline(x1: float, y1: float, x2: float, y2: float) -> str:
    """The axis line itself, darker than the grid."""
    return element("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=MUTED)


def legend(items: list[tuple[str, str]], x: float, y: float) -> list[str]:
    """Colour swatches with their names in one row, starting at (x, y)."""
    out = []
    for colour, name in items:
        out.append(element("rect", x=x, y=y - 10, width=12, height=12, fill=colour, rx=2))
        out.append(text(x + 17, y, name))
        # System fonts differ in width; an average glyph of 7 px keeps names apart.
        x += 17 + 7 * len(name) + 22
    return out


def blend(low: str, high: str, share: float) -> str:
    """The colour `share` of the way from `low` to `high` (both `#rrggbb`)."""
    share = min(max(share, 0.0), 1.0)
    channels = [
        round(int(low[i:i + 2], 16) + (int(high[i:i + 2], 16) - int(low[i:i + 2], 16)) * share)
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def shorten(label: str, limit: int) -> str:
    """`label` cut to `limit` characters with an ellipsis, for a fixed label column."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
