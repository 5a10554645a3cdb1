"""Every chart of Impact, drawn on the server as inline SVG.

One package serves the web pages and the PDF (WeasyPrint): no JavaScript, no chart library, no
font file. ``svg.py`` holds the ``Chart`` type and the drawing primitives, ``kinds.py`` the
kinds of chart. Each chart function returns a ``Chart``: its title, a one-sentence reading,
the SVG, and the same data as a table that callers print under the chart, for screen-reader
users and for readers who want the numbers::

    <figure>
      <figcaption>{{ chart.title }}</figcaption>
      {{ chart }}
      <p>{{ chart.reading }}</p>
      <table>… chart.table.columns, chart.table.rows …</table>
    </figure>

Shares are fractions (0.125 is 12,5 %). Every caller-provided text is XML-escaped here, once,
which is why ``{{ chart }}`` is inserted without escaping. Same input, same SVG string.
"""

from impact.charts.kinds import (
    bar_chart,
    grouped_bar_chart,
    range_chart,
    stacked_bar_chart,
    tornado_chart,
)
from impact.charts.svg import DASH, PALETTE, Chart, number, percent

__all__ = [
    "DASH",
    "PALETTE",
    "Chart",
    "bar_chart",
    "grouped_bar_chart",
    "number",
    "percent",
    "range_chart",
    "stacked_bar_chart",
    "tornado_chart",
]
