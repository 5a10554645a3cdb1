"""English is complete: every French string of the catalogue has its translation, none fuzzy.

``make messages`` extracts the strings; a string added without its English shows here.
"""

import re

from tests.helpers import ROOT

CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[dict]:
    """The entries of a .po file: flags, msgid and msgstr(s), with their continued lines."""
    entries = []
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        entry = {"flags": "", "msgid": "", "msgstr": []}
        current = None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("msgid "):
                current, entry["msgid"] = "msgid", line[6:].strip('"')
            elif line.startswith("msgid_plural "):
                current = "plural"
            elif line.startswith("msgstr"):
                current = "msgstr"
                entry["msgstr"].append(line.split(" ", 1)[1].strip('"'))
            elif line.startswith('"') and current == "msgid":
                entry["msgid"] += line.strip('"')
            elif line.startswith('"') and current == "msgstr":
                entry["msgstr"][-1] += line.strip('"')
        if entry["msgid"] and not entry.get("obsolete"):
            entries.append(entry)
    return entries


def test_every_string_has_its_english_translation():
    entries = _entries(CATALOGUE.read_text(encoding="utf-8"))
    assert len(entries) > 1000
    missing = [e["msgid"][:80] for e in entries if not all(e["msgstr"])]
    fuzzy = [e["msgid"][:80] for e in entries if "fuzzy" in e["flags"]]
    assert not missing, missing
    assert not fuzzy, fuzzy


def test_translations_keep_their_placeholders():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    wrong = [
        e["msgid"][:80]
        for e in _entries(CATALOGUE.read_text(encoding="utf-8"))
        if e["msgstr"]
        and "python-format" in e["flags"]
        and sorted(placeholder.findall(e["msgid"])) != sorted(placeholder.findall(e["msgstr"][0]))
    ]
    assert not wrong, wrong


def test_the_reader_sees_a_missing_or_fuzzy_translation():
    sample = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\nmsgid "Bonjour"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Au revoir"\nmsgstr "Goodbye"\n\n'
        'msgid "Un"\nmsgid_plural "Deux"\nmsgstr[0] "One"\nmsgstr[1] ""\n\n'
        'msgid ""\n"Long "\n"texte"\nmsgstr ""\n"Long "\n"text"\n'
    )
    entries = {e["msgid"]: e for e in _entries(sample)}
    assert not all(entries["Bonjour"]["msgstr"]) and not all(entries["Un"]["msgstr"])
    assert "fuzzy" in entries["Au revoir"]["flags"]
    assert entries["Long texte"]["msgstr"] == ["Long text"]
