"""Seeded Monte-Carlo of beta, mu and the ladder (docs/methodology.md "Uncertainty"). No database."""

import numpy as np
import pandas as pd
import pytest

from impact.scoring import MethodParameters, score_roles
from impact.scoring.aggregates import LADDER_CODES
from impact.scoring.uncertainty import intensity_band_lower_edges, simulate

IDENTITY = {"E0": (1.0, 0.0, 0.0), "E1": (0.0, 1.0, 0.0), "E2": (0.0, 0.0, 1.0)}


@pytest.fixture
def tasks():
    rng = np.random.default_rng(3)
    n = 60
    return pd.DataFrame(
        {
            "role": np.repeat([f"r{i}" for i in range(12)], 5),
            "task": [f"t{i}" for i in range(n)],
            "exposure": rng.choice(["E0", "E1", "E2"], n),
            "time_share": rng.integers(1, 40, n),
            "intensity": rng.choice([0.125, 0.375, 0.625, 0.875, 0.3, 1.0], n),
        }
    )


@pytest.fixture
def roles():
    return pd.DataFrame(
        {
            "role": [f"r{i}" for i in range(12)],
            "headcount": [3, 1, 0, 4, 2, 2, 5, 1, 1, 6, 2, 3],
            "service": ["A"] * 6 + ["B"] * 5 + ["C"],
        }
    ).assign(headcount=lambda frame: frame["headcount"].where(frame["service"] != "C", 0))


def test_same_seed_gives_the_same_numbers(tasks, roles):
    params = MethodParameters(draws=200)
    first = simulate(tasks, roles, params, by="service")
    second = simulate(tasks, roles, params, by="service")
    pd.testing.assert_frame_equal(first.roles, second.roles, check_exact=True)
    pd.testing.assert_frame_equal(first.ladder, second.ladder, check_exact=True)
    assert (first.draws, first.seed) == (200, 20240501)


def test_a_different_seed_gives_different_numbers(tasks):
    first = simulate(tasks, params=MethodParameters(draws=200, seed=1))
    second = simulate(tasks, params=MethodParameters(draws=200, seed=2))
    assert not np.allclose(first.roles.to_numpy(), second.roles.to_numpy())


def test_block_size_does_not_change_the_numbers(tasks, roles):
    params = MethodParameters(draws=101)
    whole = simulate(tasks, roles, params, by="service", block_elements=10**9)
    blocks = simulate(tasks, roles, params, by="service", block_elements=7 * 2 * len(tasks))
    one_by_one = simulate(tasks, roles, params, by="service", block_elements=1)
    pd.testing.assert_frame_equal(whole.roles, blocks.roles, check_exact=True)
    pd.testing.assert_frame_equal(whole.roles, one_by_one.roles, check_exact=True)
    pd.testing.assert_frame_equal(whole.ladder, one_by_one.ladder, check_exact=True)


def test_percentiles_are_ordered_and_bounded(tasks, roles):
    result = simulate(tasks, roles, MethodParameters(draws=300), by="service")
    for name in ("beta", "mean"):
        low, mid, high = (result.roles[f"{name}_p{p}"] for p in (10, 50, 90))
        assert ((low >= 0) & (low <= mid) & (mid <= high) & (high <= 1)).all()
    ladder = result.ladder.dropna()
    assert ((ladder["p10"] >= 0) & (ladder["p10"] <= ladder["p50"])).all()
    assert ((ladder["p50"] <= ladder["p90"]) & (ladder["p90"] <= 1)).all()


def test_mean_stays_inside_the_bands_of_the_tasks(tasks):
    result = simulate(tasks, params=MethodParameters(draws=300))
    shares = tasks["time_share"] / tasks.groupby("role")["time_share"].transform("sum")
    low = (shares * intensity_band_lower_edges(tasks["intensity"])).groupby(tasks["role"]).sum()
    low = low.reindex(result.roles.index)
    assert (result.roles["mean_p10"] >= low - 1e-12).all()
    assert (result.roles["mean_p90"] <= low + 0.25 + 1e-12).all()


def test_one_e1_task_follows_the_confusion_row_of_e1():
    # Redrawn class: E0 7.1 %, E1 32.5 %, E2 60.4 % -> beta 0, 1, 0.5.
    one = pd.DataFrame({"role": ["r"], "task": ["t"], "exposure": ["E1"], "intensity": [0.625]})
    result = simulate(one).roles.loc["r"]
    assert (result["beta_p10"], result["beta_p50"], result["beta_p90"]) == (0.5, 0.5, 1.0)
    # Intensity uniform in [0.5, 0.75): quantiles 0.525, 0.625, 0.725.
    assert result["mean_p10"] == pytest.approx(0.525, abs=0.01)
    assert result["mean_p50"] == pytest.approx(0.625, abs=0.01)
    assert result["mean_p90"] == pytest.approx(0.725, abs=0.01)


def test_without_rater_confusion_beta_and_beta_rungs_do_not_move(tasks, roles):
    params = MethodParameters(draws=100, confusion=IDENTITY)
    result = simulate(tasks, roles, params)
    scores = score_roles(tasks, roles)
    for percentile in (10, 50, 90):
        np.testing.assert_allclose(result.roles[f"beta_p{percentile}"], scores["beta"], atol=1e-12)
    rungs = result.ladder.set_index("rung")
    heads = scores["headcount"]
    one_task = heads[scores["zeta"] > 0].sum() / heads.sum()
    half = heads[scores["beta"] >= 0.5].sum() / heads.sum()
    assert rungs.loc["one_task", ["p10", "p50", "p90"]].tolist() == pytest.approx([one_task] * 3)
    assert rungs.loc["half_of_time", ["p10", "p50", "p90"]].tolist() == pytest.approx([half] * 3)


def test_ladder_table_has_every_rung_per_group_and_nan_for_groups_without_agents(tasks, roles):
    result = simulate(tasks, roles, MethodParameters(draws=50), by="service")
    assert list(result.ladder.columns) == ["service", "rung", "p10", "p50", "p90"]
    assert list(result.ladder["rung"]) == list(LADDER_CODES) * 3
    assert result.ladder[result.ladder["service"] == "C"][["p10", "p50", "p90"]].isna().all().all()
    whole = simulate(tasks, params=MethodParameters(draws=50)).ladder
    assert list(whole["group"].unique()) == ["collectivité"]


def test_band_edges_put_each_boundary_in_the_upper_band():
    edges = intensity_band_lower_edges([0.0, 0.2499, 0.25, 0.5, 0.74, 0.75, 1.0])
    assert edges.tolist() == [0.0, 0.0, 0.25, 0.5, 0.5, 0.75, 0.75]
