from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Organisation")

    def ready(self):
        from services import tasks  # noqa: F401  (registers the outbox relay task)
        from services.web import sessions  # noqa: F401  (connects the login signal receiver)
