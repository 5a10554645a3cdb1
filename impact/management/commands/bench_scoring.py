"""Benchmark of the scoring engine on a synthetic collectivité (``make bench``).

Scores 100,000 synthetic tasks in about 10,000 roles, aggregates them by service and
directorate, computes the ladder and runs the 1,000-draw Monte-Carlo, then prints one
markdown table row: sizes, seconds and peak memory traced by ``tracemalloc`` (numpy arrays
included).
"""

import time
import tracemalloc

import numpy as np
import pandas as pd
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from impact.scoring import (
    DATA_CLASSES,
    EXPOSURE_CLASSES,
    INTENSITY_STEPS,
    MethodParameters,
    score_roles,
)
from impact.scoring.aggregates import aggregate, ladder
from impact.scoring.uncertainty import simulate

HEADER = (
    "| tasks | roles | draws | seconds | peak MiB |\n|------:|------:|------:|--------:|---------:|"
)


def synthetic_tables(
    n_tasks: int, n_roles: int, seed: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A random but plausible task table and roles table; every role has at least one task."""
    rng = np.random.default_rng(seed)
    role = np.concatenate([np.arange(n_roles), rng.integers(0, n_roles, n_tasks - n_roles)])
    tasks = pd.DataFrame(
        {
            "role": role,
            "task": "tâche",
            "exposure": rng.choice(EXPOSURE_CLASSES, n_tasks, p=[0.5, 0.2, 0.3]),
            "time_share": rng.integers(1, 60, n_tasks).astype(float),
            "task_type": rng.choice(["core", "supplemental"], n_tasks),
            "intensity": rng.choice(INTENSITY_STEPS, n_tasks),
            "accountable": rng.random(n_tasks) < 0.2,
            "data_class": rng.choice(DATA_CLASSES, n_tasks),
        }
    )
    roles = pd.DataFrame(
        {
            "role": np.arange(n_roles),
            "headcount": rng.integers(0, 30, n_roles),
            "service": rng.integers(0, max(1, n_roles // 20), n_roles),
            "directorate": rng.integers(0, 12, n_roles),
        }
    )
    roles["fte"] = roles["headcount"] * 0.9
    return tasks, roles


class Command(BaseCommand):
    help = "Mesure le temps et la mémoire du calcul d'exposition sur des données synthétiques."

    # Pure computation: no model, URL or template is involved, so no system check is needed.

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, default=100_000)
        parser.add_argument("--roles", type=int, default=10_000)
        parser.add_argument("--draws", type=int, default=1000)
        parser.add_argument(
            "--header", action="store_true", help=_("Affiche l'en-tête du tableau.")
        )

    def handle(self, *args, **options):
        tasks, roles = synthetic_tables(options["tasks"], options["roles"])
        params = MethodParameters(draws=options["draws"])
        tracemalloc.start()
        start = time.perf_counter()
        scores = score_roles(tasks, roles, params)
        aggregate(scores, "service")
        aggregate(scores, "directorate")
        ladder(scores, "directorate")
        simulate(tasks, roles, params, by="directorate")
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        if options["header"]:
            self.stdout.write(HEADER)
        row = f"| {len(tasks):,} | {len(roles):,} | {params.draws:,} | {seconds:.2f} | {peak:.0f} |"
        self.stdout.write(row)
