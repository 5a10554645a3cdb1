"""Benchmark of the dashboard pages (``make bench``).

In a temporary database (never the project's), builds synthetic collectivités of the demo's
size (about 3,000 agents), ×10 and ×30, each with two closed campaigns, and requests every
dashboard page in-process with the test Client as an elected official (small groups folded,
the most work). Prints Markdown rows: agents, page, SQL queries, the first request's server
time and the median of the next ones, in milliseconds.
"""

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from impact.bench.timing import DEMO_SIZE, fresh_synthetic, sizes_option, temporary_database, timed
from impact.dashboards.selectors import small_group_plan
from impact.scores.models import RoleScore
from services.models import Persona, User
from surveys.models import Campaign

HEADER = (
    "| agents | page | SQL queries | first request (ms) | median (ms) |\n|---:|---|---:|---:|---:|"
)


def _pages() -> list[tuple[str, str]]:
    """(name, URL) of each dashboard page, on the latest campaign's largest groups."""
    campaign = Campaign.objects.order_by("-opens_on").first()
    plan = small_group_plan(campaign)
    role = (
        RoleScore.objects.filter(score__is_current=True, score__inventory__campaign=campaign)
        .exclude(pk__in=plan.roles)
        .select_related("score__inventory__service")
        .order_by("-headcount", "pk")
        .first()
    )
    service = role.score.inventory.service
    return [
        ("collectivité", reverse("impact-dashboard")),
        ("direction", reverse("impact-dashboard-directorate", args=[service.directorate_id])),
        ("service", reverse("impact-dashboard-service", args=[service.pk])),
        ("reçu d'un poste", reverse("impact-dashboard-role", args=[role.pk])),
        ("comparaison de 2 campagnes", reverse("impact-dashboard-compare")),
        ("export XLSX (collectivité)", reverse("impact-dashboard") + "?format=xlsx"),
    ]


class Command(BaseCommand):
    help = "Mesure le temps serveur des tableaux de bord sur des collectivités synthétiques."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            type=sizes_option,
            default=[DEMO_SIZE, 10 * DEMO_SIZE, 30 * DEMO_SIZE],
            help="Nombres d'agents, séparés par des virgules (défaut : 3000,30000,90000).",
        )
        parser.add_argument("--repeat", type=int, default=5, help="Requêtes après la première.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, sizes, repeat, seed, **options):
        with temporary_database():
            self.stdout.write(HEADER)
            for agents in sizes:
                counts, seconds = fresh_synthetic(agents, seed, campaigns=2)
                self.stderr.write(
                    f"{counts['agents']:,} agents, {counts['roles']:,} postes, "
                    f"{counts['tasks']:,} tâches (2 campagnes) générés en {seconds:.1f} s"
                )
                client = Client()
                client.force_login(
                    User.objects.create_user(username="elu", persona=Persona.OFFICIAL)
                )
                for name, url in _pages():
                    self.stdout.write(self._row(client, counts["agents"], name, url, repeat))

    def _row(self, client, agents: int, name: str, url: str, repeat: int) -> str:
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        with CaptureQueriesContext(connection) as queries:
            first = timed(get, 0)[0]
        count = len(queries)  # now: the next request empties the connection's query log
        median = timed(get, repeat - 1)[1]
        return f"| {agents:,} | {name} | {count} | {first * 1000:,.0f} | {median * 1000:,.0f} |"
