"""A validated, scored inventory for study tests."""

import pytest

from impact.scores import actions
from surveys.models import Inventory
from tests.impact.test_inventory_score import _fill


@pytest.fixture
def scored_campaign(campaign, inventory_a, inventory_b):
    """inventory_a (État civil) validated and scored; inventory_b left not started."""
    _fill(inventory_a)
    Inventory.objects.filter(pk=inventory_a.pk).update(status=Inventory.Status.VALIDATED)
    inventory_a.refresh_from_db()
    actions.inventory_score(inventory=inventory_a, trigger="validated")
    return campaign
