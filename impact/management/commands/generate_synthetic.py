"""``manage.py generate_synthetic --agents N --seed S``: a synthetic collectivité, scored.

Builds (in an empty database) a collectivité of about N agents shaped like the demo's, with
one or more closed campaigns whose inventories are validated and scored by the engine
(``impact.bench.synthetic``). Same seed, same collectivité, same scores. Used by the tests (a few
hundred agents) and by ``bench_dashboards`` (3,000 to 90,000 agents). The time it takes is
printed; docs/benchmarks.md records it for 90,000 agents.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from impact.bench.synthetic import SyntheticConflictError, synthetic_collectivite_create


class Command(BaseCommand):
    help = (
        "Crée une collectivité synthétique d'environ N agents (organigramme, campagnes closes, "
        "états des lieux validés et scores calculés), identique pour une même graine."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--agents", type=int, default=3000, help=_("Nombre d'agents visé."))
        parser.add_argument("--seed", type=int, default=1, help=_("Graine aléatoire."))
        parser.add_argument(
            "--campaigns", type=int, default=1, help=_("Nombre de campagnes closes (1 à 5).")
        )

    def handle(self, *args, agents: int, seed: int, campaigns: int, **options) -> None:
        if agents < 10:
            raise CommandError(_("Il faut au moins 10 agents."))
        if not 1 <= campaigns <= 5:
            raise CommandError(_("Le nombre de campagnes va de 1 à 5."))
        start = time.perf_counter()
        try:
            counts = synthetic_collectivite_create(agents=agents, seed=seed, campaigns=campaigns)
        except SyntheticConflictError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - start
        self.stdout.write(
            _(
                "Collectivité synthétique : %(agents)s agents, %(directorates)s directions, "
                "%(services)s services, %(roles)s postes ; %(campaigns)s campagne(s), "
                "%(validated)s états des lieux validés sur %(inventories)s, %(tasks)s tâches, "
                "%(role_scores)s scores de postes ; %(seconds)s s."
            )
            % (
                {key: number_format(value, force_grouping=True) for key, value in counts.items()}
                | {"seconds": number_format(round(seconds, 1), decimal_pos=1)}
            )
        )
