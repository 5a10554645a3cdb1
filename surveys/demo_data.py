"""What the fictional heads of Clairval-sur-Loire answered in the demo campaign.

Each ``DemoInventory`` is the état des lieux of one service of ``services.demo_data``, at
the stage it has reached. Complete inventories (submitted, returned, validated) answer every
required question and describe every role still in the chart with tasks whose shares make
100 %; drafts are left half done on purpose. The task types are codes of
``surveys/data/task_types.json``; ``accountable=None`` means "the type's default", and an
exposure or intensity given here differs from the type's default and carries the head's
justification, as the questionnaire requires. Everything is invented.

The answers live in ``surveys/data/demo_inventories.yaml``, read once at import; this module
turns them into ``DemoInventory`` objects and keeps the names other modules import.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

INVENTORIES_FILE = Path(__file__).parent / "data" / "demo_inventories.yaml"

NOT_STARTED, DRAFT, SUBMITTED, RETURNED, VALIDATED = (
    "not_started",
    "draft",
    "submitted",
    "returned",
    "validated",
)


class Task(NamedTuple):
    """One task row of a role, as the head typed it."""

    description: str
    share: int
    task_type: str
    data_class: str
    accountable: bool | None = None
    exposure: str = ""
    intensity: str = ""
    justification: str = ""


class AddedRole(NamedTuple):
    """A role the head added because the organisation chart lacks it."""

    title: str
    headcount: int
    fte: str
    note: str


@dataclass(frozen=True)
class DemoInventory:
    """The état des lieux of one service: its answers, tasks and history.

    ``days`` are the days after the campaign opened when the head started, submitted, and
    when the pilote reviewed; only those the status needs are given.
    """

    service: str
    status: str
    days: tuple[int, ...]
    answers: dict
    roles: dict[str, tuple[Task, ...]] = field(default_factory=dict)
    gone_roles: dict[str, str] = field(default_factory=dict)
    added_roles: tuple[AddedRole, ...] = ()
    return_comment: str = ""


def _inventory(entry: dict[str, Any]) -> DemoInventory:
    """One inventory from its YAML mapping; absent keys take the dataclass defaults."""
    return DemoInventory(
        service=entry["service"],
        status=entry["status"],
        days=tuple(entry["days"]),
        answers=entry["answers"],
        roles={
            title: tuple(Task(**task) for task in tasks)
            for title, tasks in entry.get("roles", {}).items()
        },
        gone_roles=dict(entry.get("gone_roles", {})),
        added_roles=tuple(AddedRole(**role) for role in entry.get("added_roles", ())),
        return_comment=entry.get("return_comment", ""),
    )


def _read(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


_DATA = _read(INVENTORIES_FILE)
_INVENTORIES = {key: _inventory(entry) for key, entry in _DATA["inventories"].items()}

# Answers several inventories share (the same dict objects as in those inventories).
NO_AI: dict[str, Any] = _DATA["ai_use"]["no_ai"]
CITY_TOOL: dict[str, Any] = _DATA["ai_use"]["city_tool"]

ETAT_CIVIL = _INVENTORIES["etat_civil"]
ACCUEIL = _INVENTORIES["accueil"]
ESPACES_VERTS = _INVENTORIES["espaces_verts"]
CARRIERES_PAIE = _INVENTORIES["carrieres_paie"]
BUDGET = _INVENTORIES["budget"]
URBANISME = _INVENTORIES["urbanisme"]
CCAS = _INVENTORIES["ccas"]
MEDIATHEQUES = _INVENTORIES["mediatheques"]
RESTAURATION_SCOLAIRE = _INVENTORIES["restauration_scolaire"]
POLICE = _INVENTORIES["police"]
COMMUNICATION = _INVENTORIES["communication"]
SUPPORT = _INVENTORIES["support"]
COMMANDE_PUBLIQUE = _INVENTORIES["commande_publique"]

DRAFTS = tuple(_inventory(entry) for entry in _DATA["drafts"])

# The named inventories in file order, then the drafts.
DEMO_INVENTORIES = (*_INVENTORIES.values(), *DRAFTS)
