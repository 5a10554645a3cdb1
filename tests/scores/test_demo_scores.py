"""The demo's submitted and validated inventories come with their score snapshots."""

from io import StringIO

import pytest
from django.core.management import call_command

from impact.scores.models import InventoryScore
from surveys.models import Inventory


@pytest.mark.django_db
def test_load_demo_scores_every_submitted_and_validated_inventory_once(settings):
    settings.DEBUG = True
    output = StringIO()
    call_command("load_demo", stdout=output, stderr=StringIO())
    done = Inventory.objects.filter(status__in=["submitted", "validated"])
    assert done.count() == 11
    assert InventoryScore.objects.filter(is_current=True).count() == 11
    assert set(InventoryScore.objects.values_list("inventory", flat=True)) == set(
        done.values_list("pk", flat=True)
    )
    assert "Scores calculés pour 11 états des lieux" in output.getvalue()

    call_command("load_demo", stdout=output, stderr=StringIO())
    assert InventoryScore.objects.count() == 11
