"""Celery tasks of the agents' survey: thin, ids in, one action called."""

from celery import shared_task

from impact.voice import actions, calibration
from impact.voice.models import AgentSurvey


@shared_task(name="impact.tasks.voice_posterior_check")
def voice_posterior_check(survey_id: int) -> bool:
    """Make the city's own uncertainty matrix the method's once the campaign reaches 300
    double-rated tasks (``actions.city_posterior_check``); run by ``voice_hourly``."""
    survey = AgentSurvey.objects.filter(pk=survey_id).select_related("campaign").first()
    if survey is None:
        return False
    found = calibration.campaign_calibration(survey)
    return actions.city_posterior_check(
        survey=survey, posterior=found.posterior, tasks=found.summary.double_rated_tasks
    )


@shared_task(name="impact.tasks.voice_hourly")
def voice_hourly() -> dict:
    """Every hour (Celery beat): release the last waiting answers of the closed surveys, then
    give a campaign that reached 300 double-rated tasks the city's own matrix."""
    released = actions.closed_surveys_release()
    applied = 0
    for survey in AgentSurvey.objects.filter(answers__isnull=False).distinct():
        applied += voice_posterior_check(survey.pk)
    return {"released": released, "applied": applied}
