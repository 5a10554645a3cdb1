"""Connects the impact app to the surveys app's signals (see ImpactConfig.ready)."""

from impact.models import InventoryScore


def score_after_submission(sender, inventory_id: int, **kwargs) -> None:
    from impact.tasks import score_inventory

    score_inventory.delay(inventory_id, InventoryScore.Trigger.SUBMITTED)


def score_after_validation(sender, inventory_id: int, **kwargs) -> None:
    from impact.tasks import score_inventory

    score_inventory.delay(inventory_id, InventoryScore.Trigger.VALIDATED)
