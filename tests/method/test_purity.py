"""The method is pure: ``impact.scoring`` imports and scores with neither Django nor any app."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import pandas as pd
import impact.scoring as scoring
from impact.scoring import agreement, aggregates, folding, ilo, reliability, uncertainty, vocabulary
tasks = pd.DataFrame({"role": ["r"], "task": ["t"], "exposure": ["E1"], "time_share": [1.0]})
scores = scoring.score_roles(tasks, None, scoring.DEFAULT_PARAMETERS)
assert abs(scores.loc["r", "beta"] - 1.0) < 1e-9, scores
loaded = sorted(name for name in sys.modules if name.split(".")[0] in
                {"django", "celery", "services", "surveys"})
extra = sorted(name for name in sys.modules if name.startswith("impact.")
               and not name.startswith("impact.scoring"))
print(repr((loaded, extra)))
"""


def test_the_method_imports_neither_django_nor_any_app():
    # A fresh interpreter with no settings: importing Django or an app would show in sys.modules.
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded, extra = eval(result.stdout.strip().splitlines()[-1])
    assert loaded == []
    assert extra == []
