"""``manage.py send_campaign_reminders``: send today's campaign reminders, for cron.

Celery beat runs the same action every day at 8:00 (``CELERY_BEAT_SCHEDULE``); a server
without beat runs this command from cron instead. Running it twice sends nothing more.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys.actions.campaigns import campaign_send_reminders


class Command(BaseCommand):
    help = "Envoie les relances des campagnes dont la date limite approche (une fois par campagne)."

    def handle(self, *args, **options) -> None:
        sent = campaign_send_reminders(today=timezone.localdate())
        self.stdout.write(_("%(count)d e-mail(s) de relance envoyé(s).") % {"count": sent})
