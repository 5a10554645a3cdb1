from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("Études d'impact")

    def ready(self) -> None:
        # surveys never imports impact: it sends signals, which impact listens to here.
        from impact import signals
        from surveys.signals import inventory_submitted, inventory_validated

        inventory_submitted.connect(
            signals.score_after_submission, dispatch_uid="impact-score-submit"
        )
        inventory_validated.connect(
            signals.score_after_validation, dispatch_uid="impact-score-valid"
        )
