"""Reads that feed the score pages, in a bounded number of queries."""

from impact import actions, labels
from impact.models import InventoryScore
from surveys.actions.inventories import roles_with_tasks


def _role_view(title: str, headcount: int, values: dict) -> dict:
    return values | {
        "title": title,
        "headcount": headcount,
        "gradient_label": labels.gradient_label(values.get("gradient_2025")),
        "category_label": labels.category_label(values.get("category_2023")),
        "ilo_gradient_label": labels.gradient_label(values.get("ilo_gradient"))
        if values.get("ilo_gradient")
        else "",
    }


def stored_scores(inventory) -> dict | None:
    """The current snapshot of an inventory, shaped for the score page."""
    score = (
        InventoryScore.objects.filter(inventory=inventory, is_current=True)
        .prefetch_related("roles")
        .first()
    )
    if score is None:
        return None
    roles = [_role_view(r.title, r.headcount, vars(r)) for r in score.roles.all()]
    return {"roles": roles, "snapshot": score, "live": False}


def live_scores(inventory) -> dict | None:
    """Scores computed now from the current answers, stored nowhere (the head's preview)."""
    row = actions.method_settings_get()
    roles = {role.pk: role for role in roles_with_tasks(inventory)}
    result = actions.compute_scores(roles.values(), actions.method_parameters(row))
    if result is None:
        return None
    views = [
        _role_view(roles[key].title, roles[key].headcount, values)
        for key, values in result["roles"].items()
    ]
    return {"roles": sorted(views, key=lambda r: r["title"]), "snapshot": None, "live": True}


def inventory_scores(inventory) -> dict | None:
    """A snapshot once the inventory is submitted or validated; a live preview before."""
    if not inventory.is_editable:
        stored = stored_scores(inventory)
        if stored is not None:
            return stored
    return live_scores(inventory)
