"""Benchmark of the personal-data check of free texts (``make bench``).

Reads the labelled corpus ``services/web/data/personal_data_corpus.csv`` (columns ``text``,
``expected``: ``none`` or kinds separated by ``|``, ``split``: ``tune`` or ``test``; the word
lists were tuned on ``tune`` only) and prints Markdown tables:

- precision, recall and F1 per kind and for "any personal data", at the sentence level (a
  sentence counts as flagged for a kind when at least one finding has that kind), on the
  ``test`` half, the ``tune`` half and the whole, with the NER model and with the rules only;
- the time per text, median of ``--rounds`` passes over the whole corpus, of the check with the
  model, of the bare pipeline (``nlp(text)`` of the same pipeline on the same texts) and of the
  rules alone, with the ratio check / bare pipeline; the time to load the model and the
  resident memory it adds.
"""

import csv
import statistics
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from services.web import personal_data

CORPUS = Path(personal_data.__file__).resolve().parent / "data" / "personal_data_corpus.csv"
SPLITS = ("test", "tune", "all")


def read_corpus(path: Path) -> list[dict]:
    """The corpus rows: text, expected kinds (a set, empty for ``none``), split."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    corpus = []
    for number, row in enumerate(rows, start=2):
        expected = set() if row["expected"] == "none" else set(row["expected"].split("|"))
        if not expected <= set(personal_data.KINDS) or row["split"] not in {"tune", "test"}:
            raise CommandError(f"{path}, line {number}: bad expected kind or split.")
        corpus.append({"text": row["text"], "expected": expected, "split": row["split"]})
    return corpus


def scores(rows: list[dict], flagged: list[set]) -> dict[str, tuple[int, int, int]]:
    """(true positives, false positives, false negatives) per kind and for "any"."""
    counts = {}
    for kind in (*personal_data.KINDS, "any"):
        tp = fp = fn = 0
        for row, got in zip(rows, flagged, strict=True):
            expected = bool(row["expected"]) if kind == "any" else kind in row["expected"]
            found = bool(got) if kind == "any" else kind in got
            tp += expected and found
            fp += found and not expected
            fn += expected and not found
        counts[kind] = (tp, fp, fn)
    return counts


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "—"


def _f1(tp: int, fp: int, fn: int) -> str:
    return f"{2 * tp / (2 * tp + fp + fn):.2f}" if tp + fp + fn else "—"


def _rss_mib() -> float | None:
    """The process's current resident memory (Linux), else None."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def _per_text_ms(function, texts: list[str], rounds: int) -> float:
    """Median over the rounds of the mean time per text, in milliseconds."""
    means = []
    for _round in range(rounds):
        start = time.perf_counter()
        for text in texts:
            function(text)
        means.append((time.perf_counter() - start) / len(texts) * 1000)
    return statistics.median(means)


class Command(BaseCommand):
    help = "Mesure la précision, le rappel et le temps de la vérification des données personnelles."

    def add_arguments(self, parser):
        parser.add_argument("--corpus", type=Path, default=CORPUS)
        parser.add_argument("--rounds", type=int, default=5)

    def handle(self, *args, corpus, rounds, **options):
        rows = read_corpus(corpus)
        before = _rss_mib()
        start = time.perf_counter()
        nlp = personal_data.name_model()
        load_seconds = time.perf_counter() - start
        after = _rss_mib()
        self.stdout.write(
            f"Corpus: {len(rows)} sentences ({sum(r['split'] == 'test' for r in rows)} test, "
            f"{sum(bool(r['expected']) for r in rows)} with personal data); model "
            f"{personal_data.MODEL}: {'loaded' if nlp is not None else 'absent or turned off'}.\n"
        )
        modes = [("rules only", False)] + ([("rules + model", True)] if nlp else [])
        self._quality(rows, modes)
        self._timing(rows, nlp, rounds, load_seconds, before, after)

    def _quality(self, rows: list[dict], modes) -> None:
        self.stdout.write(
            "| check | split | kind | sentences expected | flagged | precision | recall | F1 |\n"
            "|---|---|---|---:|---:|---:|---:|---:|"
        )
        for label, use_model in modes:
            flagged = [
                {f.kind for f in personal_data.find_personal_data(r["text"], use_model=use_model)}
                for r in rows
            ]
            for split in SPLITS:
                chosen = [i for i, r in enumerate(rows) if split in ("all", r["split"])]
                counts = scores([rows[i] for i in chosen], [flagged[i] for i in chosen])
                for kind, (tp, fp, fn) in counts.items():
                    self.stdout.write(
                        f"| {label} | {split} | {kind} | {tp + fn} | {tp + fp} "
                        f"| {_ratio(tp, tp + fp)} | {_ratio(tp, tp + fn)} | {_f1(tp, fp, fn)} |"
                    )
        self.stdout.write("")

    def _timing(self, rows, nlp, rounds, load_seconds, before, after) -> None:
        texts = [r["text"] for r in rows]
        rules = _per_text_ms(lambda t: personal_data.find_personal_data(t, use_model=False),
                             texts, rounds)  # fmt: skip
        self.stdout.write(
            "| measure | ms per text (median of rounds) | ratio to bare pipeline |\n|---|---:|---:|"
        )
        if nlp is not None:
            nlp(texts[0])  # the first call allocates buffers: keep it out of the timing
            bare = _per_text_ms(nlp, texts, rounds)
            check = _per_text_ms(personal_data.find_personal_data, texts, rounds)
            self.stdout.write(f"| bare pipeline `nlp(text)` | {bare:.2f} | 1.00 |")
            self.stdout.write(f"| check with the model | {check:.2f} | {check / bare:.2f} |")
            self.stdout.write(f"| rules only | {rules:.3f} | {rules / bare:.3f} |")
            memory = f"{after - before:.0f} MiB" if before is not None else "unknown"
            self.stdout.write(
                f"\nModel load: {load_seconds:.2f} s, resident memory added: {memory}; "
                f"{rounds} rounds over {len(texts)} texts."
            )
        else:
            self.stdout.write(f"| rules only | {rules:.3f} | — |")
