"""Give every editable inventory of the demo campaign its own head account, for ``make load``.

The demo has two head accounts for three inventories, two of them editable: twenty simulated
heads saving those two would measure a queue on one row, not a campaign, and every save but
one would be refused as stale. A real campaign has one head per service, so this script adds
``load.head.<inventory id>`` accounts (persona head, the demo password), each heading one
editable service (not started, draft or returned) and one scored service (submitted or
validated, shared round-robin) whose scores page it reads. It writes the accounts to the
JSON file given as argument, which ``loadtest/locustfile.py`` reads.

Run by ``scripts/load.sh`` on the dedicated load database after ``load_demo``:
``python loadtest/prepare_heads.py var/load/heads.json``. Idempotent.
"""

import json
import os
import sys
from itertools import cycle
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PREFIX = "load.head."


def prepare(output: Path) -> int:
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from services.models import Persona, User
    from surveys.demo import CAMPAIGN_SLUG
    from surveys.models import Inventory

    inventories = Inventory.objects.filter(campaign__slug=CAMPAIGN_SLUG).order_by("pk")
    editable = list(
        inventories.filter(
            status__in=[
                Inventory.Status.NOT_STARTED,
                Inventory.Status.DRAFT,
                Inventory.Status.RETURNED,
            ]
        )
    )
    scored = list(
        inventories.filter(
            status__in=[Inventory.Status.SUBMITTED, Inventory.Status.VALIDATED],
            scores__isnull=False,
        ).distinct()
    )
    if not editable or not scored:
        raise SystemExit("The demo campaign has no editable or no scored inventory: load_demo?")
    # One hash for every account: hashing 50 passwords would take 20 s for nothing.
    password = make_password(settings.IMPACT_DEMO_PASSWORD)
    accounts = []
    with transaction.atomic():
        for inventory, scored_inventory in zip(editable, cycle(scored), strict=False):
            user, _created = User.objects.update_or_create(
                username=f"{PREFIX}{inventory.pk}",
                defaults={
                    "first_name": "Charge",
                    "last_name": f"Test {inventory.pk}",
                    "email": f"{PREFIX}{inventory.pk}@example.org",
                    "persona": Persona.HEAD,
                    "is_active": True,
                    "password": password,
                },
            )
            user.services.set([inventory.service_id, scored_inventory.service_id])
            accounts.append(
                {
                    "username": user.username,
                    "inventory": inventory.pk,
                    "scored_inventory": scored_inventory.pk,
                }
            )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(accounts, indent=1) + "\n", encoding="utf-8")
    return len(accounts)


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(f"usage: {sys.argv[0]} OUTPUT.json")
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impact.settings")
    import django

    django.setup()
    count = prepare(Path(sys.argv[1]))
    print(f"{count} head accounts, one editable inventory each, in {sys.argv[1]}")


if __name__ == "__main__":
    main()
