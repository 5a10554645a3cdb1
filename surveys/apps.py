from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("États des lieux")

    def ready(self) -> None:
        # Registers the Celery tasks that the actions send by name.
        from surveys import tasks  # noqa: F401
