"""Method 2.0 on the demo and on synthetic collectivités (issue 13's "Done means").

The four faults found on the demo under 1.0: a band that did not contain its own estimate,
freed hours coming from unexposed tasks, gradient-4 roles with no spread made by the band
midpoints, and no sensitivity report. Each is checked here on the figures pages and studies read.
"""

import pytest

from impact import scoring
from impact.scores.actions import score_unscored_inventories
from impact.scores.figures import scope_figures
from impact.scores.models import RoleScore
from impact.scores.selectors import method_parameters, method_settings_get
from services.demo import load_demo
from services.models import Directorate
from surveys.actions.questionnaires import questionnaire_load
from surveys.demo import load_demo_campaign
from surveys.models import Campaign
from surveys.questionnaires import shipped_questionnaire_files

TOLERANCE = 1e-9


@pytest.fixture
def demo(db):
    load_demo()
    for path in shipped_questionnaire_files():
        questionnaire_load(path=path)
    load_demo_campaign()
    score_unscored_inventories()
    return Campaign.objects.get()


def _params():
    return method_parameters(method_settings_get())


def _outside(ladder: list[dict]) -> list[str]:
    return [
        rung["rung"]
        for rung in ladder
        if rung["share"] is not None
        and not rung["p10"] - TOLERANCE <= rung["share"] <= rung["p90"] + TOLERANCE
    ]


def test_every_demo_snapshot_is_made_under_method_2(demo):
    versions = set(RoleScore.objects.values_list("score__method_version", flat=True))
    assert versions == {scoring.METHOD_VERSION} == {"2.0"}


def test_the_demo_ladder_bands_contain_their_estimates(demo):
    params = _params()
    scopes = [scope_figures(demo, params=params)]
    scopes += [
        scope_figures(demo, directorate=directorate, params=params)
        for directorate in Directorate.objects.all()
    ]
    with_figures = [f for f in scopes if f["coverage"]["inventories_validated"]]
    assert len(with_figures) >= 3
    assert _outside(with_figures[0]["ladder"]) == []  # the collectivité: every rung
    misses = sum(bool(_outside(figures["ladder"])) for figures in with_figures)
    assert misses <= 0.05 * len(with_figures), [f["ladder"] for f in with_figures]


def test_the_demo_role_bands_contain_their_estimates(demo):
    roles = list(RoleScore.objects.all())
    assert len(roles) > 30
    outside = [
        role.title
        for role in roles
        if not role.beta_p10 - TOLERANCE <= role.beta <= role.beta_p90 + TOLERANCE
        or not role.mean_p10 - TOLERANCE <= role.mean <= role.mean_p90 + TOLERANCE
    ]
    assert len(outside) <= 0.05 * len(roles), outside


def test_no_demo_role_is_a_gradient_4_with_no_spread(demo):
    flat = RoleScore.objects.filter(gradient_2025="gradient_4", sd=0, n_tasks__gt=1)
    assert list(flat.values_list("title", flat=True)) == []


def test_a_service_of_only_unexposed_tasks_frees_no_time(inventory_b):
    from tests.helpers import add_task, finish_inventory

    # Under 1.0, every E0 task freed time at its intensity floor: 95 % mowing at 0.125 gave
    # 0.95 x 0.125 x 1,607 h a year per agent. Under 2.0 only exposed tasks free time.
    gardener = inventory_b.roles.get(title="Jardinier")
    add_task(gardener, "Tondre", 95, "entretenir-espaces-verts", "D0")
    add_task(gardener, "Conduire", 5, "conduire-vehicule", "D0")
    score = finish_inventory(inventory_b, {"service": {"yearly_requests": 10}})
    role = score.roles.get(title="Jardinier")
    assert {line["exposure"] for line in role.receipt} == {"E0"}
    assert role.hours > 0 and role.beta == 0
    assert (role.freed_hours_k1, role.freed_hours_k2, role.freed_hours_k3) == (0.0, 0.0, 0.0)
    assert role.auto == role.aug == 0


def test_every_demo_scope_carries_its_sensitivity_table(demo):
    figures = scope_figures(demo, params=_params())
    table = figures["sensitivity"]
    assert table["baseline"]["figures"]["beta"] == pytest.approx(figures["summary"]["beta"])
    assert {row["code"] for row in table["rows"]} == {
        "confidentiality", "e2_weight", "intensity_step", "fallback_weights"
    }  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_synthetic_ladder_bands_contain_their_estimates(db, seed):
    """In at least 95 % of the (scope, rung) pairs of a synthetic collectivité, its whole
    scope and each directorate. A rung counts agents on either side of a threshold (an ILO
    gradient, beta >= 0.10): when many roles sit just above it, redrawing their intensities
    can put the labelled share outside its band, and the pages then say so in words."""
    from impact.bench.synthetic import synthetic_collectivite_create

    synthetic_collectivite_create(agents=400, seed=seed)
    campaign, params = Campaign.objects.get(), _params()
    scopes = [scope_figures(campaign, params=params)] + [
        scope_figures(campaign, directorate=d, params=params) for d in Directorate.objects.all()
    ]
    ladders = [f["ladder"] for f in scopes if f["coverage"]["inventories_validated"]]
    pairs = sum(1 for ladder in ladders for rung in ladder if rung["share"] is not None)
    misses = sum(len(_outside(ladder)) for ladder in ladders)
    assert pairs >= 20 and misses <= 0.05 * pairs, (misses, pairs)


def test_a_band_wholly_above_or_below_the_labelled_value_is_said_in_words():
    from impact.scores.charts import band_note, ladder_chart

    rung = {"rung": "x", "label": "Métier exposé", "share": 0.5175, "p10": 0.48, "p90": 0.515,
            "reference": "", "source": ""}  # fmt: skip
    chart = ladder_chart([rung])
    assert "« Métier exposé » : la valeur déclarée (52\u202f%) surestime probablement" in (
        chart.reading
    )
    assert "sous-estime probablement" in band_note("Métier exposé", 0.40, 0.45, 0.60)
    assert band_note("Métier exposé", 0.50, 0.45, 0.60) == ""


def test_a_role_of_one_task_types_default_tasks_gets_the_ilo_gradient_of_its_anchors():
    """Under 2.0 a type's default intensity is its ILO anchors' exact mean, so a role made of
    that type's default tasks has the anchors' mean and no spread, and its gradient is the one
    the ILO rules give that mean. Under 1.0 the default was the midpoint of the band holding
    the mean (0.125 / 0.375 / 0.625 / 0.875), which moved some types across a threshold."""
    import pandas as pd

    from impact.scoring import score_roles
    from impact.scoring.ilo import gradient_2025
    from surveys.task_types import load_task_types

    moved_by_bands = []
    for kind in load_task_types():
        tasks = pd.DataFrame({
            "role": kind.code, "task": ["a", "b", "c"], "time_share": [50, 30, 20],
            "exposure": kind.exposure, "intensity": kind.intensity,
        })  # fmt: skip
        role = score_roles(tasks).loc[kind.code]
        assert role["mean"] == pytest.approx(kind.intensity) and role["sd"] == pytest.approx(0)
        assert role["gradient_2025"] == gradient_2025(kind.intensity, 0.0), kind.code
        band = min((0.125, 0.375, 0.625, 0.875), key=lambda m: abs(m - kind.intensity))
        if gradient_2025(band, 0.0) != role["gradient_2025"]:
            moved_by_bands.append(kind.code)
    assert moved_by_bands, "no type was moved by 1.0's bands: the test shows nothing"
