"""The drawing primitives of the charts: the ``Chart`` type, numbers, text, scales, axes.

Names with a leading underscore are private to the ``impact.charts`` package (``kinds.py``
draws with them); other packages use the public names re-exported by ``impact.charts``.

The package's docstring (``impact.charts``) says what a chart is and how pages print it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Okabe-Ito, reordered: the first four have at least 3:1 contrast with a white page (bars stay
# visible in print); yellow comes last and is never used for text.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
INK = "#1a1a1a"
PAPER = "#ffffff"
GRID = "#c8c8c8"
DASH = "—"

WIDTH = 720
PAD = 8
FONT = 12
SMALL = 11
LABEL_END = 198  # row labels are right-aligned on this x
PLOT_X = 208
PLOT_W = 440  # bar and grouped charts: the top of the scale is 440 units from the axis
RANGE_W = 260  # range chart: 0-100 % axis, then the reference column
NOTE_X = PLOT_X + RANGE_W + 18
NOTE_W = WIDTH - NOTE_X - PAD
BAR_H = 18
GROUP_BAR_H = 14
AXIS_H = 24
LEGEND_W = WIDTH - 2 * PAD - 34  # a legend name longer than a line is cut

Item = tuple[object, float | None]
SeriesItem = tuple[object, Mapping[str, float | None]]
Formatter = Callable[[float], str]


@dataclass(frozen=True)
class Chart:
    """A drawn chart: ``{{ chart }}`` in a template inserts the SVG; print ``table`` under it."""

    title: str
    reading: str
    svg: str
    table: dict

    def __html__(self) -> str:
        return self.svg

    def __str__(self) -> SafeString:
        # Django templates call str() before escaping, so __html__ alone is not enough.
        return mark_safe(self.svg)  # every caller text was escaped by _esc


# Numbers ---------------------------------------------------------------------------------


def _finite(value) -> float | None:
    """The value as a float, or None when it is missing (None, NaN, pandas NA, infinite)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _french() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).lower().startswith("fr")


def _localised(amount: Decimal, digits: int) -> str:
    rounded = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never print "-0"
    return number_format(rounded, decimal_pos=digits, use_l10n=True, force_grouping=True)


def number(value, digits: int = 0) -> str:
    """A number in the active language, rounded half up: 1607.5 → "1 608" (fr), "1,608" (en).

    Missing values (None, NaN) give "—".
    """
    finite = _finite(value)
    return DASH if finite is None else _localised(Decimal(repr(finite)), digits)


def percent(value, digits: int = 0) -> str:
    """A share (0-1) as a percentage: 0.125 → "12,5 %" (fr, thin no-break space), "12.5%" (en).

    Rounded half up on the decimal value (0.145 → "15 %"); missing values give "—".
    """
    finite = _finite(value)
    if finite is None:
        return DASH
    text = _localised(Decimal(repr(finite)) * 100, digits)
    return f"{text}\u202f%" if _french() else f"{text}%"


def _formatter(value_format: Formatter | None, unit: str) -> Callable[[object], str]:
    """The caller's format, or percent / number + unit; "—" for missing values in all cases."""

    def default(value: float) -> str:
        if unit == "%":
            return percent(value)
        return f"{number(value)}\u00a0{unit}" if unit else number(value)

    chosen = value_format or default

    def format_value(value) -> str:
        finite = _finite(value)
        return DASH if finite is None else str(chosen(finite))

    return format_value


# SVG text and elements --------------------------------------------------------------------

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NARROW = frozenset("iljIJ.,;:'’!|")
_SEMI = frozenset("frt()-/ \u00a0\u202f")
_WIDE = frozenset("mwMW%—…@")
_CLINGING = frozenset({"%", ":", ";", "!", "?", "»"})


def _esc(text) -> str:
    """Caller text made inert in XML: markup characters escaped, forbidden characters dropped."""
    return escape(_NOT_XML.sub("", str(text)), {'"': "&quot;", "'": "&#39;"})


def _n(value: float) -> str:
    """A coordinate with at most two decimals, so the output is compact and stable."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attribute(value) -> str:
    return _n(value) if isinstance(value, int | float) else _esc(value)


def _el(tag: str, content: str = "", **attrs) -> str:
    """An element; ``content`` is markup (escape text with _esc), attribute values are escaped."""
    pairs = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{_attribute(value)}"'
        for name, value in attrs.items()
    )
    return f"<{tag}{pairs}>{content}</{tag}>" if content else f"<{tag}{pairs}/>"


def _text_width(text: str, size: float = FONT) -> float:
    """Estimated width in DejaVu Sans (the widest usual sans-serif), so text rarely overflows."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.3
        elif char in _SEMI:
            em += 0.4
        elif char in _WIDE:
            em += 0.95
        else:
            em += 0.72 if char.isupper() else 0.62
    return em * size


def _line_height(size: float) -> float:
    return size + 3


def _shorten(line: str, width: float, size: float) -> str:
    while line and _text_width(line + "…", size) > width:
        line = line[:-1]
    return line.rstrip() + "…"


def _words(text: str) -> list[str]:
    """Words split on ordinary spaces only (no-break spaces hold), French punctuation kept with
    its word, so "10 %" or "« oui »" never break across lines."""
    words: list[str] = []
    for word in re.split(r"[ \t\r\n]+", text.strip()):
        if words and (word in _CLINGING or words[-1] == "«"):
            words[-1] = f"{words[-1]}\u00a0{word}"
        elif word:
            words.append(word)
    return words


def _wrap(text: str, width: float, size: float, max_lines: int) -> tuple[list[str], bool]:
    """Greedy word wrap into at most ``max_lines``; returns the lines and whether text was cut."""
    lines: list[str] = []
    for word in _words(text):
        if lines and _text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    cut = len(lines) > max_lines
    lines = lines[:max_lines] or [""]
    for index, line in enumerate(lines):
        if _text_width(line, size) > width or (cut and index == len(lines) - 1):
            lines[index] = _shorten(line, width, size)
            cut = True
    return lines, cut


def _text(x: float, cy: float, text: str, size: float = FONT, **attrs) -> str:
    """One line of text vertically centred on ``cy``."""
    attrs = {"text_anchor": "start", "fill": INK, **attrs}
    return _el("text", _esc(text), x=x, y=cy + size * 0.35, font_size=size, **attrs)


def _label(x: float, cy: float, text, width: float, size: float = FONT, **options) -> str:
    """Wrapped text centred on ``cy``; when cut, it ends with "…" and the full text is a tooltip."""
    anchor, max_lines = options.get("anchor", "end"), options.get("max_lines", 2)
    full = str(text)
    if not full.strip():
        return ""
    lines, cut = _wrap(full, width, size, max_lines)
    first = cy - (len(lines) - 1) * _line_height(size) / 2 + size * 0.35
    spans = "".join(
        _el("tspan", _esc(line), x=x, y=first + index * _line_height(size))
        for index, line in enumerate(lines)
    )
    element = _el("text", spans, x=x, y=first, font_size=size, text_anchor=anchor, fill=INK)
    return _el("g", _el("title", _esc(full)) + element) if cut else element


def _row_height(label, minimum: float, width: float = LABEL_END - PAD) -> float:
    lines, _cut = _wrap(str(label), width, FONT, 2)
    return max(minimum, len(lines) * _line_height(FONT) + 10)


# Scales, axes, legends, documents ---------------------------------------------------------


@dataclass(frozen=True)
class _Scale:
    top: float
    step: float  # between ticks
    x: float = PLOT_X
    width: float = PLOT_W

    def length(self, value: float) -> float:
        return self.width * min(max(value, 0.0), self.top) / self.top

    def at(self, value: float) -> float:
        return self.x + self.length(value)


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    step = next(s for s in (1, 2, 2.5, 5, 10) if value <= s * magnitude * (1 + 1e-9))
    return round(step * magnitude, 12)


def _scale(values: Sequence[float | None], max_value: float | None) -> _Scale:
    """0 to ``max_value``, or to the first multiple of a round step that reaches every value."""
    if max_value is not None and max_value > 0:
        return _Scale(float(max_value), _nice_ceiling(max_value / 5))
    largest = max((v for v in values if v is not None), default=0.0)
    if largest <= 0:
        return _Scale(1.0, 0.2)
    step = _nice_ceiling(largest / 5)
    return _Scale(round(math.ceil(largest / step - 1e-9) * step, 12), step)


def _tick_labels(ticks: list[float], unit: str) -> list[str]:
    """Tick labels with as few decimals as keep them distinct."""
    for digits in range(4):
        if unit == "%":
            labels = [percent(tick, digits) for tick in ticks]
        else:
            labels = [f"{number(tick, digits)}\u00a0{unit}".strip() for tick in ticks]
        if len(set(labels)) == len(labels):
            break
    return labels


def _axis(scale: _Scale, top: float, bottom: float, unit: str = "%") -> list[str]:
    """Vertical grid lines at nice ticks, the zero line darker, labels under the plot."""
    count = int(scale.top / scale.step + 1e-9) + 1
    ticks = [round(i * scale.step, 12) for i in range(count)]
    parts = []
    for tick, text in zip(ticks, _tick_labels(ticks, unit), strict=True):
        x = scale.at(tick)
        colour = INK if tick == 0 else GRID
        parts.append(_el("line", x1=x, x2=x, y1=top, y2=bottom, stroke=colour, stroke_width=1))
        parts.append(_text(x, bottom + 12, text, SMALL, text_anchor="middle"))
    return parts


def _series(series: Sequence[tuple]) -> tuple[list[str], list[str], list[str]]:
    """Keys, names and colours of series given as (key, label) or (key, label, "#rrggbb")."""
    keys, names, colours = [], [], []
    for index, entry in enumerate(series):
        colour = entry[2] if len(entry) > 2 else PALETTE[index % len(PALETTE)]
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            raise ValueError(f"Series colour must be #rrggbb, got {colour!r}.")
        keys.append(entry[0])
        names.append(str(entry[1]))
        colours.append(colour)
    return keys, names, colours


def _legend(names: list[str], colours: list[str], y: float) -> tuple[list[str], float]:
    """Swatches and names in series order, wrapped over lines; returns the parts and height."""
    parts, x, line = [], float(PAD), 0
    for name, colour in zip(names, colours, strict=True):
        width = 18 + min(_text_width(name), LEGEND_W) + 16
        if x > PAD and x + width > WIDTH - PAD:
            x, line = float(PAD), line + 1
        top = y + line * 20
        parts.append(_el("rect", x=x, y=top, width=12, height=12, fill=colour, class_="swatch"))
        parts.append(_label(x + 18, top + 6, name, LEGEND_W, anchor="start", max_lines=1))
        x += width
    return parts, (line + 1) * 20


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _ink_on(fill: str) -> str:
    """Dark text, unless white contrasts better with ``fill`` (dark blue or black segments)."""
    background = _luminance(fill) + 0.05
    dark = background / (_luminance(INK) + 0.05)
    light = (_luminance(PAPER) + 0.05) / background
    return INK if dark >= light else PAPER


def _chart(title, reading, height: float, parts: list[str], table: tuple[list, list]) -> Chart:
    title, reading, body = str(title), str(reading), "".join(parts)
    key = "chart-" + hashlib.sha256(f"{title}\n{reading}\n{body}".encode()).hexdigest()[:12]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-labelledby="{key}-title {key}-desc" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'width="100%" font-family="sans-serif" font-size="{FONT}">'
        f'<title id="{key}-title">{_esc(title)}</title>'
        f'<desc id="{key}-desc">{_esc(reading)}</desc>{body}</svg>'
    )
    columns, rows = table
    return Chart(
        title=title,
        reading=reading,
        svg=mark_safe(svg),  # every caller text was escaped by _esc
        table={"columns": [str(c) for c in columns], "rows": rows},
    )


def _empty(title, reading, columns: list) -> Chart:
    """A chart that says there is nothing to show, with the table's headings and no rows."""
    message = _("Aucune donnée à afficher.")
    parts = [
        _el("rect", x=0.5, y=0.5, width=WIDTH - 1, height=47, fill="none", stroke=GRID),
        _text(WIDTH / 2, 24, message, text_anchor="middle", class_="no-data"),
    ]
    return _chart(title, reading or message, 48, parts, (columns, []))
