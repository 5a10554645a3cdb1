"""Properties of role measures over seeded random task tables. Pure: no database."""

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest

from impact.scoring import (
    DATA_CLASSES,
    DEFAULT_PARAMETERS,
    EXPOSURE_CLASSES,
    INTENSITY_STEPS,
    score_roles,
)
from impact.scoring.ilo import CATEGORIES_2023, GRADIENTS_2025

SEEDS = range(40)
SHARES = ("alpha", "beta", "zeta", "mean", "auto", "aug", "low", "none")
TOLERANCE = 1e-9


def random_tasks(seed: int) -> pd.DataFrame:
    """1-25 roles of 1-12 tasks; some roles without time shares, intensities on steps or free."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 13, rng.integers(1, 26))
    roles = np.repeat([f"r{i}" for i in range(len(sizes))], sizes)
    n = len(roles)
    shares = rng.choice([0.0, 1.0, 5.0, 12.5, 40.0], n) * rng.random(n)
    without_shares = np.isin(roles, [f"r{i}" for i in range(0, len(sizes), 3)])
    shares[without_shares] = np.nan
    shares[~without_shares & (shares == 0)] = 1.0  # keep every role's total positive
    banded = rng.random(n) < 0.5
    return pd.DataFrame(
        {
            "role": roles,
            "task": [f"task {i}" for i in range(n)],
            "exposure": rng.choice(EXPOSURE_CLASSES, n),
            "time_share": shares,
            "task_type": rng.choice(["core", "supplemental", None], n),
            "intensity": np.where(
                banded, rng.choice((*INTENSITY_STEPS, 0.3, 0.5, 0.7), n), rng.random(n).round(3)
            ),
            "accountable": rng.random(n) < 0.3,
            "physical": rng.random(n) < 0.1,
            "data_class": rng.choice(DATA_CLASSES, n),
        }
    )


def naive_role(group: pd.DataFrame) -> dict:
    """Plain-Python reading of docs/methodology.md (method 2.0) for one role, as an oracle."""
    fallback = {"core": 2.0, "supplemental": 1.0}
    if group["time_share"].isna().all():
        weights = [fallback.get(t, 1.0) for t in group["task_type"]]
    else:
        weights = list(group["time_share"])
    s = [w / sum(weights) for w in weights]
    e = [int(x[1]) for x in group["exposure"]]
    p = list(group["intensity"])
    h = list(group["accountable"])
    c = DEFAULT_PARAMETERS.confidentiality
    mu = sum(si * pi for si, pi in zip(s, p, strict=True))
    n = sum(si > 0 for si in s)
    variance = sum(si * (pi - mu) ** 2 for si, pi in zip(s, p, strict=True))
    # x = exposed and not an accountable act; thresholds in exact decimals, as the method says.
    x = [ei > 0 and not hi for ei, hi in zip(e, h, strict=True)]
    d = [Decimal(repr(pi)).quantize(Decimal("1e-9")) for pi in p]
    high = [di >= Decimal("0.70") for di in d]
    marginal = [Decimal("0.30") <= di < Decimal("0.50") for di in d]
    return {
        "alpha": sum(si for si, ei in zip(s, e, strict=True) if ei == 1),
        "beta": sum(
            si * (1.0 if ei == 1 else 0.5 if ei == 2 else 0.0) for si, ei in zip(s, e, strict=True)
        ),
        "zeta": sum(si for si, ei in zip(s, e, strict=True) if ei > 0),
        "mean": mu,
        "sd": math.sqrt(n / (n - 1) * variance) if n > 1 else 0.0,
        "auto": sum(si for si, xi, hi in zip(s, x, high, strict=True) if xi and hi),
        "aug": sum(si for si, xi, hi in zip(s, x, high, strict=True) if xi and not hi),
        "low": sum(si for si, xi, mi in zip(s, x, marginal, strict=True) if not xi and mi),
        "freed_share_k2": sum(
            si * pi * c[di]["k2"]
            for si, xi, pi, di in zip(s, x, p, group["data_class"], strict=True)
            if xi
        ),
        "beta_dep_k2": sum(
            si * (1.0 if ei == 1 else 0.5 if ei == 2 else 0.0) * c[d]["k2"]
            for si, ei, d in zip(s, e, group["data_class"], strict=True)
        ),
    }


def half_up(value: float) -> int:
    return int(
        Decimal(repr(value)).quantize(Decimal("1e-9")).quantize(Decimal("0.01"), ROUND_HALF_UP)
        * 100
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_every_share_lies_between_0_and_1(seed):
    scores = score_roles(random_tasks(seed))
    columns = [
        *SHARES,
        "beta_dep_k1",
        "beta_dep_k2",
        "beta_dep_k3",
        "freed_share_k1",
        "freed_share_k3",
    ]
    values = scores[columns].to_numpy()
    assert values.min() >= 0.0
    assert values.max() <= 1.0
    assert (scores["sd"] >= 0).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_alpha_beta_zeta_are_ordered_and_split_sums_to_one(seed):
    scores = score_roles(random_tasks(seed))
    assert (scores["alpha"] <= scores["beta"] + TOLERANCE).all()
    assert (scores["beta"] <= scores["zeta"] + TOLERANCE).all()
    split = scores[["auto", "aug", "low", "none"]].sum(axis=1)
    np.testing.assert_allclose(split, 1.0, atol=TOLERANCE)


@pytest.mark.parametrize("seed", SEEDS)
def test_deployable_never_exceeds_technical_and_grows_with_the_scenario(seed):
    scores = score_roles(random_tasks(seed))
    assert (scores["beta_dep_k1"] <= scores["beta_dep_k2"] + TOLERANCE).all()
    assert (scores["beta_dep_k2"] <= scores["beta_dep_k3"] + TOLERANCE).all()
    assert (scores["beta_dep_k3"] <= scores["beta"] + TOLERANCE).all()
    assert (scores["freed_share_k3"] <= scores["mean"] + TOLERANCE).all()
    # 2.0: only exposed tasks free time, so freed time never exceeds the exposed share.
    assert (scores["freed_share_k3"] <= scores["zeta"] + TOLERANCE).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_engine_agrees_with_a_plain_python_reading_of_the_method(seed):
    tasks = random_tasks(seed)
    scores = score_roles(tasks)
    for role, group in tasks.groupby("role", sort=False):
        expected = naive_role(group)
        for name, value in expected.items():
            assert scores.loc[role, name] == pytest.approx(value, abs=1e-12), (role, name)


@pytest.mark.parametrize("seed", SEEDS)
def test_labels_follow_the_rules_on_decimal_half_up_rounding(seed):
    scores = score_roles(random_tasks(seed))
    for _role, row in scores.iterrows():
        m, s = half_up(row["mean"]), half_up(row["sd"])
        assert (round(row["mean_rounded"] * 100), round(row["sd_rounded"] * 100)) == (m, s)
        gradient = (
            0
            if m + s < 40
            else 1
            if m + s < 50
            else 2
            if m < 40
            else 3
            if m < 50
            else 4
            if m < 60
            else 5
        )
        category = 0 if m + s <= 50 else 1 if m < 40 else 3 if m - s > 50 else 2
        assert row["gradient_2025"] == GRADIENTS_2025[gradient]
        assert row["category_2023"] == CATEGORIES_2023[category]


@pytest.mark.parametrize("seed", SEEDS[:10])
def test_row_order_and_share_units_do_not_change_the_scores(seed):
    tasks = random_tasks(seed)
    scores = score_roles(tasks)
    shuffled = tasks.sample(frac=1.0, random_state=seed)
    pd.testing.assert_frame_equal(
        score_roles(shuffled).loc[scores.index], scores, check_exact=False, atol=1e-12
    )
    scaled = tasks.assign(time_share=tasks["time_share"] * 37.5)
    pd.testing.assert_frame_equal(score_roles(scaled), scores, check_exact=False, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS[:10])
def test_equal_shares_give_the_sample_mean_and_standard_deviation(seed):
    tasks = random_tasks(seed).assign(time_share=1.0)
    scores = score_roles(tasks)
    for role, group in tasks.groupby("role"):
        assert scores.loc[role, "mean"] == pytest.approx(group["intensity"].mean(), abs=1e-12)
        expected_sd = group["intensity"].std(ddof=1) if len(group) > 1 else 0.0
        assert scores.loc[role, "sd"] == pytest.approx(expected_sd, abs=1e-12)
