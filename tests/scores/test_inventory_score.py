"""Score snapshots: computed after submission and validation, stored with their parameters."""

import pytest

from impact import scoring
from impact.scores import actions
from impact.scores import selectors as score_selectors
from impact.scores.models import InventoryScore, RoleScore
from surveys import selectors as survey_selectors
from surveys.actions import inventories as inventory_actions
from surveys.models import Inventory
from tests.helpers import fill_inventory


def test_submission_stores_a_snapshot_with_hand_computed_figures(
    head_a, inventory_a, django_capture_on_commit_callbacks
):
    officer, _clerk = fill_inventory(inventory_a)
    with django_capture_on_commit_callbacks(execute=True):
        inventory_actions.inventory_submit(actor=head_a, inventory=inventory_a, revision=0)

    score = InventoryScore.objects.get(inventory=inventory_a, is_current=True)
    assert score.trigger == "submitted"
    assert score.method_version == scoring.METHOD_VERSION
    assert score.parameters["confidentiality"]["D2"] == {"k1": 0.0, "k2": 0.8, "k3": 1.0}
    role = score.roles.get(inventory_role=officer)
    assert (role.alpha, role.beta, role.zeta) == pytest.approx((0.6, 0.6, 0.6))
    assert role.mean == pytest.approx(0.6 * 0.605 + 0.4 * 0.39)  # the types' ILO anchor means
    assert role.beta_dep_k1 == 0.0  # personal data: no public chatbot
    assert role.beta_dep_k2 == pytest.approx(0.48)
    assert role.hours == pytest.approx(5.5 * 1607)
    assert role.aug == pytest.approx(0.6) and role.auto == 0.0
    assert role.beta_p10 <= role.beta_p50 <= role.beta_p90
    assert [line["task"] for line in role.receipt] == ["Courriers", "Guichet"]
    assert score.summary["measures"]["headcount"] == 10


def test_validation_makes_a_new_current_snapshot(
    head_a, administrator, inventory_a, django_capture_on_commit_callbacks
):
    fill_inventory(inventory_a)
    with django_capture_on_commit_callbacks(execute=True):
        inventory_actions.inventory_submit(actor=head_a, inventory=inventory_a, revision=0)
    inventory_a.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        inventory_actions.inventory_validate(actor=administrator, inventory=inventory_a)
    scores = InventoryScore.objects.filter(inventory=inventory_a)
    assert scores.count() == 2
    assert scores.get(is_current=True).trigger == "validated"


def test_old_snapshot_keeps_its_parameters_and_recomputes_identically(
    head_a, administrator, inventory_a
):
    fill_inventory(inventory_a)
    first = actions.inventory_score(inventory=inventory_a, trigger="manual")
    matrix = first.parameters["confidentiality"] | {"D2": {"k1": 0.0, "k2": 0.5, "k3": 1.0}}
    actions.method_settings_update(actor=administrator, values={"confidentiality": matrix})
    second = actions.inventory_score(inventory=inventory_a, trigger="manual")

    officer_first = first.roles.get(title="Officier d'état civil")
    officer_second = second.roles.get(title="Officier d'état civil")
    assert officer_first.beta_dep_k2 == pytest.approx(0.48)
    assert officer_second.beta_dep_k2 == pytest.approx(0.30)

    replay = score_selectors.compute_scores(
        survey_selectors.roles_with_tasks(inventory_a),
        scoring.MethodParameters.from_dict(first.parameters),
    )
    replayed = replay["roles"][officer_first.inventory_role_id]
    assert replayed["beta_dep_k2"] == pytest.approx(officer_first.beta_dep_k2)
    assert replayed["beta_p50"] == officer_first.beta_p50  # same seed, same draws


def test_inventory_without_tasks_stores_nothing(inventory_a):
    assert actions.inventory_score(inventory=inventory_a, trigger="manual") is None
    assert not InventoryScore.objects.exists()


def test_only_administrators_change_the_parameters(head_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.method_settings_update(actor=head_a, values={"draws": 500})
    assert score_selectors.method_settings_get().draws == 1000


def test_roles_marked_gone_are_not_scored(head_a, inventory_a):
    _officer, clerk = fill_inventory(inventory_a)
    clerk.no_longer_exists = True
    clerk.save()
    score = actions.inventory_score(inventory=inventory_a, trigger="manual")
    assert list(score.roles.values_list("title", flat=True)) == ["Officier d'état civil"]
    assert RoleScore.objects.count() == 1
    assert Inventory.objects.get(pk=inventory_a.pk).status == "not_started"
