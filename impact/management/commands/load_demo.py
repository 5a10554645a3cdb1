"""``manage.py load_demo``: the demo collectivité, its accounts, the questionnaires and a campaign.

The ``impact`` app orchestrates the apps below it (CONTRIBUTING.md: ``services`` and ``surveys``
never import ``impact``): first the organisation chart and the demo accounts
(``services.demo``), then the questionnaire files (``load_questionnaires``), then the open
demo campaign and its inventories at every stage (``surveys.demo``). Every step is
idempotent, so ``make run`` runs it on every start.
"""

from collections import Counter

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from impact.consultation.demo import CREATED as CONSULTATION_CREATED
from impact.consultation.demo import SKIPPED as CONSULTATION_SKIPPED
from impact.consultation.demo import load_demo_consultation
from impact.scores.actions import score_unscored_inventories
from impact.voice.demo import CREATED as VOICE_CREATED
from impact.voice.demo import load_demo_voice
from impact.voice.selectors import entry_path
from services.demo import (
    ACCOUNTS,
    CREATED,
    ORGANISATION_NAME,
    UNCHANGED,
    UPDATED,
    DemoConflictError,
    load_demo,
)
from services.models import Role
from services.web.mail import site_url
from surveys.demo import CAMPAIGN_TITLE, load_demo_campaign
from surveys.models import Inventory


class Command(BaseCommand):
    help = (
        "Charge la collectivité fictive de démonstration, ses comptes, les questionnaires et "
        "une campagne en cours (sans doublon)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Charger même avec DJANGO_DEBUG=0 (mots de passe de démo connus de tous).",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DJANGO_DEBUG=0 : refus de charger les données de démonstration, dont les "
                    "comptes ont un mot de passe connu. Relancez avec --force si c'est voulu."
                )
            )
        try:
            report = load_demo()
        except DemoConflictError as error:
            # A real collectivité is there: leave it alone, and let `make run` go on.
            self.stderr.write(self.style.WARNING(str(error)))
            return
        self._write_counts(report)
        self.stdout.write("")
        call_command("load_questionnaires", stdout=self.stdout, stderr=self.stderr)
        self._write_campaign(load_demo_campaign())
        scored = score_unscored_inventories()
        self.stdout.write(_("  Scores calculés pour %d états des lieux soumis ou validés") % scored)
        self._write_voice(load_demo_voice())
        self._write_consultation(load_demo_consultation())
        self._write_accounts()

    def _write_counts(self, report: dict[str, Counter[str]]) -> None:
        labels = {
            "organisation": _("Collectivité"),
            "directorates": _("Directions"),
            "services": _("Services"),
            "roles": _("Postes"),
            "users": _("Comptes"),
        }
        self.stdout.write(self.style.SUCCESS(_("Démonstration : %s") % ORGANISATION_NAME))
        self.stdout.write(f"  {'':<14}{_('créés'):>8}{_('modifiés'):>10}{_('inchangés'):>11}")
        for kind, label in labels.items():
            counts = report[kind]
            self.stdout.write(
                f"  {label:<14}{counts[CREATED]:>8}{counts[UPDATED]:>10}{counts[UNCHANGED]:>11}"
            )
        totals = Role.objects.filter(
            service__directorate__organisation__name=ORGANISATION_NAME
        ).aggregate(headcount=Sum("headcount"), fte=Sum("fte"))
        self.stdout.write(
            _("  Effectif : %(headcount)s agents, %(fte)s ETP")
            % {
                "headcount": number_format(totals["headcount"] or 0, force_grouping=True),
                "fte": number_format(totals["fte"] or 0, decimal_pos=2, force_grouping=True),
            }
        )

    def _write_campaign(self, report: dict) -> None:
        outcome = _("créée") if report["campaign"] == CREATED else _("déjà présente")
        self.stdout.write("")
        self.stdout.write(
            _("Campagne « %(title)s » : %(outcome)s")
            % {"title": CAMPAIGN_TITLE, "outcome": outcome}
        )
        inventories = report["inventories"]
        self.stdout.write(
            _(
                "  États des lieux : %(created)d créés, %(unchanged)d inchangés ; %(tasks)d tâches créées"
            )
            % {
                "created": inventories[CREATED],
                "unchanged": inventories[UNCHANGED],
                "tasks": report["tasks"],
            }
        )
        for status, label in Inventory.Status.choices:
            self.stdout.write(f"  {label!s:<26}{report['statuses'][status]:>4}")

    def _write_voice(self, report: dict) -> None:
        self.stdout.write("")
        outcome = _("ouverte") if report["survey"] == VOICE_CREATED else _("déjà présente")
        self.stdout.write(
            _(
                "Enquête auprès des agents : %(outcome)s ; %(answers)d réponses pour %(roles)d postes"
            )
            % {"outcome": outcome, "answers": report["answers"], "roles": report["roles"]}
        )
        code = report.get("code")
        if code == "used":
            self.stdout.write(_("  Code agent de démonstration : déjà utilisé"))
        elif code:
            self.stdout.write(
                _("  Code agent de démonstration (usage unique) : %(code)s → %(url)s")
                % {"code": code, "url": site_url(entry_path(code))}
            )

    def _write_consultation(self, report: dict) -> None:
        self.stdout.write("")
        if report["consultation"] == CONSULTATION_SKIPPED:
            self.stdout.write(_("Consultation de démonstration : non chargée"))
            return
        outcome = (
            _("créée") if report["consultation"] == CONSULTATION_CREATED else _("déjà présente")
        )
        self.stdout.write(
            _("Consultation sur l'étude « Espaces verts », version %(number)d : %(outcome)s")
            % {"number": report["version"], "outcome": outcome}
        )
        self.stdout.write(
            _("  %(comments)d commentaires et réponses, %(opinions)d avis syndical")
            % {"comments": report["comments"], "opinions": report["opinions"]}
        )

    def _write_accounts(self) -> None:
        # A password chosen through the environment is a secret: do not echo it.
        if settings.IMPACT_DEMO_PASSWORD == "demo":
            password = _("mot de passe : demo")
        else:
            password = _("mot de passe : la valeur de IMPACT_DEMO_PASSWORD")
        self.stdout.write("")
        self.stdout.write(_("Comptes de démonstration (%s)") % password)
        self.stdout.write(f"  {_('Identifiant'):<20}{_('Profil'):<28}{_('Nom')}")
        for account in ACCOUNTS:
            name = f"{account.first_name} {account.last_name}"
            self.stdout.write(f"  {account.username:<20}{account.persona.label!s:<28}{name}")
