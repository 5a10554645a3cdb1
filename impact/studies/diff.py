"""What changed between two versions of a study: figures that moved, roles added or removed.

Works on the JSON snapshots stored with each version, so any two versions can be
compared long after they were generated.
"""

from django.utils.translation import gettext_lazy as _

SECTION_LABELS = {
    "coverage": _("Couverture"),
    "summary": _("Synthèse"),
    "ladder": _("Échelle des agents concernés"),
    "gradients": _("Gradients OIT"),
    "categories": _("Catégories OIT 2023"),
    "by_directorate": _("Par direction"),
    "by_service": _("Par service"),
    "services": _("Postes des services"),
}
NAME_KEYS = ("key", "name", "title", "label", "code")
COMPARED_SECTIONS = (
    "coverage",
    "summary",
    "ladder",
    "gradients",
    "categories",
    "by_directorate",
    "by_service",
    "services",
)
TOLERANCE = 0.0005


def _item_name(item, index: int) -> str:
    if isinstance(item, dict):
        for key in NAME_KEYS:
            if item.get(key) not in (None, ""):
                return str(item[key])
    return str(index + 1)


def flatten(value, path: tuple = ()) -> dict[tuple, float]:
    """Every number of a snapshot section, keyed by a readable path of names."""
    if isinstance(value, bool):
        return {}
    if isinstance(value, int | float):
        return {path: float(value)}
    if isinstance(value, dict):
        result = {}
        for key, child in value.items():
            result |= flatten(child, (*path, str(key)))
        return result
    if isinstance(value, list):
        result = {}
        for index, child in enumerate(value):
            result |= flatten(child, (*path, _item_name(child, index)))
        return result
    return {}


def _roles(snapshot: dict) -> set[tuple[str, str]]:
    return {
        (service.get("name", ""), role.get("title", ""))
        for service in snapshot.get("services", [])
        for role in service.get("roles", [])
    }


def compare_snapshots(old: dict, new: dict) -> dict:
    """The figures that moved (by more than rounding) and the roles added or removed."""
    moved = []
    for section in COMPARED_SECTIONS:
        before, after = flatten(old.get(section)), flatten(new.get(section))
        for path in sorted(before.keys() | after.keys()):
            a, b = before.get(path), after.get(path)
            if a is None or b is None or abs(a - b) > TOLERANCE:
                moved.append(
                    {
                        "section": section,
                        "section_label": str(SECTION_LABELS[section]),
                        "path": " › ".join(path),
                        "old": a,
                        "new": b,
                    }
                )
    old_roles, new_roles = _roles(old), _roles(new)
    return {
        "moved": moved,
        "roles_added": sorted(new_roles - old_roles),
        "roles_removed": sorted(old_roles - new_roles),
    }
