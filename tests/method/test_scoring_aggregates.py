"""Aggregates and the ladder of shares of agents affected (docs/methodology.md "Aggregates"). No database."""

import numpy as np
import pandas as pd
import pytest

from impact.scoring import score_roles
from impact.scoring.aggregates import (
    LADDER_CODES,
    LADDER_CONTEXT,
    LADDER_RUNGS,
    WHOLE,
    aggregate,
    ladder,
)


@pytest.fixture
def city():
    """Five roles in two services of one directorate, plus an empty service.

    accueil: beta 0 (E0 only), 10 agents.  courrier: beta 0.05, 2 agents.
    compta: beta 0.10 exactly, 3 agents.  secretariat: beta 1.0, gradient 4, 5 agents.
    vacant: beta 1.0 but 0 agents (service Vide).
    """
    tasks = pd.DataFrame(
        [
            ("accueil", "Accueillir", "E0", 1, 0.125),
            ("courrier", "Trier", "E0", 19, 0.125),
            ("courrier", "Répondre", "E2", 1, 0.375),
            ("compta", "Mandater", "E0", 9, 0.125),
            ("compta", "Rédiger", "E1", 1, 0.625),
            ("secretariat", "Rédiger", "E1", 1, 0.875),
            ("vacant", "Rédiger", "E1", 1, 0.875),
        ],
        columns=["role", "task", "exposure", "time_share", "intensity"],
    )
    roles = pd.DataFrame(
        {
            "role": ["accueil", "courrier", "compta", "secretariat", "vacant"],
            "headcount": [10, 2, 3, 5, 0],
            "fte": [9, 2, 3, 4.5, 0],
            "service": ["Accueil", "Accueil", "Finances", "Finances", "Vide"],
            "directorate": ["DGS", "DGS", "DGS", "DGS", "DGS"],
        }
    )
    return score_roles(tasks, roles)


def test_city_fixture_has_the_role_measures_the_ladder_relies_on(city):
    assert city["beta"].tolist() == pytest.approx([0.0, 0.025, 0.1, 1.0, 1.0])
    assert city["zeta"].tolist() == pytest.approx([0.0, 0.05, 0.1, 1.0, 1.0])
    assert city.loc["secretariat", "gradient_2025"] == "gradient_4"


def test_whole_collectivite_means_are_weighted_by_headcount(city):
    whole = aggregate(city).loc[WHOLE]
    assert whole["n_roles"] == 5
    assert whole["headcount"] == 20
    assert whole["fte"] == pytest.approx(18.5)
    assert whole["hours"] == pytest.approx(18.5 * 1607)
    # (10*0 + 2*0.025 + 3*0.1 + 5*1 + 0*1) / 20
    assert whole["beta"] == pytest.approx(5.35 / 20)
    assert whole["alpha"] == pytest.approx((3 * 0.1 + 5 * 1) / 20)
    mean = (
        10 * 0.125 + 2 * (0.95 * 0.125 + 0.05 * 0.375) + 3 * (0.9 * 0.125 + 0.1 * 0.625) + 5 * 0.875
    ) / 20
    assert whole["mean"] == pytest.approx(mean)


def test_a_role_without_agents_has_no_weight_and_an_empty_group_has_no_mean(city):
    by_service = aggregate(city, "service")
    assert list(by_service.index) == ["Accueil", "Finances", "Vide"]
    assert by_service.loc["Finances", "beta"] == pytest.approx((3 * 0.1 + 5 * 1.0) / 8)
    assert by_service.loc["Vide", "n_roles"] == 1
    assert by_service.loc["Vide", "headcount"] == 0
    assert np.isnan(by_service.loc["Vide", "beta"])
    assert np.isnan(by_service.loc["Vide", "share_gradient_4"])


def test_shares_of_agents_by_ilo_class_sum_to_one(city):
    by_service = aggregate(city, "service").loc[["Accueil", "Finances"]]
    gradients = by_service.filter(regex="^share_(not_exposed|minimal|gradient_)").sum(axis=1)
    categories = by_service[
        ["share_not_affected", "share_augmentation", "share_big_unknown", "share_automation"]
    ].sum(axis=1)
    np.testing.assert_allclose(gradients, 1.0)
    np.testing.assert_allclose(categories, 1.0)
    assert by_service.loc["Finances", "share_gradient_4"] == pytest.approx(5 / 8)


def test_grouping_by_several_columns(city):
    result = aggregate(city, ["directorate", "service"])
    assert list(result.index) == [("DGS", "Accueil"), ("DGS", "Finances"), ("DGS", "Vide")]
    assert result.loc[("DGS", "Accueil"), "headcount"] == 12


def test_ladder_counts_agents_on_each_rung(city):
    result = ladder(city)
    assert list(result["rung"]) == list(LADDER_CODES)
    shares = dict(zip(result["rung"], result["share"], strict=True))
    assert shares["one_task"] == pytest.approx(10 / 20)  # courrier, compta, secretariat
    assert shares["tenth_of_time"] == pytest.approx(8 / 20)  # beta = 0.10 exactly counts
    assert shares["half_of_time"] == pytest.approx(5 / 20)
    assert shares["highest_gradient"] == pytest.approx(5 / 20)
    # compta: m = 0.175 -> 0.18, sd = 0.212 -> 0.21, m+s = 0.39: not exposed; only secretariat.
    assert shares["exposed_occupation"] == pytest.approx(5 / 20)
    assert result["label"].iloc[0] == "Au moins une tâche exposée"


def test_ladder_by_service_has_five_rungs_per_group_and_nan_for_empty_groups(city):
    result = ladder(city, "service")
    assert len(result) == 15
    finances = result[result["service"] == "Finances"].set_index("rung")["share"]
    assert finances["tenth_of_time"] == pytest.approx(1.0)
    assert finances["half_of_time"] == pytest.approx(5 / 8)
    assert result[result["service"] == "Vide"]["share"].isna().all()


def test_ladder_reference_figures_and_sources_are_the_published_ones():
    assert [rung["code"] for rung in LADDER_RUNGS] == list(LADDER_CODES)
    references = [rung["reference"] for rung in LADDER_RUNGS]
    assert "95 %" in references[0] and "97,5 %" in references[0]
    assert "80 %" in references[1]
    assert "25 %" in references[2] and "34 %" in references[2]
    assert "19 %" in references[3]
    assert "3,3 %" in references[4]
    assert all("arXiv:2303.10130" in LADDER_RUNGS[i]["source"] for i in (0, 1, 3))
    assert all("10.54394/HETP0387" in LADDER_RUNGS[i]["source"] for i in (2, 4))
    assert "40 %" in LADDER_CONTEXT[0]["reference"] and "60 %" in LADDER_CONTEXT[0]["reference"]
    assert "5 %" in LADDER_CONTEXT[1]["reference"] and "55 %" in LADDER_CONTEXT[1]["reference"]


def test_aggregates_need_headcount_and_known_grouping_columns(city):
    with pytest.raises(KeyError, match="headcount"):
        aggregate(city.drop(columns="headcount"))
    with pytest.raises(KeyError, match="pole"):
        ladder(city, "pole")
