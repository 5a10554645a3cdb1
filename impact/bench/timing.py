"""Helpers of the benchmark commands (``bench_dashboards``, ``bench_studies``).

Benchmarks never touch the project's database: ``temporary_database()`` creates an empty one
the way the test runner does (a temporary SQLite file, or ``test_<name>`` on PostgreSQL),
migrates it, and destroys it afterwards; ``fresh_synthetic()`` empties it and builds a
synthetic collectivité (``impact.bench.synthetic``) of the wanted size.
"""

from __future__ import annotations

import contextlib
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

from impact.bench.synthetic import synthetic_collectivite_create

DEMO_SIZE = 3000


@contextlib.contextmanager
def temporary_database() -> Iterator[None]:
    """An empty, migrated database for the duration of the block (and the test Client's
    environment: ``testserver`` allowed, e-mails kept in memory)."""
    setup_test_environment(debug=False)  # DEBUG would log every query and slow the pages
    with tempfile.TemporaryDirectory(prefix="impact-bench-") as folder:
        if connection.vendor == "sqlite":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = str(
                Path(folder) / "bench.sqlite3"
            )
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            yield
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()


def fresh_synthetic(agents: int, seed: int, campaigns: int) -> tuple[dict, float]:
    """Empty the database and build a synthetic collectivité; returns its counts and the
    seconds it took."""
    call_command("flush", interactive=False, verbosity=0)
    start = time.perf_counter()
    counts = synthetic_collectivite_create(agents=agents, seed=seed, campaigns=campaigns)
    return counts, time.perf_counter() - start


def timed(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Seconds of a first run, and the median of that run and ``repeat`` more."""
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times)


def sizes_option(value: str) -> list[int]:
    """ "3000,30000" → [3000, 30000]."""
    return [int(part) for part in value.split(",") if part.strip()]
