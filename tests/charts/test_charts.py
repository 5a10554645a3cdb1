"""Server-side SVG charts (CONTRIBUTING.md, "PDF"): structure, geometry, escaping, formats. No database."""

import math
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template
from django.utils import translation

from impact import charts

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script> \"&'"
SERIES = [("auto", "Automatisable"), ("aug", "Assisté"), ("none", "Non touché")]
SCENARIOS = [("k1", "k1"), ("k2", "k2"), ("k3", "k3")]
# Layout constants the geometry assertions rely on: the axis is at x=208, the bar and grouped
# charts' scale is 440 units long, the range chart's 260.
AXIS_X = 208


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def parse(chart):
    return ET.fromstring(chart.svg)


def marks(chart, css):
    return [e for e in parse(chart).iter() if e.get("class") == css]


def texts(chart):
    """Every visible text, in document order, a wrapped label's lines joined by a space."""
    found = []
    for element in parse(chart).iter(f"{SVG}text"):
        spans = element.findall(f"{SVG}tspan")
        found.append(" ".join(span.text for span in spans) if spans else element.text)
    return found


def width(element):
    return float(element.get("width"))


def make_bar(title="Part du temps exposé", reading="Lecture.", items=None, **options):
    items = [("A", 0.5), ("B", 0.25), ("C", 1.0)] if items is None else items
    return charts.bar_chart(title, reading, items, **options)


def make_stacked(title="Répartition", reading="Lecture.", items=None, series=SERIES):
    if items is None:
        items = [("A", {"auto": 1, "aug": 3}), ("B", {"auto": 0.2, "aug": 0.3, "none": 0.5})]
    return charts.stacked_bar_chart(title, reading, items, series)


def make_range(title="Échelle", reading="Lecture.", items=None):
    if items is None:
        items = [
            {
                "label": "Au moins une tâche exposée",
                "value": 0.5,
                "low": 0.2,
                "high": 0.8,
                "reference_text": "95 % à 97,5 % des actifs américains",
            },
            {"label": "Gradient 4", "value": 0.1, "low": 0.05, "high": 0.15},
        ]
    return charts.range_chart(title, reading, items)


def make_grouped(title="Exposition déployable", reading="Lecture.", items=None, series=SCENARIOS):
    if items is None:
        items = [("Accueil", {"k1": 0.1, "k2": 0.2, "k3": 0.4}), ("État civil", {"k1": 0.3})]
    return charts.grouped_bar_chart(title, reading, items, series)


FACTORIES = [make_bar, make_stacked, make_range, make_grouped]


@pytest.mark.parametrize("make", FACTORIES)
@pytest.mark.parametrize("empty", [False, True])
def test_every_chart_is_an_accessible_scalable_svg(make, empty):
    chart = make(title="Le titre", reading="La lecture.", items=[] if empty else None)
    root = parse(chart)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 720 ")
    assert root.get("font-family") == "sans-serif"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root[0].tag == f"{SVG}title" and root[0].get("id") == title_id
    assert root[1].tag == f"{SVG}desc" and root[1].get("id") == desc_id
    assert (root[0].text, root[1].text) == ("Le titre", "La lecture.")
    assert (chart.title, chart.reading) == ("Le titre", "La lecture.")


def test_bar_chart_draws_one_bar_per_item_proportional_to_its_value():
    bars = marks(make_bar(), "bar")
    assert [width(bar) for bar in bars] == [220, 110, 440]
    assert {float(bar.get("x")) for bar in bars} == {AXIS_X}


def test_bar_chart_writes_each_value_at_the_end_of_its_bar():
    root = parse(make_bar())
    values = {e.text: float(e.get("x")) for e in root.iter(f"{SVG}text") if e.text}
    assert values["50\u202f%"] == AXIS_X + 220 + 4
    assert values["100\u202f%"] == AXIS_X + 440 + 4


def test_bar_chart_scale_ends_at_the_first_round_tick_above_the_largest_value():
    chart = make_bar(items=[("A", 0.6), ("B", 0.3)])
    assert [width(bar) for bar in marks(chart, "bar")] == [440, 220]
    assert texts(chart)[:4] == ["0\u202f%", "20\u202f%", "40\u202f%", "60\u202f%"]


def test_bar_chart_max_value_fixes_the_scale_and_clips_bars_above_it():
    chart = make_bar(items=[("A", 0.6), ("B", 1.5)], max_value=1.0)
    assert [width(bar) for bar in marks(chart, "bar")] == [264, 440]
    assert "150\u202f%" in texts(chart)


def test_bar_chart_other_units_use_numbers_with_the_unit():
    chart = make_bar(items=[("Accueil", 1607.5), ("État civil", 12345)], unit="h")
    assert [width(bar) for bar in marks(chart, "bar")] == [56.58, 434.54]
    assert chart.table["rows"] == [["Accueil", "1\xa0608\xa0h"], ["État civil", "12\xa0345\xa0h"]]
    assert "12\xa0500\xa0h" in texts(chart)


def test_bar_chart_custom_value_format_is_used_in_svg_and_table():
    chart = make_bar(items=[("A", 0.125)], value_format=lambda v: charts.percent(v, 1))
    assert chart.table["rows"] == [["A", "12,5\u202f%"]]
    assert "12,5\u202f%" in texts(chart)


def test_missing_values_draw_no_bar_but_a_dash_in_chart_and_table():
    chart = make_bar(items=[("A", 0.5), ("B", None), ("C", math.nan)])
    assert len(marks(chart, "bar")) == 1
    assert texts(chart).count("—") == 2
    assert chart.table["rows"] == [["A", "50\u202f%"], ["B", "—"], ["C", "—"]]


def test_stacked_chart_divides_each_row_by_its_total():
    chart = make_stacked()
    segments = marks(chart, "segment")
    # Row A: 25 % / 75 % (no "none" segment); row B: 20 / 30 / 50 %.
    assert [width(s) for s in segments] == [110, 330, 88, 132, 220]
    assert [float(s.get("x")) for s in segments] == [208, 318, 208, 296, 428]
    assert [s.get("fill") for s in segments[2:]] == list(charts.PALETTE[:3])
    assert chart.table["columns"] == ["Libellé", "Automatisable", "Assisté", "Non touché"]
    assert chart.table["rows"] == [
        ["A", "25\u202f%", "75\u202f%", "0\u202f%"],
        ["B", "20\u202f%", "30\u202f%", "50\u202f%"],
    ]


def test_stacked_chart_leaves_narrow_segments_unlabelled_but_keeps_them_in_the_table():
    chart = make_stacked(items=[("A", {"auto": 0.01, "aug": 0.49, "none": 0.5})])
    assert [width(s) for s in marks(chart, "segment")] == [4.4, 215.6, 220]
    labels = texts(chart)
    assert "1\u202f%" not in labels
    assert {"49\u202f%", "50\u202f%"} <= set(labels)
    assert chart.table["rows"] == [["A", "1\u202f%", "49\u202f%", "50\u202f%"]]


def test_stacked_chart_has_a_legend_in_series_order():
    chart = make_stacked()
    swatches = marks(chart, "swatch")
    assert [s.get("fill") for s in swatches] == list(charts.PALETTE[:3])
    assert texts(chart)[:3] == ["Automatisable", "Assisté", "Non touché"]


def test_stacked_row_without_total_shows_a_dash():
    chart = make_stacked(items=[("Vide", {}), ("A", {"auto": 1})])
    assert len(marks(chart, "segment")) == 1
    assert "—" in texts(chart)
    assert chart.table["rows"][0] == ["Vide", "—", "—", "—"]


def test_segment_text_is_white_on_dark_fills_and_dark_on_light_ones():
    series = [("dark", "Sombre", "#0072B2"), ("light", "Clair", "#DDDDDD")]
    chart = make_stacked(items=[("A", {"dark": 1, "light": 1})], series=series)
    inks = [e.get("fill") for e in parse(chart).iter(f"{SVG}text") if e.text == "50\u202f%"]
    assert inks == ["#ffffff", "#1a1a1a"]


def test_series_colour_must_be_a_hex_colour():
    with pytest.raises(ValueError, match="#rrggbb"):
        make_stacked(series=[("a", "A", "red;x")])


def test_range_chart_draws_a_dot_and_a_band_per_rung_on_a_0_to_100_axis():
    chart = make_range()
    assert [float(d.get("cx")) for d in marks(chart, "dot")] == [AXIS_X + 130, AXIS_X + 26]
    bands = marks(chart, "range")
    assert [(float(b.get("x")), width(b)) for b in bands] == [(260, 156), (221, 26)]
    assert texts(chart)[1:7] == [
        "0\u202f%",
        "20\u202f%",
        "40\u202f%",
        "60\u202f%",
        "80\u202f%",
        "100\u202f%",
    ]


def test_range_chart_writes_the_reference_figure_right_of_its_row():
    chart = make_range()
    root = parse(chart)
    note = next(e for e in root.iter(f"{SVG}text") if "actifs" in "".join(e.itertext()))
    assert float(note.get("x")) > AXIS_X + 260
    assert "95\u00a0% à 97,5\u00a0% des actifs américains" in texts(chart)
    assert chart.table["columns"] == ["Libellé", "Valeur", "P10", "P90", "Référence publiée"]
    assert chart.table["rows"] == [
        [
            "Au moins une tâche exposée",
            "50\u202f%",
            "20\u202f%",
            "80\u202f%",
            "95 % à 97,5 % des actifs américains",
        ],
        ["Gradient 4", "10\u202f%", "5\u202f%", "15\u202f%", ""],
    ]


def test_range_chart_without_percentiles_has_no_band_and_no_p10_p90_columns():
    chart = make_range(items=[{"label": "A", "value": 0.3}, {"label": "B", "value": None}])
    assert marks(chart, "range") == []
    assert len(marks(chart, "dot")) == 1
    assert chart.table == {
        "columns": ["Libellé", "Valeur", "Référence publiée"],
        "rows": [["A", "30\u202f%", ""], ["B", "—", ""]],
    }


def test_grouped_chart_draws_one_bar_per_item_and_series_on_a_common_scale():
    chart = make_grouped()
    bars = marks(chart, "bar")
    assert [width(b) for b in bars] == [110, 220, 440, 330]
    assert [b.get("fill") for b in bars] == [*charts.PALETTE[:3], charts.PALETTE[0]]
    assert texts(chart).count("—") == 2  # État civil has no k2 or k3
    assert chart.table == {
        "columns": ["Libellé", "k1", "k2", "k3"],
        "rows": [
            ["Accueil", "10\u202f%", "20\u202f%", "40\u202f%"],
            ["État civil", "30\u202f%", "—", "—"],
        ],
    }


@pytest.mark.parametrize("make", FACTORIES)
def test_hostile_text_comes_out_inert(make):
    if make is make_bar:
        chart = make(title=HOSTILE, reading=HOSTILE, items=[(HOSTILE, 0.5)])
    elif make is make_range:
        row = {"label": HOSTILE, "value": 0.5, "reference_text": HOSTILE}
        chart = make(title=HOSTILE, reading=HOSTILE, items=[row])
    else:
        chart = make(
            title=HOSTILE, reading=HOSTILE, items=[(HOSTILE, {"s": 1})], series=[("s", HOSTILE)]
        )
    root = parse(chart)
    assert not [e for e in root.iter() if "script" in e.tag]
    assert root[0].text == HOSTILE and root[1].text == HOSTILE
    assert HOSTILE in texts(chart)
    assert "<script" not in chart.svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&amp;&#39;" in chart.svg


def test_characters_forbidden_in_xml_are_dropped():
    chart = make_bar(title="a\x00b\x0bc", items=[("d\x1be", 0.5)])
    assert parse(chart)[0].text == "abc"
    assert "de" in texts(chart)


def test_long_labels_are_cut_with_an_ellipsis_and_keep_the_full_text_as_tooltip():
    label = "Direction des affaires juridiques, de la commande publique et des assurances " * 2
    root = parse(make_bar(items=[(label, 0.5)]))
    group = next(g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}title") is not None)
    assert group.find(f"{SVG}title").text == label
    lines = [span.text for span in group.iter(f"{SVG}tspan")]
    assert len(lines) == 2
    assert lines[-1].endswith("…")


def test_short_labels_wrap_without_tooltip_and_keep_percent_with_its_number():
    root = parse(make_bar(items=[("10 % du temps de travail ou plus", 0.5)]))
    assert root.find(f".//{SVG}g/{SVG}title") is None
    lines = [span.text for span in root.iter(f"{SVG}tspan")]
    assert lines == ["10\u00a0% du temps de travail ou", "plus"]


@pytest.mark.parametrize("make", FACTORIES)
def test_empty_input_says_there_is_no_data_with_an_empty_table(make):
    chart = make(reading=None, items=[])
    assert texts(chart) == ["Aucune donnée à afficher."]
    assert chart.reading == "Aucune donnée à afficher."
    assert chart.table["rows"] == []
    assert chart.table["columns"][0] == "Libellé"


def test_numbers_follow_the_active_language():
    with translation.override("en"):
        assert charts.percent(0.125, 1) == "12.5%"
        assert charts.number(1607.5) == "1,608"
        english = make_bar(items=[("A", 0.125)])
    assert charts.percent(0.125, 1) == "12,5\u202f%"
    assert charts.number(1607.5) == "1\xa0608"
    french = make_bar(items=[("A", 0.125)])
    assert "13%" in texts(english) and "13%" not in texts(french)
    assert "13\u202f%" in texts(french)


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (0.145, 0, "15\u202f%"),  # half up on the decimal value, not 14.499999…
        (0.125, 0, "13\u202f%"),
        (0.0004, 1, "0,0\u202f%"),
        (-0.001, 0, "0\u202f%"),  # never "-0 %"
        (1, 0, "100\u202f%"),
        (None, 0, "—"),
        (math.nan, 0, "—"),
        (math.inf, 0, "—"),
    ],
)
def test_percent_rounds_half_up_and_marks_missing_values(value, digits, expected):
    assert charts.percent(value, digits) == expected


def test_computed_reading_names_the_lowest_and_highest_values():
    chart = make_bar(reading=None)
    assert chart.reading == (
        "La valeur va de 25\u202f% («\u00a0B\u00a0») à 100\u202f% («\u00a0C\u00a0»)."
    )
    assert parse(chart)[1].text == chart.reading
    stacked = make_stacked(reading=None)
    assert stacked.reading.startswith("La part «\u00a0Automatisable\u00a0» va de 20\u202f%")


@pytest.mark.parametrize("make", FACTORIES)
def test_same_input_gives_the_same_svg(make):
    assert make().svg == make().svg


def test_two_charts_on_a_page_have_distinct_ids():
    first, second = parse(make_bar(title="Un")), parse(make_bar(title="Deux"))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


def test_templates_insert_the_svg_unescaped_with_hostile_text_still_inert():
    chart = make_bar(title=HOSTILE, items=[(HOSTILE, 0.5)])
    html = Template("{{ chart }}|{{ chart.svg }}|{{ chart.title }}").render(
        Context({"chart": chart})
    )
    as_chart, as_svg, title = html.split("|", 2)
    assert as_chart == as_svg == chart.svg == chart.__html__()
    assert as_chart.startswith("<svg ")
    assert "<script" not in html
    assert title == "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&amp;&#x27;"
