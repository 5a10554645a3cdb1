"""Hostile payloads and the checks that show they stayed inert (see tests/escaping/test_hostile_input.py).

A payload begins with a spreadsheet formula prefix, carries markup, an event handler, a
``javascript:`` URL, control characters and right-to-left marks, and names the field it was
typed in (``#tag#``) so that each field can be found again in a page, a PDF or an export.
"""

import csv
import io
import re
from html.parser import HTMLParser

from django.utils.html import escape

from services.web.text import BIDI_CONTROLS, without_bidi_controls

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
CONTROL = "\x07\x1b[31m"
RLO, RLM = "\u202e", "\u200f"
FORMULAS = {
    "=": '=HYPERLINK("http://evil.example","x")',
    "+": "+SUM(1)",
    "-": "-2+3",
    "@": "@SUM(1)",
}
NUL = "nul\x00byte"
ONE_MEGABYTE = "a" * 999_999 + "z"  # 1,000,000 characters, no surrounding space


def hostile(tag: str, formula: str = "=") -> str:
    """A payload for the field ``tag``: formula prefix first, bidi marks near the end."""
    return f"{FORMULAS[formula]} #{tag}# {SCRIPT} {IMG} {JS_URL} ctl{CONTROL}red {RLO}rlo{RLM} fin"


def visible(payload: str) -> str:
    """What a reader sees of a payload: control characters and bidi marks removed."""
    return re.sub(r"[\x00-\x1f\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", payload)


class _Markup(HTMLParser):
    """Collects the tags, attributes and script contents of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def assert_inert(page: str, *payloads: str) -> None:
    """No payload became markup, and each one is shown, escaped, as text.

    The page has no event-handler attribute, no ``javascript:`` URL in any attribute, no
    ``<img src=x>``, no script whose content calls ``alert``, no explicit bidi control
    (services/text.py); each payload appears in its escaped form (Django's ``escape``:
    ``&lt;script&gt;``…), without its bidi controls.
    """
    assert "<script>alert" not in page
    assert not BIDI_CONTROLS.search(page)
    assert "<img src=x" not in page
    parser = _Markup()
    parser.feed(page)
    parser.close()
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith(("on", "hx-on")), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name)
        assert not (tag == "img" and dict(attrs).get("src") == "x"), attrs
    assert not [script for script in parser.scripts if "alert" in script]
    for payload in payloads:
        assert escape(without_bidi_controls(payload)) in page, f"{payload!r} not shown escaped"


def csv_rows(content: bytes) -> list[list[str]]:
    """The rows of a CSV export for French Excel (UTF-8 with a BOM, ``;``)."""
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def assert_neutralised(cells, payloads: dict[str, str], *, keep=lambda text: text) -> None:
    """Every payload is in a cell, once prefixed with an apostrophe, and no cell starts
    with a formula trigger. ``keep`` is what the export may keep of a text (control
    characters cannot be written to an XLSX cell)."""
    texts = [cell for cell in cells if isinstance(cell, str)]
    for cell in texts:
        if "#" in cell:  # a payload, maybe within a longer text
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    for tag, payload in payloads.items():
        expected = "'" + keep(payload)
        assert expected in texts, f"{tag}: {expected!r} not exported"
