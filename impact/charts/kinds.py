"""The kinds of chart: bars, stacked bars, ranges with whiskers, grouped bars.

Each function returns a ``Chart`` (``impact.charts.svg``): its title, a one-sentence reading,
the SVG and the same data as a table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from impact.charts.svg import (
    AXIS_H,
    BAR_H,
    DASH,
    GROUP_BAR_H,
    LABEL_END,
    NOTE_W,
    NOTE_X,
    PAD,
    PALETTE,
    PAPER,
    RANGE_W,
    SMALL,
    Chart,
    Formatter,
    Item,
    SeriesItem,
    _axis,
    _chart,
    _el,
    _empty,
    _finite,
    _formatter,
    _ink_on,
    _label,
    _legend,
    _line_height,
    _row_height,
    _Scale,
    _scale,
    _series,
    _text,
    _text_width,
    _wrap,
    percent,
)


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


def tornado_chart(
    title,
    reading: str | None,
    items: Sequence[tuple[str, float | None, float | None]],
    baseline: float | None,
    *,
    unit: str = "%",
    value_format: Formatter | None = None,
) -> Chart:
    """A tornado: per row (a parameter moved to each end of its range) a bar from the figure's
    value at one end to its value at the other, widest swing first, and a line at the value
    as labelled. Values are shares (0-1) when ``unit`` is "%", else numbers in ``unit``."""
    fmt = _formatter(value_format, unit)
    columns = [_("Paramètre"), _("Bas de la plage"), _("Haut de la plage")]
    if not items:
        return _empty(title, reading, columns)

    def swing(item) -> float:
        low, high = _finite(item[1]), _finite(item[2])
        return abs((high or 0.0) - (low or 0.0))

    ordered = sorted(items, key=swing, reverse=True)
    labels = [str(label) for label, _low, _high in ordered]
    ends = [(_finite(low), _finite(high)) for _label, low, high in ordered]
    scale = _scale([v for pair in ends for v in pair] + [_finite(baseline)], None)

    def draw(index: int, cy: float) -> list[str]:
        low, high = ends[index]
        if low is None or high is None:
            return [_text(scale.x + 4, cy, DASH, SMALL)]
        left, right = scale.at(min(low, high)), scale.at(max(low, high))
        bar = {"x": left, "y": cy - BAR_H / 2, "width": max(right - left, 1.0), "height": BAR_H}
        text = f"{fmt(low)} – {fmt(high)}"
        return [
            _el("rect", class_="bar", **bar, fill=PALETTE[0]),
            _text(min(right + 4, scale.x + scale.width - 60), cy - BAR_H / 2 - 3, text, SMALL),
        ]

    parts, bottom = _draw_rows(labels, PAD + 8, [BAR_H + 18] * len(ordered), draw)
    if _finite(baseline) is not None:
        x = scale.at(baseline)
        line = {"x1": x, "x2": x, "y1": PAD, "y2": bottom, "stroke": PALETTE[1]}
        parts.append(_el("line", **line, stroke_width=1.5, stroke_dasharray="4 3"))
    rows = [[label, fmt(low), fmt(high)] for label, (low, high) in zip(labels, ends, strict=True)]
    reading = reading or _("La ligne pointillée marque la valeur déclarée (%(value)s).") % {
        "value": fmt(baseline)
    }
    parts = _axis(scale, PAD, bottom, unit) + parts
    return _chart(title, reading, bottom + AXIS_H, parts, (columns, rows))
