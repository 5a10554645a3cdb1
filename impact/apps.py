from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("Études d'impact")

    def ready(self) -> None:
        # The Celery app first: the task modules below register their tasks with it, and
        # actions send tasks by name.
        from impact import celery  # noqa: F401
        from impact.consultation import tasks as consultation_tasks  # noqa: F401
        from impact.consultation.selectors import study_annex
        from impact.scores import receivers
        from impact.scores import tasks as score_tasks  # noqa: F401
        from impact.studies import content
        from impact.studies import tasks as study_tasks  # noqa: F401
        from impact.voice import tasks as voice_tasks  # noqa: F401
        from surveys.signals import inventory_submitted, inventory_validated

        # surveys never imports impact: it sends signals, which impact listens to here.
        inventory_submitted.connect(
            receivers.score_after_submission, dispatch_uid="impact-score-submit"
        )
        inventory_validated.connect(
            receivers.score_after_validation, dispatch_uid="impact-score-valid"
        )
        # Studies never import the consultation: it hands them the annex of a study.
        content.annex_builder_set(study_annex)
