"""The engine's task table built from an inventory's rows (impact/scores/frames.py)."""

import math

import pytest

from impact.scores.frames import task_record
from surveys.models import InventoryTask


def test_a_task_of_a_physical_type_carries_the_physical_flag():
    row = task_record(InventoryTask(task_type="entretenir-espaces-verts", time_share=100), 7)
    assert row["physical"] is True
    assert row["accountable"] is True
    assert row["intensity"] == pytest.approx(0.12)  # the type's unrounded ILO anchor mean


@pytest.mark.parametrize("task_type", ["rediger-courrier", "tenir-etat-civil", "", "inconnu"])
def test_other_tasks_are_not_physical(task_type):
    row = task_record(InventoryTask(task_type=task_type, accountable=True), 7)
    assert row["physical"] is False


def test_the_heads_step_replaces_the_types_default_intensity():
    chosen = task_record(InventoryTask(task_type="repondre-telephone", intensity="0.65"), 1)
    default = task_record(InventoryTask(task_type="repondre-telephone"), 1)
    untyped = task_record(InventoryTask(task_type=""), 1)
    assert chosen["intensity"] == 0.65
    assert default["intensity"] == pytest.approx((0.415 + 0.32 + 0.3475) / 3)
    assert math.isnan(untyped["intensity"])
