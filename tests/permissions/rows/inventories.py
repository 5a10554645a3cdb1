"""Permission matrix rows of the inventory pages (inventory_a is not started: a draft)."""

LOGIN = "login"
READERS = ["administrator", "head_a", "head_b", "delegate", "official"]

HEAD_A_ONLY = {
    "anonymous": LOGIN,
    "no_persona_user": 404,
    "administrator": 403,  # may see it, may not fill it
    "head_a": 200,
    "head_b": 404,  # another service's draft does not exist for them
    "delegate": 404,  # drafts are never shown to delegates
    "official": 404,
}


def _inventory(objs):
    return {"pk": objs["inventory_a"].pk}


ROWS = {
    "surveys-inventory-list": (
        lambda objs: {},
        {"anonymous": LOGIN, "no_persona_user": 403} | dict.fromkeys(READERS, 200),
    ),
    "surveys-inventory-detail": (
        _inventory,
        HEAD_A_ONLY | {"administrator": 200},
    ),
    "surveys-inventory-section": (
        lambda objs: _inventory(objs) | {"section": "service"},
        HEAD_A_ONLY,
    ),
    "surveys-inventory-roles": (_inventory, HEAD_A_ONLY),
    "surveys-inventory-role-tasks": (
        lambda objs: _inventory(objs) | {"role_pk": objs["inventory_a"].roles.first().pk},
        HEAD_A_ONLY,
    ),
    "surveys-inventory-review": (
        _inventory,
        {"anonymous": LOGIN, "administrator": 200}
        | dict.fromkeys(["no_persona_user", "head_a", "head_b", "delegate", "official"], 403),
    ),
}
POST_ONLY = {"surveys-inventory-submit"}
