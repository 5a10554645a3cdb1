"""Permission matrix rows of the dashboards.

Administrators, delegates and officials read every dashboard; a department head is sent
from the overview to their own service's dashboard (302), reads their services' pages and
role receipts (404 for another service) and is refused the directorates and the comparison
(403). ``build`` adds a closed campaign whose État civil inventory is validated and scored,
for the role receipt's row (the officer: 6 agents, not a small group).
"""

import datetime

from tests.permissions.rows.inventories import LOGIN

READERS = {"anonymous": LOGIN, "no_persona_user": 403} | dict.fromkeys(
    ["administrator", "delegate", "official"], 200
)
SERVICE_A = READERS | {"head_a": 200, "head_b": 404}


def build(objs):
    from impact.scores import actions
    from surveys.models import Campaign, Inventory
    from tests.helpers import fill_inventory as _fill
    from tests.helpers import make_inventory

    campaign = Campaign.objects.create(
        title="Campagne 2025",
        slug="campagne-2025",
        questionnaire=objs["campaign"].questionnaire,
        opens_on=datetime.date(2025, 11, 1),
        closes_on=datetime.date(2025, 12, 15),
        status=Campaign.Status.CLOSED,
    )
    inventory = make_inventory(campaign, objs["service_a"])
    _fill(inventory)
    Inventory.objects.filter(pk=inventory.pk).update(status=Inventory.Status.VALIDATED)
    inventory.refresh_from_db()
    score = actions.inventory_score(inventory=inventory, trigger="validated")
    return {"role_score_a": score.roles.get(title="Officier d'état civil")}


ROWS = {
    "impact-dashboard": (lambda objs: {}, READERS | {"head_a": 302, "head_b": 302}),
    "impact-dashboard-directorate": (
        lambda objs: {"pk": objs["service_a"].directorate_id},
        READERS | {"head_a": 403, "head_b": 403},
    ),
    "impact-dashboard-service": (lambda objs: {"pk": objs["service_a"].pk}, SERVICE_A),
    "impact-dashboard-role": (lambda objs: {"pk": objs["role_score_a"].pk}, SERVICE_A),
    "impact-dashboard-compare": (lambda objs: {}, READERS | {"head_a": 403, "head_b": 403}),
}
