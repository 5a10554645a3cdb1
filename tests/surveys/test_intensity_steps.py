"""The intensity answer in ten steps of 10 % (method 2.0), and the migration of 1.0 answers."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from impact.studies.render import band
from surveys.models import IntensityStep, InventoryTask
from surveys.task_types import INTENSITY_STEPS, intensity_step
from surveys.validation import changed_defaults

migration = importlib.import_module("surveys.migrations.0002_intensity_ten_steps")


def test_the_ten_steps_are_stored_as_their_midpoints_with_french_labels():
    assert [(step.value, str(step.label)) for step in IntensityStep] == [
        ("0.05", "0 à 10 %"),
        ("0.15", "10 à 20 %"),
        ("0.25", "20 à 30 %"),
        ("0.35", "30 à 40 %"),
        ("0.45", "40 à 50 %"),
        ("0.55", "50 à 60 %"),
        ("0.65", "60 à 70 %"),
        ("0.75", "70 à 80 %"),
        ("0.85", "80 à 90 %"),
        ("0.95", "90 à 100 %"),
    ]
    assert tuple(IntensityStep.values) == INTENSITY_STEPS


@pytest.mark.parametrize(
    ("value", "step"),
    [
        (0, "0.05"),
        (0.0999, "0.05"),
        (0.1, "0.15"),
        (0.3, "0.35"),  # 0.3 is 0.29999999999999998 in binary: read as a decimal
        (0.3608333333, "0.35"),
        (0.43, "0.45"),
        (0.6999, "0.65"),
        (0.7, "0.75"),
        ("0.65", "0.65"),
        (Decimal("0.95"), "0.95"),
        (1, "0.95"),
        (None, ""),
        ("", ""),
    ],
)
def test_a_value_falls_in_the_step_closed_below_and_open_above(value, step):
    assert intensity_step(value) == step


@pytest.mark.parametrize("value", [-0.01, 1.01, "abc", float("nan")])
def test_a_value_outside_zero_to_one_has_no_step(value):
    with pytest.raises(ValueError):
        intensity_step(value)


def test_study_labels_print_the_step_a_value_falls_in():
    assert band(0.65) == "60 à 70 %"
    assert band("0.65") == "60 à 70 %"
    assert band(0.43) == "40 à 50 %"  # an unrounded type default
    assert band(0.05) == "0 à 10 %"
    assert band(1.0) == "90 à 100 %"
    assert band(None) == band("") == band("n/a") == band(float("nan")) == band(7) == "—"
    assert IntensityStep.label_of(0.3205) == "30 à 40 %"
    assert IntensityStep.label_of("") == ""


def test_choosing_the_step_of_the_default_is_not_a_change():
    # rediger-courrier's default is 0.605, in the step 60-70 %.
    same = InventoryTask(task_type="rediger-courrier", intensity="0.65")
    other = InventoryTask(task_type="rediger-courrier", intensity="0.55")
    blank = InventoryTask(task_type="rediger-courrier", intensity="")
    assert (changed_defaults(same), changed_defaults(other), changed_defaults(blank)) == (
        False,
        True,
        False,
    )


def test_the_migration_maps_each_band_to_the_step_that_contains_it():
    assert migration.BANDS_TO_STEPS == {
        "0.125": "0.15",
        "0.375": "0.35",
        "0.625": "0.65",
        "0.875": "0.85",
    }
    for old, new in migration.BANDS_TO_STEPS.items():
        assert intensity_step(old) == new


def _task(role, position: int, intensity: str) -> InventoryTask:
    return InventoryTask.objects.create(
        inventory_role=role, position=position, description=f"Tâche {position}", intensity=intensity
    )


@pytest.mark.django_db
def test_the_migration_moves_stored_answers_and_its_reverse_moves_them_back(inventory_a):
    role = inventory_a.roles.first()
    stored = ["0.125", "0.375", "0.625", "0.875", "", "0.625"]
    tasks = [_task(role, position, value) for position, value in enumerate(stored)]

    migration.bands_to_steps(apps, None)
    assert [InventoryTask.objects.get(pk=t.pk).intensity for t in tasks] == [
        "0.15", "0.35", "0.65", "0.85", "", "0.65",
    ]  # fmt: skip

    migration.steps_to_bands(apps, None)
    assert [InventoryTask.objects.get(pk=t.pk).intensity for t in tasks] == stored


@pytest.mark.django_db
def test_the_migration_counts_the_rows_it_changes_and_leaves_steps_alone(inventory_a):
    role = inventory_a.roles.first()
    kept = _task(role, 1, "0.45")
    moved = _task(role, 2, "0.875")
    tasks = InventoryTask.objects.all()
    assert migration.remap_intensities(tasks, migration.BANDS_TO_STEPS) == 1
    assert migration.remap_intensities(tasks, migration.BANDS_TO_STEPS) == 0
    kept.refresh_from_db()
    moved.refresh_from_db()
    assert (kept.intensity, moved.intensity) == ("0.45", "0.85")
