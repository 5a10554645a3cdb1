"""Seeded Monte-Carlo of beta, mu and the ladder (docs/methodology.md "Uncertainty (2.0)"). No database."""

import numpy as np
import pandas as pd
import pytest

from impact.scoring import (
    DEFAULT_CONFUSION,
    EXPOSURE_CLASSES,
    INTENSITY_STEPS,
    MethodParameters,
    intensity_step_lower_edges,
    score_roles,
)
from impact.scoring.aggregates import LADDER_CODES, ladder
from impact.scoring.uncertainty import (
    POSTERIOR_MINIMUM_TASKS,
    intensity_window_lower_edges,
    posterior_from_double_ratings,
    posterior_minimum_tasks,
    simulate,
)

IDENTITY = {"E0": (1.0, 0.0, 0.0), "E1": (0.0, 1.0, 0.0), "E2": (0.0, 0.0, 1.0)}
# A posterior that moves every class for sure (E0 -> E1 -> E2 -> E0): any redrawn task changes.
ROTATION = {"E0": (0.0, 1.0, 0.0), "E1": (0.0, 0.0, 1.0), "E2": (1.0, 0.0, 0.0)}


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
            "intensity": rng.choice([*INTENSITY_STEPS, 0.3, 1.0, 0.5237], n),
            "accountable": rng.random(n) < 0.2,
            "physical": rng.random(n) < 0.1,
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


def test_mean_stays_inside_the_draw_windows_of_the_tasks(tasks):
    result = simulate(tasks, params=MethodParameters(draws=300))
    shares = tasks["time_share"] / tasks.groupby("role")["time_share"].transform("sum")
    edges = intensity_window_lower_edges(tasks["intensity"])
    low = (shares * edges).groupby(tasks["role"]).sum()
    low = low.reindex(result.roles.index)
    assert (result.roles["mean_p10"] >= low - 1e-12).all()
    assert (result.roles["mean_p90"] <= low + 0.1 + 1e-12).all()


def test_one_e1_task_follows_the_posterior_row_of_e1():
    # True class: E0 4.8 %, E1 66.7 %, E2 28.5 % -> beta 0, 1, 0.5. Sorted draws: 0 up to the
    # 4.8th percentile, 0.5 up to the 33.3rd, then 1: P10 = 0.5, P50 = P90 = 1.
    one = pd.DataFrame({"role": ["r"], "task": ["t"], "exposure": ["E1"], "intensity": [0.65]})
    result = simulate(one).roles.loc["r"]
    assert (result["beta_p10"], result["beta_p50"], result["beta_p90"]) == (0.5, 1.0, 1.0)
    # Intensity uniform in the step [0.6, 0.7): quantiles 0.61, 0.65, 0.69.
    assert result["mean_p10"] == pytest.approx(0.61, abs=0.005)
    assert result["mean_p50"] == pytest.approx(0.65, abs=0.005)
    assert result["mean_p90"] == pytest.approx(0.69, abs=0.005)


def test_an_unrounded_default_is_drawn_in_the_window_centred_on_it_so_its_band_contains_it():
    # A task type's default (an unrounded ILO anchor mean, here 0.31) is drawn uniformly in
    # 0.26-0.36, the 10 % window centred on it (drawn across its step 0.3-0.4, five such tasks
    # would have a band of about 0.334-0.366, wholly above the labelled 0.31). Five tasks at
    # equal shares: the mean of five uniforms has median 0.31 and SD 0.1 / sqrt(12 * 5) =
    # 0.0129, so P10 is about 0.31 - 1.28 * 0.0129 = 0.2935 and P90 about 0.3265.
    five = pd.DataFrame(
        {"role": "r", "task": [f"t{i}" for i in range(5)], "exposure": "E0", "intensity": 0.31}
    )
    result = simulate(five).roles.loc["r"]
    assert result["mean_p50"] == pytest.approx(0.31, abs=0.003)
    assert result["mean_p10"] == pytest.approx(0.2935, abs=0.003)
    assert result["mean_p90"] == pytest.approx(0.3265, abs=0.003)
    assert result["mean_p10"] < score_roles(five).loc["r", "mean"] < result["mean_p90"]


def test_an_answered_step_is_drawn_across_its_step():
    edges = intensity_window_lower_edges(np.array([0.05, 0.65, 0.95, 0.02, 0.99]))
    assert edges == pytest.approx([0.0, 0.6, 0.9, 0.0, 0.9])


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


def test_step_edges_put_each_boundary_in_the_upper_step_and_1_in_the_last():
    edges = intensity_step_lower_edges([0.0, 0.0999, 0.1, 0.1 * 3, 0.65, 0.7, 0.95, 1.0])
    assert edges.tolist() == [0.0, 0.0, 0.1, 0.3, 0.6, 0.7, 0.9, 0.9]


def test_identity_posterior_without_intensity_draws_gives_a_band_of_zero_width(tasks, roles):
    params = MethodParameters(draws=200, confusion=IDENTITY)
    result = simulate(tasks, roles, params, by="service", draw_intensity=False)
    scores = score_roles(tasks, roles)
    for name in ("beta", "mean"):
        for percentile in (10, 50, 90):
            column = result.roles[f"{name}_p{percentile}"]
            np.testing.assert_allclose(column, scores.loc[column.index, name], atol=1e-12)
    expected = ladder(scores, "service").set_index(["service", "rung"])["share"]
    bands = result.ladder.set_index(["service", "rung"])
    for percentile in ("p10", "p50", "p90"):
        np.testing.assert_allclose(bands[percentile], expected.loc[bands.index], atol=1e-12)
    # Either source of doubt alone widens the band somewhere.
    drawn = simulate(tasks, roles, params, by="service").roles
    assert (drawn["mean_p90"] - drawn["mean_p10"]).max() > 0.01
    relabelled = simulate(tasks, roles, MethodParameters(draws=200), draw_intensity=False).roles
    assert (relabelled["beta_p90"] - relabelled["beta_p10"]).max() > 0.1


def test_accountable_and_physical_tasks_never_change_class():
    # Under ROTATION every redrawn task changes class; certain tasks must keep theirs.
    tasks = pd.DataFrame(
        {
            "role": ["certain"] * 4 + ["open"] * 2,
            "task": [f"t{i}" for i in range(6)],
            "exposure": ["E1", "E2", "E0", "E1", "E1", "E0"],
            "intensity": 0.45,
            "accountable": [True, False, "oui", False, False, False],
            "physical": ["non", "oui", False, True, False, False],
        }
    )
    params = MethodParameters(draws=300, confusion=ROTATION)
    result = simulate(tasks, params=params, draw_intensity=False).roles
    labelled = score_roles(tasks, params=params)
    # certain: beta (1 + 0.5 + 0 + 1) / 4 = 0.625 in every draw.
    assert labelled.loc["certain", "beta"] == pytest.approx(0.625)
    assert result.loc["certain", ["beta_p10", "beta_p50", "beta_p90"]].tolist() == pytest.approx(
        [0.625] * 3
    )
    # open: E1 -> E2 (0.5) and E0 -> E1 (1): beta 0.75 in every draw, not the labelled 0.5.
    assert labelled.loc["open", "beta"] == pytest.approx(0.5)
    assert result.loc["open", ["beta_p10", "beta_p90"]].tolist() == pytest.approx([0.75] * 2)


def test_the_default_posterior_keeps_beta_of_certain_tasks_and_the_physical_column_is_optional():
    base = pd.DataFrame(
        {"role": "r", "task": ["a", "b"], "exposure": ["E0", "E1"], "intensity": [0.95, 0.65]}
    )
    certain = base.assign(physical=[True, False], accountable=[False, True])
    kept = simulate(certain, params=MethodParameters(draws=300)).roles.loc["r"]
    assert kept[["beta_p10", "beta_p50", "beta_p90"]].tolist() == [0.5, 0.5, 0.5]
    free = simulate(base, params=MethodParameters(draws=300)).roles.loc["r"]
    assert free["beta_p90"] - free["beta_p10"] > 0.2


def test_posterior_from_double_ratings_on_a_hand_made_table():
    # Rater A (rows) x rater B (columns), E0 E1 E2.
    joint = [[60, 2, 10], [6, 20, 14], [10, 6, 72]]
    # (J + J^T) / 2 = [[60, 4, 10], [4, 20, 10], [10, 10, 72]]; row totals 74, 34, 92.
    # Rows normalised, then (row + e_i) / 2:
    #   E0: (60/74 + 1) / 2, 4/74 / 2, 10/74 / 2
    #   E1: 4/34 / 2, (20/34 + 1) / 2, 10/34 / 2
    #   E2: 10/92 / 2, 10/92 / 2, (72/92 + 1) / 2
    q = posterior_from_double_ratings(joint)
    assert list(q) == list(EXPOSURE_CLASSES)
    assert q["E0"] == pytest.approx((134 / 148, 4 / 148, 10 / 148))
    assert q["E1"] == pytest.approx((4 / 68, 54 / 68, 10 / 68))
    assert q["E2"] == pytest.approx((10 / 184, 10 / 184, 164 / 184))
    for row in q.values():
        assert sum(row) == pytest.approx(1.0, abs=1e-12)
    # The raters' order does not matter, and the result is a valid parameter.
    swapped = posterior_from_double_ratings(np.transpose(joint))
    assert all(swapped[label] == pytest.approx(q[label], abs=1e-15) for label in q)
    assert MethodParameters(confusion=q).confusion["E1"] == pytest.approx(q["E1"])


def test_posterior_from_a_joint_table_consistent_with_the_default_reproduces_it():
    # Inverting the method: a symmetric table S with rows n_i (2 q_i - e_i). The default q
    # gives R = 2 q - I = [[.816, .028, .156], [.096, .334, .570], [.206, .224, .570]].
    # Symmetry asks n_0 .028 = n_1 .096 and n_0 .156 = n_2 .206, so n_1 = .29167 n_0 and
    # n_2 = .75728 n_0 (the third equation, n_1 .570 = n_2 .224, then holds within 2 %, the
    # rounding of q to 3 decimals). With 19,265 tasks: n_0 = 19,265 / 2.04895 = 9,402.4.
    q = np.array([DEFAULT_CONFUSION[e] for e in EXPOSURE_CLASSES])
    n = 19_265 * np.array([1, 0.028 / 0.096, 0.156 / 0.206]) / (1 + 0.028 / 0.096 + 0.156 / 0.206)
    rows = n[:, None] * (2 * q - np.eye(3))
    joint = np.round((rows + rows.T) / 2)  # whole tasks, symmetric
    assert joint.sum() == pytest.approx(19_265, abs=3)
    # The implied agreement (trace over total) is 65.65 %: Eloundou et al.'s 65.6 %.
    assert np.trace(joint) / joint.sum() == pytest.approx(0.656, abs=0.001)
    rebuilt = posterior_from_double_ratings(joint)
    for label, row in DEFAULT_CONFUSION.items():
        assert rebuilt[label] == pytest.approx(row, abs=0.0015)  # largest gap 0.0013 (E1, E2)


def test_posterior_from_double_ratings_refuses_impossible_tables():
    with pytest.raises(ValueError, match="3 x 3"):
        posterior_from_double_ratings([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="3 x 3"):
        posterior_from_double_ratings([[1, -2, 0], [0, 1, 0], [0, 0, 1]])
    with pytest.raises(ValueError, match="at least once"):
        posterior_from_double_ratings([[5, 0, 1], [0, 0, 0], [1, 0, 5]])
    assert POSTERIOR_MINIMUM_TASKS == posterior_minimum_tasks == 300
