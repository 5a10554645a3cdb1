"""Every chart of Impact, drawn on the server as inline SVG (STYLE.md "PDF").

One module serves the web pages and the PDF (WeasyPrint): no JavaScript, no chart library, no
font file. Each function returns a ``Chart``: its title, a one-sentence reading, the SVG, and
the same data as a table that callers print under the chart, for screen-reader users and for
readers who want the numbers::

    <figure>
      <figcaption>{{ chart.title }}</figcaption>
      {{ chart }}
      <p>{{ chart.reading }}</p>
      <table>… chart.table.columns, chart.table.rows …</table>
    </figure>

Shares are fractions (0.125 is 12,5 %). Every caller-provided text is XML-escaped here, once,
which is why ``{{ chart }}`` is inserted without escaping. Same input, same SVG string.
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


def _span_reading(points: list[tuple[str, float | None]], fmt, subject: str) -> str:
    """The reading "<subject> va de <lowest> (« label ») à <highest> (« label »)."."""
    known = [(value, label) for label, value in points if value is not None]
    if not known:
        return _("Aucune donnée à afficher.")
    low, high = min(known, key=lambda p: p[0]), max(known, key=lambda p: p[0])
    context = {"subject": subject, "low": fmt(low[0]), "low_label": low[1]}
    context |= {"high": fmt(high[0]), "high_label": high[1]}
    if low[0] == high[0]:
        return _("%(subject)s est de %(high)s (« %(high_label)s »).") % context
    return (
        _("%(subject)s va de %(low)s (« %(low_label)s ») à %(high)s (« %(high_label)s »).")
        % context
    )


# Charts -----------------------------------------------------------------------------------


def _draw_rows(
    labels: list[str], top: float, minimums: Sequence[float], draw
) -> tuple[list, float]:
    """Each row's label on the left and ``draw(index, cy)``'s marks; returns parts and bottom y."""
    parts, y = [], top
    for index, (label, minimum) in enumerate(zip(labels, minimums, strict=True)):
        height = _row_height(label, minimum)
        parts.append(_label(LABEL_END, y + height / 2, label, LABEL_END - PAD))
        parts += draw(index, y + height / 2)
        y += height
    return parts, y


def _bar(scale: _Scale, cy: float, value, colour: str, height: float, text: str) -> list[str]:
    """A bar from the axis with its value written at its end; a dash when the value is missing."""
    if value is None:
        return [_text(scale.x + 4, cy, DASH, SMALL)]
    length = scale.length(value)
    top = cy - height / 2
    return [
        _el("rect", class_="bar", x=scale.x, y=top, width=length, height=height, fill=colour),
        _text(scale.x + length + 4, cy, text, SMALL),
    ]


def bar_chart(
    title,
    reading: str | None,
    items: Sequence[Item],
    *,
    unit: str = "%",
    max_value: float | None = None,
    value_format: Formatter | None = None,
    label_heading: str | None = None,
    value_heading: str | None = None,
) -> Chart:
    """Horizontal bars in the order given, each value written at the end of its bar.

    Values are shares (0-1) when ``unit`` is "%", else numbers in ``unit``. The scale runs from 0
    to ``max_value``, or to a round number at or above the largest value. ``reading=None``
    computes one ("La valeur va de … à …"). Missing values (None, NaN) draw no bar but a dash.
    """
    fmt = _formatter(value_format, unit)
    columns = [label_heading or _("Libellé"), value_heading or _("Valeur")]
    if not items:
        return _empty(title, reading, columns)
    labels = [str(label) for label, _value in items]
    values = [_finite(value) for _label, value in items]
    scale = _scale(values, max_value)

    def draw(index: int, cy: float) -> list[str]:
        return _bar(scale, cy, values[index], PALETTE[0], BAR_H, fmt(values[index]))

    parts, bottom = _draw_rows(labels, PAD, [BAR_H + 10] * len(items), draw)
    reading = reading or _span_reading(list(zip(labels, values, strict=True)), fmt, _("La valeur"))
    rows = [[label, fmt(value)] for label, value in zip(labels, values, strict=True)]
    parts = _axis(scale, PAD, bottom, unit) + parts
    return _chart(title, reading, bottom + AXIS_H, parts, (columns, rows))


def _shares(values: Mapping[str, float | None], keys: list[str]) -> list[float] | None:
    """Each series' share of the row total (negative or missing values count as 0)."""
    amounts = [max(_finite(values.get(key)) or 0.0, 0.0) for key in keys]
    total = sum(amounts)
    return [amount / total for amount in amounts] if total > 0 else None


def _segments(scale: _Scale, cy: float, shares: list[float] | None, colours: list[str]) -> list:
    """Stacked segments; a segment too narrow for its percentage is drawn but not labelled."""
    if shares is None:
        return [_text(scale.x + 4, cy, DASH, SMALL)]
    parts, start = [], 0.0
    for share, colour in zip(shares, colours, strict=True):
        x, width = scale.at(start), scale.at(start + share) - scale.at(start)
        start += share
        if width <= 0:
            continue
        box = {"x": x, "y": cy - BAR_H / 2, "width": width, "height": BAR_H, "fill": colour}
        parts.append(_el("rect", class_="segment", **box, stroke=PAPER, stroke_width=1))
        text = percent(share)
        if _text_width(text, SMALL) + 6 <= width:
            centre = x + width / 2
            parts.append(_text(centre, cy, text, SMALL, text_anchor="middle", fill=_ink_on(colour)))
    return parts


def stacked_bar_chart(
    title,
    reading: str | None,
    items: Sequence[SeriesItem],
    series: Sequence[tuple],
    *,
    label_heading: str | None = None,
) -> Chart:
    """Horizontal 100 % stacked bars, one per item, segments in series order, with a legend.

    Each row is divided by its own total, so values may be shares or counts (agents, hours).
    ``series``: (key, label) or (key, label, "#rrggbb") pairs. The table gives every share,
    including segments too narrow to carry a label; a row whose total is 0 shows a dash.
    """
    keys, names, colours = _series(series)
    columns = [label_heading or _("Libellé"), *names]
    if not items or not keys:
        return _empty(title, reading, columns)
    labels = [str(label) for label, _values in items]
    shares = [_shares(values, keys) for _label, values in items]
    legend, legend_height = _legend(names, colours, PAD)
    scale, top = _Scale(1.0, 0.2), PAD + legend_height + 6

    def draw(index: int, cy: float) -> list[str]:
        return _segments(scale, cy, shares[index], colours)

    parts, bottom = _draw_rows(labels, top, [BAR_H + 10] * len(items), draw)
    firsts = [(label, row and row[0]) for label, row in zip(labels, shares, strict=True)]
    subject = _("La part « %(series)s »") % {"series": names[0]}
    reading = reading or _span_reading(firsts, percent, subject)
    rows = [
        [label, *([percent(s) for s in row] if row else [DASH] * len(keys))]
        for label, row in zip(labels, shares, strict=True)
    ]
    parts = legend + _axis(scale, top, bottom) + parts
    return _chart(title, reading, bottom + AXIS_H, parts, (columns, rows))


def _whisker(scale: _Scale, cy: float, value, low, high) -> list[str]:
    """The P10-P90 band with end caps, the dot at the value, and the value written above it."""
    parts, mark = [], cy + 7
    if low is not None and high is not None:
        left, right = scale.at(min(low, high)), scale.at(max(low, high))
        band = {"x": left, "y": mark - 4, "width": right - left, "height": 8}
        parts.append(_el("rect", class_="range", **band, fill=PALETTE[0], fill_opacity=0.3))
        for x in (left, right):
            cap = {"x1": x, "x2": x, "y1": mark - 6, "y2": mark + 6}
            parts.append(_el("line", **cap, stroke=PALETTE[0], stroke_width=1.5))
    if value is None:
        return [*parts, _text(scale.x + 4, mark, DASH, SMALL)]
    x = scale.at(value)
    parts.append(_el("circle", class_="dot", cx=x, cy=mark, r=5, fill=PALETTE[0], stroke=PAPER))
    text_x = min(max(x, scale.x + 16), scale.x + scale.width - 16)
    return [*parts, _text(text_x, cy - 7, percent(value), SMALL, text_anchor="middle")]


def range_chart(
    title,
    reading: str | None,
    items: Sequence[Mapping],
    *,
    label_heading: str | None = None,
) -> Chart:
    """The ladder: per row a dot at ``value`` and a band from ``low`` to ``high`` on 0-100 %.

    Each item is a mapping with ``label``, ``value`` (a share, the P50 or the point value) and
    optional ``low``/``high`` (P10/P90) and ``reference_text`` (the published figure, written to
    the right of the row). The P10/P90 columns appear in the table only when some row has them.
    """
    with_range = any(
        _finite(i.get("low")) is not None and _finite(i.get("high")) is not None for i in items
    )
    columns = [label_heading or _("Libellé"), _("Valeur")]
    columns += [_("P10"), _("P90")] if with_range else []
    columns.append(_("Référence publiée"))
    if not items:
        return _empty(title, reading, columns)
    labels = [str(item["label"]) for item in items]
    notes = [str(item.get("reference_text") or "") for item in items]
    values = [[_finite(item.get(k)) for k in ("value", "low", "high")] for item in items]
    scale, top = _Scale(1.0, 0.2, width=RANGE_W), PAD + 20
    note_heights = [
        len(_wrap(note, NOTE_W, SMALL, 3)[0]) * _line_height(SMALL) + 14 for note in notes
    ]

    def draw(index: int, cy: float) -> list[str]:
        note = _label(NOTE_X, cy, notes[index], NOTE_W, SMALL, anchor="start", max_lines=3)
        return [*_whisker(scale, cy, *values[index]), note]

    parts, bottom = _draw_rows(labels, top, [max(44, h) for h in note_heights], draw)
    heading = _text(NOTE_X, PAD + 8, _("Référence publiée"), SMALL, font_weight="bold")
    points = [(label, row[0]) for label, row in zip(labels, values, strict=True)]
    reading = reading or _span_reading(points, percent, _("Selon la définition, la valeur"))
    rows = [
        [label, *map(percent, row if with_range else row[:1]), note]
        for label, row, note in zip(labels, values, notes, strict=True)
    ]
    parts = [heading, *_axis(scale, top, bottom), *parts]
    return _chart(title, reading, bottom + AXIS_H, parts, (columns, rows))


def grouped_bar_chart(
    title,
    reading: str | None,
    items: Sequence[SeriesItem],
    series: Sequence[tuple],
    *,
    unit: str = "%",
    max_value: float | None = None,
    value_format: Formatter | None = None,
    label_heading: str | None = None,
) -> Chart:
    """Per item, one horizontal bar per series (in series order) on a common scale, with a legend.

    E.g. deployable exposure under scenarios k1/k2/k3, or two campaigns compared. ``series``,
    ``unit``, ``max_value`` and ``value_format`` work as in the stacked and bar charts.
    """
    keys, names, colours = _series(series)
    fmt = _formatter(value_format, unit)
    columns = [label_heading or _("Libellé"), *names]
    if not items or not keys:
        return _empty(title, reading, columns)
    labels = [str(label) for label, _values in items]
    values = [[_finite(values.get(key)) for key in keys] for _label, values in items]
    scale = _scale([v for row in values for v in row], max_value)
    legend, legend_height = _legend(names, colours, PAD)
    top, slot = PAD + legend_height + 6, GROUP_BAR_H + 2

    def draw(index: int, cy: float) -> list[str]:
        first = cy - (len(keys) - 1) * slot / 2
        return [
            part
            for rank, (value, colour) in enumerate(zip(values[index], colours, strict=True))
            for part in _bar(scale, first + rank * slot, value, colour, GROUP_BAR_H, fmt(value))
        ]

    parts, bottom = _draw_rows(labels, top, [len(keys) * slot + 12] * len(items), draw)
    points = [
        (f"{label} — {name}", value)
        for label, row in zip(labels, values, strict=True)
        for name, value in zip(names, row, strict=True)
    ]
    reading = reading or _span_reading(points, fmt, _("La valeur"))
    rows = [[label, *map(fmt, row)] for label, row in zip(labels, values, strict=True)]
    parts = legend + _axis(scale, top, bottom, unit) + parts
    return _chart(title, reading, bottom + AXIS_H, parts, (columns, rows))
