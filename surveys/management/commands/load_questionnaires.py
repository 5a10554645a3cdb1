"""``manage.py load_questionnaires``: store the questionnaire files shipped with the code.

Each file of ``surveys/data/questionnaires/`` goes through ``questionnaire_load``: a new
file is created, a changed file updates its latest version (or makes the next one when a
campaign has opened it), an identical one is left alone. Running it twice changes nothing.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from surveys.actions.questionnaires import questionnaire_load
from surveys.questionnaires import shipped_questionnaire_files


class Command(BaseCommand):
    help = "Charge les questionnaires livrés avec l'application (sans doublon)."

    def handle(self, *args, **options) -> None:
        outcomes = {
            "created": _("créé"),
            "updated": _("mis à jour"),
            "unchanged": _("inchangé"),
        }
        for path in shipped_questionnaire_files():
            try:
                questionnaire, outcome = questionnaire_load(path=path)
            except (ValidationError, ValueError) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                raise CommandError(
                    _("%(file)s : questionnaire invalide : %(errors)s")
                    % {"file": path.name, "errors": " ; ".join(messages)}
                ) from error
            self.stdout.write(
                _("Questionnaire %(file)s : %(outcome)s (version %(version)s)")
                % {
                    "file": path.name,
                    "outcome": outcomes[outcome],
                    "version": questionnaire.version,
                }
            )
