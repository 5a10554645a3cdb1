"""Recompute the default intensity of each municipal task type from the ILO task scores.

A task type's default intensity is the mean, not rounded to a step, of the 2025 scores
(``score_2025``) of the ILO task statements it is anchored on. Source: Gmyrek et al. (2025),
*Generative AI and Jobs: A Refined Global Index of Occupational Exposure*, ILO Working Paper
140, doi:10.54394/HETP0387 (CC BY 4.0), file ``ilo/Final_Scores_ISCO08_Gmyrek_et_al_2025.xlsx``.
The mean is written with ten decimals: that drops the binary noise of the sum
(0.6174999999999999) and nothing a score of four or five decimals carries.

Each anchor must name a statement of the file: the ISCO-08 unit group and task number must
exist and the statement must be the file's text; otherwise the script stops and names them.

Run from the project root: ``python scripts/derive_task_type_intensities.py [REFERENCE_DIR]``
(default ``../shared/reference``) rewrites the ``intensity`` of each entry of
``surveys/data/task_types.json``; with ``--check`` it only reports the entries that differ
and exits with status 1 when there are any.
"""

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
TASK_TYPES_FILE = ROOT / "surveys" / "data" / "task_types.json"
XLSX = Path("ilo") / "Final_Scores_ISCO08_Gmyrek_et_al_2025.xlsx"
DECIMALS = 10


def read_scores(reference: Path) -> pd.DataFrame:
    """The task-level ILO file, indexed by (ISCO_08 as 4 characters, taskID)."""
    scores = pd.read_excel(reference / XLSX, dtype={"ISCO_08": str})
    return scores.set_index(["ISCO_08", "taskID"]).sort_index()


def anchor_problems(entries: list[dict], scores: pd.DataFrame) -> list[str]:
    """Every anchor that is not a statement of the ILO file, as messages."""
    problems = []
    for entry in entries:
        for anchor in entry["anchors"]:
            key = (str(anchor["isco"]), int(anchor["task_id"]))
            if key not in scores.index:
                problems.append(f"{entry['code']}: no ILO task {key[0]} n° {key[1]}")
            elif scores.loc[key, "Task_ISCO"].strip() != anchor["statement"]:
                problems.append(f"{entry['code']}: ILO task {key[0]} n° {key[1]} has another text")
    return problems


def derive_intensities(entries: list[dict], scores: pd.DataFrame) -> dict[str, float]:
    """Code → mean of the 2025 scores of the type's anchors; ValueError on a bad anchor."""
    problems = anchor_problems(entries, scores)
    if problems:
        raise ValueError("Anchors not found in the ILO file:\n" + "\n".join(problems))
    intensities = {}
    for entry in entries:
        values = [
            float(scores.loc[(str(a["isco"]), int(a["task_id"])), "score_2025"])
            for a in entry["anchors"]
        ]
        intensities[entry["code"]] = round(sum(values) / len(values), DECIMALS)
    return intensities


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "reference", nargs="?", type=Path, default=ROOT.parent / "shared" / "reference"
    )
    parser.add_argument("--check", action="store_true", help="report differences, write nothing")
    args = parser.parse_args(argv)
    data = json.loads(TASK_TYPES_FILE.read_text(encoding="utf-8"))
    derived = derive_intensities(data["task_types"], read_scores(args.reference))
    changed = [e["code"] for e in data["task_types"] if e.get("intensity") != derived[e["code"]]]
    if args.check:
        for code in changed:
            print(f"{code}: intensity should be {derived[code]}")
        return 1 if changed else 0
    for entry in data["task_types"]:
        entry["intensity"] = derived[entry["code"]]
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    TASK_TYPES_FILE.write_text(text, encoding="utf-8")
    print(f"{len(derived)} task types, {len(changed)} intensities changed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
