"""Role measures on hand-computed examples (docs/methodology.md "Per role"). Pure: no database."""

import ast
import dataclasses
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from impact.scoring import (
    DEFAULT_PARAMETERS,
    INTENSITY_STEPS,
    METHOD_VERSION,
    MethodParameters,
    ScoringInputError,
    intensity_step,
    receipt,
    score_roles,
)
from impact.scoring.ilo import category_2023, gradient_2025, to_hundredths


def table(*rows, **columns) -> pd.DataFrame:
    """Tasks from (role, task, exposure) tuples plus optional columns given as lists."""
    frame = pd.DataFrame(rows, columns=["role", "task", "exposure"])
    for name, values in columns.items():
        frame[name] = values
    return frame


def one_role(**columns) -> pd.Series:
    return score_roles(
        table(*[("r", f"t{i}", e) for i, e in enumerate(columns.pop("exposure"))], **columns)
    ).loc["r"]


def test_one_task_role_has_its_own_intensity_and_zero_sd():
    scores = one_role(exposure=["E1"], intensity=[0.625])
    assert scores["n_tasks"] == 1
    assert (scores["alpha"], scores["beta"], scores["zeta"]) == (1.0, 1.0, 1.0)
    assert scores["mean"] == 0.625
    assert scores["sd"] == 0.0
    assert scores["mean_rounded"] == 0.63  # 0.625 rounds half-up
    assert scores["gradient_2025"] == "gradient_4"  # m = 0.63 >= 0.60
    assert scores["category_2023"] == "automation"  # m - s = 0.63 > 0.50
    # Exposed, not accountable, p = 0.625 < 0.70: assisted.
    assert (scores["auto"], scores["aug"], scores["low"], scores["none"]) == (0.0, 1.0, 0.0, 0.0)


def test_two_task_role_every_measure_by_hand():
    # Shares 15 and 35 sum to 50, not 100: they normalise to 0.3 and 0.7.
    scores = one_role(
        exposure=["E1", "E2"],
        time_share=[15, 35],
        intensity=[0.625, 0.375],
        data_class=["D0", "D2"],
    )
    assert scores["weight_source"] == "time_share"
    assert scores["alpha"] == pytest.approx(0.3)
    assert scores["beta"] == pytest.approx(0.3 + 0.5 * 0.7)
    assert scores["zeta"] == pytest.approx(1.0)
    assert scores["mean"] == pytest.approx(0.3 * 0.625 + 0.7 * 0.375)  # 0.45
    # sigma = sqrt(2 * (0.3 * 0.175^2 + 0.7 * 0.075^2)) = sqrt(0.02625)
    assert scores["sd"] == pytest.approx(0.16201851746)
    assert (scores["mean_rounded"], scores["sd_rounded"]) == (0.45, 0.16)
    assert scores["gradient_2025"] == "gradient_2"  # m+s = 0.61, m = 0.45
    assert scores["category_2023"] == "big_unknown"  # m >= 0.40, m-s = 0.29
    assert scores["beta_dep_k1"] == pytest.approx(0.3)  # D2 is not deployable on k1
    assert scores["beta_dep_k2"] == pytest.approx(0.3 + 0.35 * 0.8)
    assert scores["beta_dep_k3"] == pytest.approx(0.65)
    # Both tasks exposed and not accountable (x = 1): sum s p c, E1 0.3 * 0.625 = 0.1875 on D0,
    # E2 0.7 * 0.375 = 0.2625 on D2 (c = 0, 0.8, 1 on k1, k2, k3).
    assert scores["freed_share_k1"] == pytest.approx(0.1875)
    assert scores["freed_share_k2"] == pytest.approx(0.1875 + 0.2625 * 0.8)
    assert scores["freed_share_k3"] == pytest.approx(0.45)


def test_time_shares_in_percent_fractions_or_hours_give_the_same_scores():
    def scores(shares):
        return one_role(exposure=["E1", "E0", "E2"], time_share=shares, intensity=[0.9, 0.1, 0.4])

    reference = scores([0.2, 0.5, 0.3])
    pd.testing.assert_series_equal(scores([20, 50, 30]), reference, check_exact=False)
    pd.testing.assert_series_equal(scores([7, 17.5, 10.5]), reference, check_exact=False)


def test_all_e0_role_has_no_exposure_but_keeps_its_ilo_mean():
    scores = one_role(
        exposure=["E0", "E0"],
        time_share=[60, 40],
        intensity=[0.125, 0.375],
        accountable=[True, False],
    )
    assert (scores["alpha"], scores["beta"], scores["zeta"]) == (0.0, 0.0, 0.0)
    assert scores["beta_dep_k3"] == 0.0
    assert scores["mean"] == pytest.approx(0.225)
    assert scores["low"] == pytest.approx(0.4)  # not exposed, 0.30 <= 0.375 < 0.50
    assert scores["none"] == pytest.approx(0.6)
    assert scores["aug"] == 0.0
    # sd = sqrt(2 * (0.6 * 0.1^2 + 0.4 * 0.15^2)) = 0.173; 0.23 + 0.17 = 0.40 exactly.
    assert (scores["mean_rounded"], scores["sd_rounded"]) == (0.23, 0.17)
    assert scores["gradient_2025"] == "minimal"
    assert scores["freed_share_k3"] == 0.0  # 2.0: E0 tasks free no time


def test_fallback_weights_are_two_for_core_and_one_for_the_rest():
    scores = one_role(
        exposure=["E1", "E2", "E0"],
        task_type=["core", "supplemental", None],
        intensity=[0.625, 0.625, 0.125],
    )
    assert scores["weight_source"] == "fallback"
    assert scores["alpha"] == pytest.approx(0.5)  # 2 / (2 + 1 + 1)
    assert scores["beta"] == pytest.approx(0.5 + 0.5 * 0.25)
    assert scores["zeta"] == pytest.approx(0.75)
    assert scores["mean"] == pytest.approx(0.5 * 0.625 + 0.25 * 0.625 + 0.25 * 0.125)


def test_fallback_applies_per_role_when_all_its_shares_are_missing():
    tasks = table(
        ("a", "t1", "E1"),
        ("a", "t2", "E0"),
        ("b", "t3", "E1"),
        ("b", "t4", "E0"),
        time_share=[90, 10, np.nan, np.nan],
        task_type=["supplemental", "core", "core", "supplemental"],
        intensity=0.5,
    )
    scores = score_roles(tasks)
    assert list(scores["weight_source"]) == ["time_share", "fallback"]
    assert scores.loc["a", "alpha"] == pytest.approx(0.9)
    assert scores.loc["b", "alpha"] == pytest.approx(2 / 3)


def test_missing_defaults_come_from_the_exposure_class_and_d2():
    # 2.0 defaults: the step midpoints holding 1.0's 0.625, 0.375, 0.125.
    scores = one_role(exposure=["E1"])
    assert scores["mean"] == 0.65
    assert scores["beta_dep_k1"] == 0.0  # default data class D2: c(D2, k1) = 0
    assert scores["beta_dep_k2"] == pytest.approx(0.8)
    assert one_role(exposure=["E2"])["mean"] == 0.35
    assert one_role(exposure=["E0"])["mean"] == 0.15


def test_accountable_act_is_never_automatable_nor_assisted():
    # x = [E1 or E2] (1 - h): an accountable act is outside AUTO and AUG, and p = 0.875 is
    # outside LOW's [0.30, 0.50), so its time is untouched.
    free = one_role(exposure=["E1"], intensity=[0.875], accountable=["non"])
    bound = one_role(exposure=["E1"], intensity=[0.875], accountable=["oui"])
    assert (free["auto"], free["aug"], free["none"]) == (1.0, 0.0, 0.0)
    assert (bound["auto"], bound["aug"], bound["low"], bound["none"]) == (0.0, 0.0, 0.0, 1.0)
    assert bound["beta"] == 1.0  # beta still counts the task: exposure is not automatability
    assert bound["freed_share_k3"] == 0.0  # and it frees no time


def test_e0_task_with_high_intensity_is_untouched_not_assisted():
    # 2.0: only exposed tasks are assisted; an E0 task at 0.65 is outside LOW's [0.30, 0.50).
    scores = one_role(exposure=["E0"], intensity=[0.65])
    assert (scores["aug"], scores["low"], scores["none"]) == (0.0, 0.0, 1.0)


def test_automatable_from_070_inclusive_and_marginal_from_030_to_050():
    # One task each, time shares 10 % apiece; x = 1 for E1/E2 not accountable, else 0.
    scores = one_role(
        exposure=["E1", "E2", "E1", "E2", "E0", "E0", "E0", "E1", "E0", "E1"],
        intensity=[0.70, 0.1 * 7, 0.69, 0.95, 0.30, 0.1 * 3, 0.50, 0.35, 0.29, 0.45],
        accountable=[False] * 9 + [True],
    )
    # AUTO: 0.70 and 0.1 * 7 = 0.7000000000000001, and 0.95 -> 3 tasks.
    assert scores["auto"] == pytest.approx(0.3)
    # AUG: exposed below 0.70: 0.69 and the E1 at 0.35 -> 2 tasks.
    assert scores["aug"] == pytest.approx(0.2)
    # LOW: not x and 0.30 <= p < 0.50: 0.30, 0.1 * 3 = 0.30000000000000004, and the accountable
    # E1 at 0.45; not 0.50, not 0.29 -> 3 tasks.
    assert scores["low"] == pytest.approx(0.3)
    assert scores["none"] == pytest.approx(0.2)


def test_an_intensity_a_hair_below_070_by_float_noise_is_still_automatable():
    # 0.7 - 1e-12 is float noise, not a real difference: it counts as 0.70.
    assert one_role(exposure=["E1"], intensity=[0.7 - 1e-12])["auto"] == 1.0
    assert one_role(exposure=["E1"], intensity=[0.699])["auto"] == 0.0


def test_freed_hours_are_zero_for_a_role_made_only_of_e0_tasks():
    tasks = table(
        ("r", "Tondre", "E0"),
        ("r", "Accueillir", "E0"),
        ("r", "Classer", "E0"),
        time_share=[50, 30, 20],
        intensity=[0.95, 0.65, 0.35],
        data_class="D0",
    )
    scores = score_roles(tasks, pd.DataFrame({"role": ["r"], "headcount": [4]})).loc["r"]
    assert scores["hours"] == 4 * 1607
    # 1.0 gave 4 * 1607 * (0.5 * 0.95 + 0.3 * 0.65 + 0.2 * 0.35) = 4,949.56 h on k1.
    for scenario in ("k1", "k2", "k3"):
        assert scores[f"freed_share_{scenario}"] == 0.0
        assert scores[f"freed_hours_{scenario}"] == 0.0


def test_freed_hours_count_only_exposed_tasks_that_are_not_accountable_acts():
    tasks = table(
        ("r", "Rédiger", "E1"),
        ("r", "Signer l'arrêté", "E1"),
        ("r", "Chercher", "E2"),
        ("r", "Tondre", "E0"),
        time_share=[40, 20, 30, 10],
        intensity=[0.65, 0.45, 0.55, 0.95],
        accountable=[False, True, False, False],
        data_class=["D1", "D0", "D3", "D0"],
    )
    scores = score_roles(tasks, pd.DataFrame({"role": ["r"], "headcount": [2]})).loc["r"]
    # x = 1, 0, 1, 0. k2: c(D1) = 1.0, c(D3) = 0.4 -> 0.4 * 0.65 + 0.3 * 0.55 * 0.4 = 0.326.
    assert scores["freed_share_k2"] == pytest.approx(0.326)
    assert scores["freed_hours_k2"] == pytest.approx(2 * 1607 * 0.326)
    # k1: c(D1) = 0.5, c(D3) = 0 -> 0.4 * 0.65 * 0.5 = 0.13.
    assert scores["freed_share_k1"] == pytest.approx(0.13)


def test_intensity_steps_are_the_ten_midpoints_and_each_value_finds_its_step():
    assert INTENSITY_STEPS == (0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95)
    assert intensity_step(0.0) == (0.0, 0.1)
    assert intensity_step(0.05) == (0.0, 0.1)
    assert intensity_step(0.3) == (0.3, 0.4)  # a boundary belongs to the step above it
    assert intensity_step(0.1 * 3) == (0.3, 0.4)  # 0.30000000000000004
    assert intensity_step(0.7) == (0.7, 0.8)
    assert intensity_step(0.6999) == (0.6, 0.7)
    assert intensity_step(0.95) == (0.9, 1.0)
    assert intensity_step(1.0) == (0.9, 1.0)  # the top step is closed
    for low_tenths, midpoint in enumerate(INTENSITY_STEPS):
        assert intensity_step(midpoint) == (low_tenths / 10, (low_tenths + 1) / 10)


def test_unrounded_ilo_anchor_means_give_the_ilo_gradient_of_their_mean():
    # Two tasks of a task type whose default is an unrounded ILO anchor mean, equal shares.
    # 0.55 and 0.65: m = 0.60, s = 0.05 * sqrt(2) = 0.0707 -> 0.07; m >= 0.60: gradient 4.
    # (1.0 would have stored both in the band 0.625: s = 0 and the same m only by luck.)
    high = one_role(exposure=["E1", "E1"], intensity=[0.55, 0.65])
    assert (high["mean_rounded"], high["sd_rounded"]) == (0.6, 0.07)
    assert high["sd"] == pytest.approx(0.0707106781)
    assert high["gradient_2025"] == "gradient_4"
    # 0.5237 and 0.5911: m = 0.5574 -> 0.56, s = 0.0674 / sqrt(2) = 0.04766 -> 0.05;
    # m + s = 0.61 >= 0.50 and 0.50 <= m < 0.60: gradient 3. Taken to 1.0's band 0.625
    # (both in [0.5, 0.75)), the role would have read m = 0.63, s = 0: gradient 4.
    anchor = one_role(exposure=["E2", "E2"], intensity=[0.5237, 0.5911])
    assert anchor["mean"] == pytest.approx(0.5574)
    assert (anchor["mean_rounded"], anchor["sd_rounded"]) == (0.56, 0.05)
    assert anchor["gradient_2025"] == "gradient_3"
    # 0.3512, 0.4133, 0.4391: m = 0.40120 -> 0.40, s = sample SD 0.04517 -> 0.05;
    # m + s = 0.45 < 0.50: minimal exposure.
    three = one_role(exposure=["E2"] * 3, intensity=[0.3512, 0.4133, 0.4391])
    assert three["mean"] == pytest.approx(0.4012)
    assert three["sd"] == pytest.approx(np.std([0.3512, 0.4133, 0.4391], ddof=1))
    assert (three["mean_rounded"], three["sd_rounded"]) == (0.40, 0.05)
    assert three["gradient_2025"] == "minimal"


def test_the_weight_of_e2_in_beta_and_deployable_beta_is_a_parameter():
    tasks = table(("r", "a", "E1"), ("r", "b", "E2"), time_share=[40, 60], data_class="D1")
    default = score_roles(tasks).loc["r"]
    heavier = score_roles(tasks, params=MethodParameters(beta_e2_weight=0.75)).loc["r"]
    assert default["beta"] == pytest.approx(0.4 + 0.5 * 0.6)  # 0.70
    assert heavier["beta"] == pytest.approx(0.4 + 0.75 * 0.6)  # 0.85
    assert heavier["beta_dep_k1"] == pytest.approx(0.5 * 0.85)  # c(D1, k1) = 0.5
    assert (heavier["alpha"], heavier["zeta"]) == (default["alpha"], default["zeta"])
    lines = receipt(tasks, "r", MethodParameters(beta_e2_weight=0.75))
    assert lines["contribution_beta"].sum() == pytest.approx(0.85)


def test_mean_plus_sd_exactly_040_is_minimal_exposure_not_below_the_threshold():
    # p = 0.33 and 0.39: mean 0.36, sd 0.0424 -> 0.04; 0.36 + 0.04 = 0.40 exactly.
    scores = one_role(exposure=["E1", "E1"], intensity=[0.33, 0.39])
    assert (scores["mean_rounded"], scores["sd_rounded"]) == (0.36, 0.04)
    assert scores["gradient_2025"] == "minimal"
    assert 0.36 + 0.04 < 0.40  # the binary-float trap the engine avoids


def test_mean_plus_sd_exactly_050_is_not_affected_in_2023_and_gradient_2_in_2025():
    # p = 0.415 and 0.485: mean 0.45, sd 0.0495 -> 0.05.
    scores = one_role(exposure=["E1", "E1"], intensity=[0.415, 0.485])
    assert (scores["mean_rounded"], scores["sd_rounded"]) == (0.45, 0.05)
    assert scores["category_2023"] == "not_affected"  # m+s <= 0.50
    assert scores["gradient_2025"] == "gradient_2"  # m+s not < 0.50, m < 0.50


def test_mean_minus_sd_exactly_050_is_the_big_unknown_not_automation():
    # p = 0.53 and 0.67: mean 0.60, sd 0.099 -> 0.10; m - s = 0.50 is not > 0.50.
    scores = one_role(exposure=["E1", "E1"], intensity=[0.53, 0.67])
    assert (scores["mean_rounded"], scores["sd_rounded"]) == (0.6, 0.1)
    assert scores["category_2023"] == "big_unknown"
    assert scores["gradient_2025"] == "gradient_4"


def test_a_mean_ending_in_5_rounds_half_up_even_when_the_float_is_below():
    # 0.145 is stored as 0.14499999999999999; round() gives 0.14, the method 0.15.
    assert round(0.145, 2) == 0.14
    assert one_role(exposure=["E1"], intensity=[0.145])["mean_rounded"] == 0.15
    assert one_role(exposure=["E1", "E1"], intensity=[0.1, 0.19])["mean_rounded"] == 0.15
    assert int(to_hundredths(0.004999999)) == 0  # a real difference of 1e-9
    assert int(to_hundredths(0.00499999999999)) == 1  # float noise, removed
    assert int(to_hundredths(0.005)) == 1


def test_rounding_matches_decimal_half_up_on_a_grid_of_thousandths():
    values = np.arange(0, 1001) / 1000
    expected = [
        int(Decimal(f"{v:.3f}").quantize(Decimal("0.01"), ROUND_HALF_UP) * 100) for v in values
    ]
    assert to_hundredths(values).tolist() == expected


def test_classification_rules_on_their_boundaries():
    assert gradient_2025(0.29, 0.10) == "not_exposed"
    assert gradient_2025(0.30, 0.10) == "minimal"
    assert gradient_2025(0.39, 0.11) == "gradient_1"
    assert gradient_2025(0.40, 0.10) == "gradient_2"
    assert gradient_2025(0.50, 0.0) == "gradient_3"
    assert gradient_2025(0.60, 0.0) == "gradient_4"
    assert category_2023(0.40, 0.10) == "not_affected"
    assert category_2023(0.39, 0.12) == "augmentation"
    assert category_2023(0.61, 0.10) == "automation"
    assert category_2023(0.60, 0.10) == "big_unknown"


def test_zero_share_tasks_do_not_count_in_n_for_the_sd():
    with_zero = one_role(
        exposure=["E1", "E1", "E0"], time_share=[1, 1, 0], intensity=[0.2, 0.4, 0.9]
    )
    without = one_role(exposure=["E1", "E1"], time_share=[1, 1], intensity=[0.2, 0.4])
    assert with_zero["sd"] == pytest.approx(without["sd"])
    assert with_zero["sd"] == pytest.approx(np.std([0.2, 0.4], ddof=1))


def test_roles_table_adds_hours_freed_hours_and_ilo_reference():
    tasks = table(
        ("a", "t1", "E1"),
        ("z", "t2", "E0"),
        ("c", "t3", "E1"),
        ("d", "t4", "E1"),
        intensity=[0.5, 0.1, 0.875, 0.35],
        data_class="D1",
    )
    roles = pd.DataFrame(
        {
            "role": ["a", "z", "c", "d", "unused"],
            "headcount": [4, 0, 1, 1, 2],
            "fte": [3.5, 0, 1, 1, 2],
            "isco_code": ["4110", 9112, "9112", "4110", ""],
        }
    )
    scores = score_roles(tasks, roles)
    assert list(scores.index) == ["a", "z", "c", "d"]  # roles without tasks are not scored
    assert scores.loc["a", "hours"] == pytest.approx(3.5 * 1607)
    assert scores.loc["a", "freed_hours_k1"] == pytest.approx(3.5 * 1607 * 0.5 * 0.5)
    assert scores.loc["z", "hours"] == 0.0
    assert scores.loc["z", "isco_code"] == "9112"
    assert (scores.loc["a", "ilo_mean"], scores.loc["a", "ilo_sd"]) == (0.60, 0.10)
    assert scores.loc["a", "ilo_gradient"] == "gradient_4"
    assert scores.loc["a", "ilo_label_fr"] == "Employés de bureau, fonctions générales"
    assert scores["ilo_divergence"].tolist() == pytest.approx([0.10, 0.02, 0.755, 0.25])
    # Flagged only above 0.25: exactly 0.25 (role d) is not "à discuter".
    assert scores["a_discuter"].tolist() == [False, False, True, False]


def test_fte_defaults_to_headcount():
    scores = score_roles(table(("a", "t", "E0")), pd.DataFrame({"role": ["a"], "headcount": [3]}))
    assert scores.loc["a", "fte"] == 3
    assert scores.loc["a", "hours"] == 3 * 1607


def test_receipt_lists_contributions_that_add_up_to_the_role_scores():
    tasks = table(
        ("r", "Accueil", "E0"),
        ("r", "Courrier", "E1"),
        ("r", "Saisie", "E2"),
        ("other", "x", "E1"),
        time_share=[50, 20, 30, 1],
        intensity=[0.375, 0.625, 0.625, 0.5],
        data_class=["D2", "D1", None, "D0"],
    )
    lines = receipt(tasks, "r")
    assert list(lines["task"]) == ["Courrier", "Saisie", "Accueil"]  # 0.20, 0.15, 0.0
    assert list(lines.index) == [1, 2, 0]
    assert lines["contribution_beta"].tolist() == pytest.approx([0.2, 0.15, 0.0])
    assert lines["contribution_mu"].tolist() == pytest.approx([0.125, 0.1875, 0.1875])
    assert list(lines["data_class"]) == ["D1", "D2", "D2"]
    scores = score_roles(tasks).loc["r"]
    assert lines["contribution_beta"].sum() == pytest.approx(scores["beta"])
    assert lines["contribution_mu"].sum() == pytest.approx(scores["mean"])
    with pytest.raises(KeyError):
        receipt(tasks, "nobody")


def test_invalid_rows_are_all_listed_with_their_labels_and_columns():
    tasks = table(
        ("r", "ok", "E1"),
        ("r", "bad class", "E3"),
        (None, "no role", "E0"),
        ("r", "", "E0"),
        ("r", "bad numbers", "e2"),
        time_share=[1, 1, 1, 1, -2],
        intensity=[0.5, 0.5, 0.5, 1.5, "beaucoup"],
        accountable=["oui", "peut-être", None, False, True],
        data_class=["D1", "D9", "D0", "d3", None],
    )
    with pytest.raises(ScoringInputError) as caught:
        score_roles(tasks)
    found = {(p.row, p.column, p.code) for p in caught.value.problems}
    assert found == {
        (1, "exposure", "bad_value"),
        (1, "accountable", "not_a_boolean"),
        (1, "data_class", "bad_value"),
        (2, "role", "missing_value"),
        (3, "task", "missing_value"),
        (3, "intensity", "out_of_range"),
        (4, "time_share", "out_of_range"),
        (4, "intensity", "not_a_number"),
    }
    assert "row 1, column exposure: 'E3' is not one of E0, E1, E2" in str(caught.value)


def test_missing_required_column_is_reported_before_anything_else():
    with pytest.raises(ScoringInputError) as caught:
        score_roles(pd.DataFrame({"role": ["a"], "task": ["t"]}))
    assert [(p.column, p.code) for p in caught.value.problems] == [("exposure", "missing_column")]


def test_partial_or_zero_time_shares_are_errors_on_the_rows_concerned():
    partial = table(
        ("a", "t1", "E1"), ("a", "t2", "E0"), ("b", "t3", "E0"), time_share=[30, None, 0]
    )
    with pytest.raises(ScoringInputError) as caught:
        score_roles(partial)
    assert {(p.row, p.code) for p in caught.value.problems} == {
        (1, "missing_time_share"),
        (2, "zero_time_shares"),
    }


def test_roles_table_errors_name_the_roles():
    tasks = table(("a", "t", "E0"), ("b", "t", "E0"))
    roles = pd.DataFrame({"role": ["a", "a"], "headcount": [1.5, 2]})
    with pytest.raises(ScoringInputError) as caught:
        score_roles(tasks, roles)
    assert caught.value.table == "roles"
    assert {(p.row, p.code) for p in caught.value.problems} == {
        (0, "duplicate_role"),
        (1, "duplicate_role"),
        (0, "not_whole"),
        ("b", "unknown_role"),
    }


def test_parameters_round_trip_through_json_and_change_the_scores():
    params = MethodParameters(
        seed=7,
        confidentiality={
            **DEFAULT_PARAMETERS.to_dict()["confidentiality"],
            "D2": {"k1": 0.2, "k2": 0.9, "k3": 1.0},
        },
    )
    data = json.loads(json.dumps(params.to_dict()))
    assert data["method_version"] == METHOD_VERSION
    assert data["draws"] == 1000 and data["annual_hours"] == 1607
    assert data["confusion"]["E1"] == [0.048, 0.667, 0.285]  # the 2.0 posterior row of E1
    assert data["beta_e2_weight"] == 0.5
    assert MethodParameters.from_dict(data) == params
    scores = score_roles(table(("r", "t", "E1")), params=params).loc["r"]
    assert scores["beta_dep_k1"] == pytest.approx(0.2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.seed = 1


def test_parameters_refuse_unknown_keys_and_impossible_values():
    with pytest.raises(ValueError, match="Unknown method parameters: sead"):
        MethodParameters.from_dict({"sead": 1})
    with pytest.raises(ValueError, match="Confusion row E0"):
        MethodParameters(confusion={"E0": (0.5, 0.5, 0.5), "E1": (0, 1, 0), "E2": (0, 0, 1)})
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        MethodParameters(
            confidentiality={d: {"k1": 2, "k2": 1, "k3": 1} for d in ("D0", "D1", "D2", "D3", "D4")}
        )
    with pytest.raises(ValueError, match="default_data_class"):
        MethodParameters(default_data_class="D7")
    for weight in (-0.1, 1.5):
        with pytest.raises(ValueError, match="beta_e2_weight"):
            MethodParameters(beta_e2_weight=weight)
    assert MethodParameters(beta_e2_weight=0).beta_weights().tolist() == [0.0, 1.0, 0.0]


def test_a_method_1_0_parameters_dict_still_loads_with_the_2_0_defaults_it_lacks():
    stored = {
        "method_version": "1.0",
        "confidentiality": DEFAULT_PARAMETERS.to_dict()["confidentiality"],
        "confusion": {
            "E0": [0.749, 0.032, 0.219],
            "E1": [0.071, 0.325, 0.604],
            "E2": [0.110, 0.234, 0.656],
        },
        "draws": 1000,
        "seed": 20240501,
        "divergence_threshold": 0.25,
        "annual_hours": 1607.0,
        "default_data_class": "D2",
        "default_intensity": {"E0": 0.125, "E1": 0.625, "E2": 0.375},
        "fallback_weights": {"core": 2.0, "supplemental": 1.0, "untyped": 1.0},
    }
    params = MethodParameters.from_dict(stored)
    assert params.beta_e2_weight == 0.5
    assert params.confusion["E1"] == (0.071, 0.325, 0.604)  # kept as stored
    assert params.to_dict()["method_version"] == METHOD_VERSION == "2.0"


FORBIDDEN_IMPORTS = {
    "impact/scoring/engine.py": {"django", "services", "surveys"},
    "impact/scoring/aggregates.py": {"django", "services", "surveys"},
    "impact/scoring/uncertainty.py": {"django", "services", "surveys"},
    "impact/scoring/ilo.py": {"django", "services", "surveys"},
    "surveys/task_types.py": {"django", "services", "impact"},
}


@pytest.mark.parametrize(("module", "forbidden"), FORBIDDEN_IMPORTS.items())
def test_engine_modules_import_neither_django_nor_the_apps(module, forbidden):
    source = (Path(__file__).resolve().parents[2] / module).read_text("utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert not imported & forbidden
