"""The sensitivity table (METHOD.md "Sensitivity (2.0)"): one parameter moved at a time."""

import pandas as pd
import pytest

from impact.scoring import sensitivity as sens

# Two services. Courrier: 2 agents, one role of two tasks, half E1 on public data (D0) at
# 0.65, half E2 on sensitive data (D3) at 0.35. Voirie: 3 agents, one role: 80 % E0 physical
# work at 0.05, 20 % E2 internal data (D1) at 0.45. One FTE per agent.
TASKS = pd.DataFrame(
    {
        "role": ["courrier", "courrier", "voirie", "voirie"],
        "task": ["lettres", "dossiers", "chantier", "rapports"],
        "time_share": [50, 50, 80, 20],
        "exposure": ["E1", "E2", "E0", "E2"],
        "intensity": [0.65, 0.35, 0.05, 0.45],
        "accountable": [False, False, True, False],
        "data_class": ["D0", "D3", "D2", "D1"],
    }
)
ROLES = pd.DataFrame(
    {"role": ["courrier", "voirie"], "headcount": [2, 3], "fte": [2.0, 3.0], "service_id": [1, 2]}
)
SERVICES = pd.DataFrame(
    {"service_id": [1, 2], "name": ["Courrier", "Voirie"], "yearly_requests": [1000, 1000]}
)


def by_beta(rows):
    return [r["name"] for r in sorted(rows, key=lambda r: (-(r["beta"] or 0), r["name"]))]


@pytest.fixture(scope="module")
def table():
    return sens.sensitivity(TASKS, ROLES, SERVICES, by_beta)


def _row(table, code, data_class="", scenario=""):
    return next(
        r for r in table["rows"]
        if (r["code"], r["data_class"], r["scenario"]) == (code, data_class, scenario)
    )  # fmt: skip


def test_baseline_figures_by_hand(table):
    figures = table["baseline"]["figures"]
    # beta: Courrier 0.5 + 0.5 x 0.5 = 0.75; Voirie 0.5 x 0.2 = 0.10; agents 2 and 3.
    assert figures["beta"] == pytest.approx((2 * 0.75 + 3 * 0.10) / 5)
    # k2: c(D0) 1, c(D3) 0.4, c(D1) 1 -> Courrier 0.5 + 0.25 x 0.4 = 0.6, Voirie 0.1.
    assert figures["beta_dep_k2"] == pytest.approx((2 * 0.6 + 3 * 0.1) / 5)
    # Freed hours k2 (2.0: exposed, non-accountable tasks only): hours x sum s p c.
    courrier = 2 * 1607 * (0.5 * 0.65 * 1.0 + 0.5 * 0.35 * 0.4)
    voirie = 3 * 1607 * (0.2 * 0.45 * 1.0)
    assert figures["freed_hours_k2"] == pytest.approx(courrier + voirie)
    assert table["baseline"]["top"] == ["Courrier", "Voirie"]


def test_a_coefficient_moves_only_the_figures_of_its_scenario(table):
    row = _row(table, "confidentiality", "D3", "k2")
    assert (row["low"], row["high"], row["baseline"]) == (0.0, 0.7, 0.4)
    at_zero, at_high = row["figures"]["beta_dep_k2"]
    assert at_zero == pytest.approx((2 * 0.5 + 3 * 0.1) / 5)
    assert at_high == pytest.approx((2 * (0.5 + 0.25 * 0.7) + 3 * 0.1) / 5)
    base = table["baseline"]["figures"]
    for name in ("beta", "beta_dep_k1", "beta_dep_k3", "exposed"):
        assert row["figures"][name] == [pytest.approx(base[name])] * 2


def test_the_e2_weight_moves_beta(table):
    low, high = _row(table, "e2_weight")["figures"]["beta"]
    assert low == pytest.approx((2 * (0.5 + 0.5 * 0.25) + 3 * 0.2 * 0.25) / 5)
    assert high == pytest.approx((2 * (0.5 + 0.5 * 0.75) + 3 * 0.2 * 0.75) / 5)


def test_intensities_one_step_down_and_up(table):
    down, up = _row(table, "intensity_step")["figures"]["freed_hours_k2"]
    courrier_down = 2 * 1607 * (0.5 * 0.55 + 0.5 * 0.25 * 0.4)
    assert down == pytest.approx(courrier_down + 3 * 1607 * 0.2 * 0.35)
    courrier_up = 2 * 1607 * (0.5 * 0.75 + 0.5 * 0.45 * 0.4)
    assert up == pytest.approx(courrier_up + 3 * 1607 * 0.2 * 0.55)


def test_fallback_weights_change_nothing_when_every_task_has_its_time_share(table):
    row = _row(table, "fallback_weights")
    base = table["baseline"]["figures"]
    for name in sens.FIGURES:
        assert row["figures"][name] == [pytest.approx(base[name])] * 2


def test_ranges_hold_the_lowest_and_highest_value_met(table):
    low, high = table["ranges"]["beta"]
    e2_low, e2_high = _row(table, "e2_weight")["figures"]["beta"]
    assert (low, high) == (pytest.approx(e2_low), pytest.approx(e2_high))


def test_services_whose_rank_changes_are_listed():
    # Equal betas at baseline only if the E2 weight is 1/3... make Voirie mostly E2 instead:
    # Courrier 0.5 E1 + 0.5 E0 -> beta 0.5; Voirie 100 % E2 -> beta 0.5 x w. At w = 0.5 they
    # tie (name decides: Courrier first); at w = 0.75 Voirie leads; at 0.25 Courrier leads.
    tasks = pd.DataFrame(
        {
            "role": ["courrier", "courrier", "voirie"],
            "task": ["a", "b", "c"],
            "time_share": [50, 50, 100],
            "exposure": ["E1", "E0", "E2"],
            "intensity": [0.65, 0.05, 0.45],
            "data_class": ["D0", "D0", "D1"],
        }
    )
    table = sens.sensitivity(tasks, ROLES, SERVICES, by_beta)
    assert table["baseline"]["top"] == ["Courrier", "Voirie"]
    assert _row(table, "e2_weight")["top"] == [["Courrier", "Voirie"], ["Voirie", "Courrier"]]
    assert table["rank_changes"] == ["Courrier", "Voirie"]
    assert sens.sensitivity(TASKS, ROLES, SERVICES, by_beta)["rank_changes"] == []


def test_an_empty_scope_has_no_table():
    empty = sens.sensitivity(TASKS.iloc[0:0], ROLES.iloc[0:0], SERVICES, by_beta)
    assert empty == {"baseline": None, "rows": [], "ranges": {}, "rank_changes": []}
