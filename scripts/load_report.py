"""Print the Markdown tables of a ``make load`` run from its statistics CSV files.

``loadtest/locustfile.py`` writes, in locust's CSV format, ``PREFIX_ramp_stats.csv`` for
the ramp-up (until every simulated user has signed in) and ``PREFIX_stats.csv`` for the
steady state after it, each with its ``…_failures.csv``. For each phase this prints one
row per page (locust's request name): requests, failures, requests per second, the 50th,
95th and 99th percentiles and the maximum of the response time in milliseconds, then the
aggregated row. Exits 1 when a request failed in either phase or when no request was
made, listing the failures.

    python scripts/load_report.py var/load/load [--output var/load/report.md]
"""

import argparse
import csv
import sys
from pathlib import Path

AGGREGATED = "Aggregated"
COLUMNS = ("page", "requests", "failures", "req/s", "p50 (ms)", "p95 (ms)", "p99 (ms)", "max (ms)")
PHASES = (
    ("", "Steady state (every user signed in)"),
    ("_ramp", "Ramp-up (users starting and signing in)"),
)


def _int(value: str) -> str:
    return f"{round(float(value)):,}" if value not in ("", "N/A") else "–"


def _row(row: dict) -> list[str]:
    name = row["Name"]
    return [
        f"**{name}**" if name == AGGREGATED else name,
        _int(row["Request Count"]),
        _int(row["Failure Count"]),
        f"{float(row['Requests/s']):.2f}",
        _int(row["50%"]),
        _int(row["95%"]),
        _int(row["99%"]),
        _int(row["Max Response Time"]),
    ]


def table(rows: list[dict]) -> str:
    # Statistics reset at the end of the ramp keep the names seen before, with no request.
    pages = sorted(
        (r for r in rows if r["Name"] != AGGREGATED and int(r["Request Count"])),
        key=lambda r: r["Name"],
    )
    total = [r for r in rows if r["Name"] == AGGREGATED]
    lines = ["| " + " | ".join(COLUMNS) + " |", "|---|" + "---:|" * (len(COLUMNS) - 1)]
    lines += ["| " + " | ".join(_row(row)) + " |" for row in pages + total]
    return "\n".join(lines)


def _read(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefix", help="prefix of the CSV files, e.g. var/load/load")
    parser.add_argument("--output", type=Path, help="also write the tables to this file")
    args = parser.parse_args()
    stats = Path(f"{args.prefix}_stats.csv")
    if not stats.exists():
        print(f"{stats} is missing: locust did not finish.", file=sys.stderr)
        return 1
    sections, requests, failed, failures = [], 0, 0, []
    for suffix, title in PHASES:
        path = Path(f"{args.prefix}{suffix}_stats.csv")
        if not path.exists():
            continue
        rows = _read(path)
        sections.append(f"{title}\n\n{table(rows)}")
        total = next((r for r in rows if r["Name"] == AGGREGATED), None)
        requests += int(total["Request Count"]) if total else 0
        failed += int(total["Failure Count"]) if total else 0
        failures_path = Path(f"{args.prefix}{suffix}_failures.csv")
        if failures_path.exists():
            failures += [(title, row) for row in _read(failures_path)]
    text = "\n\n".join(sections)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    if failed or failures:
        print(f"\n{failed} of {requests} requests failed:", file=sys.stderr)
        for title, row in failures:
            print(
                f"  {row['Occurrences']:>5} × {row['Method']} {row['Name']} ({title}): "
                f"{row['Error']}",
                file=sys.stderr,
            )
        return 1
    if requests == 0:
        print("No request was made.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
