"""Permission matrix rows of the score pages."""

from tests.permission_rows.inventories import HEAD_A_ONLY, LOGIN

OTHERS = ["no_persona_user", "head_a", "head_b", "delegate", "official"]

ROWS = {
    "impact-inventory-scores": (
        lambda objs: {"pk": objs["inventory_a"].pk},
        HEAD_A_ONLY | {"administrator": 200},
    ),
    "impact-method-settings": (
        lambda objs: {},
        {"anonymous": LOGIN, "administrator": 200} | dict.fromkeys(OTHERS, 403),
    ),
}
