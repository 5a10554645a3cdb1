"""Properties of the 2.0 uncertainty band over seeded random collectivités. Pure: no database.

The band answers "where does the true value lie?" (docs/methodology.md "Uncertainty (2.0)"); on
ordinary collectivités it must contain the value as labelled, which 1.0's band did not. The
random scopes here have 1-12 roles of 1-10 tasks, labels E0/E1/E2 equally likely, intensities
answered in ten steps (stored as the midpoints), some roles on fallback weights, accountable
(20 %) and physical (10 %) tasks, headcounts 0-20.

Where the labels are far from what the posterior expects, the band may lie wholly on one side
of the label, as METHOD.md intends ("la valeur déclarée sous-estime probablement…"): e.g. a
collectivité whose tasks are mostly E1, whose roles' beta the posterior puts lower; and an
intensity that is not a step midpoint is drawn around the midpoint of its step
(``test_uncertainty.py``). Such scopes are not the ones drawn here.
"""

import numpy as np
import pandas as pd
import pytest

from impact.scoring import EXPOSURE_CLASSES, INTENSITY_STEPS, MethodParameters, score_roles
from impact.scoring.aggregates import ladder
from impact.scoring.uncertainty import simulate

SCOPES = 200
DRAWS = 1000
IDENTITY = {"E0": (1.0, 0.0, 0.0), "E1": (0.0, 1.0, 0.0), "E2": (0.0, 0.0, 1.0)}
TOLERANCE = 1e-9


def random_scope(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One random collectivité: its task table and its roles table (at least one agent)."""
    sizes = rng.integers(1, 11, rng.integers(1, 13))
    names = [f"r{i}" for i in range(len(sizes))]
    role = np.repeat(names, sizes)
    n = len(role)
    shares = rng.integers(1, 50, n).astype(float)
    shares[np.isin(role, names[::4])] = np.nan  # every fourth role on fallback weights
    tasks = pd.DataFrame(
        {
            "role": role,
            "task": [f"t{i}" for i in range(n)],
            "exposure": rng.choice(EXPOSURE_CLASSES, n),
            "time_share": shares,
            "task_type": rng.choice(["core", "supplemental"], n),
            "intensity": rng.choice(INTENSITY_STEPS, n),
            "accountable": rng.random(n) < 0.2,
            "physical": rng.random(n) < 0.1,
        }
    )
    headcount = np.where(rng.random(len(names)) < 0.1, 0, rng.integers(1, 21, len(names)))
    headcount[0] = max(headcount[0], 1)
    return tasks, pd.DataFrame({"role": names, "headcount": headcount})


def many_scopes(rng: np.random.Generator, count: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``count`` random scopes in one pair of tables, roles named "scope/role", column scope.

    One simulation over all of them, grouped by scope, is the same as one per scope (roles
    are drawn independently, and the ladder is computed per group), only faster.
    """
    task_tables, role_tables = [], []
    for number in range(count):
        tasks, roles = random_scope(rng)
        task_tables.append(tasks.assign(role=f"{number}/" + tasks["role"]))
        role_tables.append(roles.assign(role=f"{number}/" + roles["role"], scope=number))
    return pd.concat(task_tables, ignore_index=True), pd.concat(role_tables, ignore_index=True)


def scopes_outside_their_band(tasks, roles, params) -> dict[int, list[str]]:
    """Per scope, the measures whose value as labelled lies outside the simulated [P10, P90]."""
    result = simulate(tasks, roles, params, by="scope")
    labelled = score_roles(tasks, roles, params)
    outside: dict[int, list[str]] = {}
    for name in ("beta", "mean"):
        value = labelled.loc[result.roles.index, name]
        low, high = result.roles[f"{name}_p10"], result.roles[f"{name}_p90"]
        for role in value.index[(value < low - TOLERANCE) | (value > high + TOLERANCE)]:
            outside.setdefault(labelled.loc[role, "scope"], []).append(f"{name} of {role}")
    shares = ladder(labelled, "scope").set_index(["scope", "rung"])["share"]
    for (scope, rung), band in result.ladder.set_index(["scope", "rung"]).iterrows():
        if not band["p10"] - TOLERANCE <= shares[(scope, rung)] <= band["p90"] + TOLERANCE:
            outside.setdefault(scope, []).append(f"rung {rung}")
    return outside


def test_the_band_contains_the_labelled_value_in_at_least_95_percent_of_scopes():
    tasks, roles = many_scopes(np.random.default_rng(20250601), SCOPES)
    assert roles["scope"].nunique() == SCOPES
    misses = scopes_outside_their_band(tasks, roles, MethodParameters(draws=DRAWS))
    assert len(misses) <= 0.05 * SCOPES, misses


@pytest.mark.parametrize("seed", range(5))
def test_the_same_seed_gives_the_same_numbers_on_random_scopes(seed):
    tasks, roles = random_scope(np.random.default_rng(seed))
    params = MethodParameters(draws=200, seed=seed)
    first, second = simulate(tasks, roles, params), simulate(tasks, roles, params)
    pd.testing.assert_frame_equal(first.roles, second.roles, check_exact=True)
    pd.testing.assert_frame_equal(first.ladder, second.ladder, check_exact=True)


@pytest.mark.parametrize("seed", range(20))
def test_identity_posterior_and_fixed_intensities_give_zero_width_on_random_scopes(seed):
    tasks, roles = random_scope(np.random.default_rng(seed))
    params = MethodParameters(draws=50, confusion=IDENTITY)
    result = simulate(tasks, roles, params, draw_intensity=False)
    labelled = score_roles(tasks, roles, params)
    for name in ("beta", "mean"):
        for percentile in (10, 50, 90):
            column = result.roles[f"{name}_p{percentile}"]
            np.testing.assert_allclose(column, labelled.loc[column.index, name], atol=1e-12)
    shares = ladder(labelled).set_index("rung")["share"]
    bands = result.ladder.set_index("rung")
    for percentile in ("p10", "p50", "p90"):
        np.testing.assert_allclose(bands[percentile], shares[bands.index], atol=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_certain_tasks_keep_their_class_in_every_draw_on_random_scopes(seed):
    # Every task accountable or physical: beta, zeta and alpha cannot move, whatever q says.
    tasks, roles = random_scope(np.random.default_rng(seed))
    physical = np.random.default_rng(seed + 100).random(len(tasks)) < 0.5
    tasks = tasks.assign(accountable=~physical, physical=physical)
    result = simulate(tasks, roles, MethodParameters(draws=100))
    labelled = score_roles(tasks, roles)
    for percentile in (10, 50, 90):
        column = result.roles[f"beta_p{percentile}"]
        np.testing.assert_allclose(column, labelled.loc[column.index, "beta"], atol=1e-12)
    one_task = result.ladder.set_index("rung").loc["one_task"]
    expected = ladder(labelled).set_index("rung").loc["one_task", "share"]
    assert one_task[["p10", "p50", "p90"]].tolist() == pytest.approx([expected] * 3)
