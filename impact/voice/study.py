"""« Ce que disent les agents »: the study section built from the agents' survey.

JSON-serialisable, folded by the respondent threshold for everyone: a role's calibration
from 3 respondents up; the realised use of the scope and of its groups, counting only the
roles that reach the threshold (so no difference recovers a smaller one); the agents' free texts of the
roles with enough respondents, as a list without dates, sorted (not in the order they came).
"""

from __future__ import annotations

from impact.voice import calibration as calibration_module
from impact.voice.models import AgentSurvey, ToolKind
from impact.voice.selectors import realised_use_by_scope

# The data classes an agent may say they typed into a tool ("unknown": they do not know).
TYPED_CODES = ("D0", "D1", "D2", "D3", "D4", "unknown")


def _use(use) -> dict | None:
    if use is None:
        return None
    return {
        "respondents": use.respondents,
        "users": use.users,
        "share_using": use.share_using,
        "share_unsupervised": use.share_unsupervised,
        "unsupervised": use.unsupervised,
        "city": use.by_kind.get(ToolKind.CITY, 0),
        "consumer": use.by_kind.get(ToolKind.CONSUMER, 0),
        "other": use.by_kind.get(ToolKind.OTHER, 0),
        "by_data": {code: use.by_data.get(code, 0) for code in TYPED_CODES},
    }


def _kappa(result) -> dict:
    return {
        "kappa": result.kappa, "low": result.ci_low, "high": result.ci_high, "n": result.n,
        "wide": result.wide,
    }  # fmt: skip


def _icc(result) -> dict | None:
    if result is None:
        return None
    return {"icc": result.icc, "low": result.ci_low, "high": result.ci_high, "n": result.n}


def study_voice(campaign, *, directorate=None, service=None, group_names: dict) -> dict:
    """The agents' section of a study of ``campaign`` for the collectivité, a directorate or
    a service; ``group_names``: the names of the scope's groups by key (directorate or
    service id; role titles name themselves)."""
    survey = AgentSurvey.objects.filter(campaign=campaign).first()
    if survey is None:
        return {"survey": False}
    use = realised_use_by_scope(campaign.pk, directorate=directorate, service=service)
    service_ids = None
    if service is not None:
        service_ids = [service.pk]
    elif directorate is not None:
        service_ids = list(directorate.services.values_list("pk", flat=True))
    found = calibration_module.campaign_calibration(survey, service_ids=service_ids)
    summary = found.summary
    roles = []
    concerns, training = set(), set()
    for item in found.computed:
        result = item.result
        roles.append({
            "role": item.role.title,
            "service": item.role.inventory.service.name,
            "respondents": item.respondents,
            "class_agreement": result.class_agreement,
            "kappa": result.kappa.kappa,
            "head_beta": result.head_beta,
            "agents_beta": result.agents_beta,
            "head_mean": result.head_mean,
            "agents_mean": result.agents_mean,
            "not_done": item.not_done,
            "added_tasks": result.added_tasks,
            "to_discuss": result.to_discuss,
            "reasons": list(result.reasons),
        })  # fmt: skip
        for answer in item.role.agent_answers.all():
            if answer.concerns.strip():
                concerns.add(answer.concerns.strip())
            if answer.training.strip():
                training.add(answer.training.strip())
    groups = [
        {"label": group_names.get(key, key) if not isinstance(key, str) else key, **_use(value)}
        for key, value in use.groups.items()
    ]
    groups.sort(key=lambda row: str(row["label"]))
    return {
        "survey": True,
        "threshold": use.threshold,
        "respondents": use.respondents if use.whole is not None else None,
        "use": _use(use.whole),
        "use_groups": groups,
        "roles": roles,
        "summary": {
            "roles": summary.roles,
            "roles_to_discuss": summary.roles_to_discuss,
            "double_rated_tasks": summary.double_rated_tasks,
            "kappa": _kappa(summary.kappa),
            "weighted_kappa": _kappa(summary.weighted_kappa),
            "beta_icc": _icc(summary.beta_icc),
            "beta_mad": summary.beta_mad,
            "mean_icc": _icc(summary.mean_icc),
            "mean_mad": summary.mean_mad,
            "reaches_posterior_minimum": summary.reaches_posterior_minimum,
        },
        "own_posterior": found.posterior is not None,
        "concerns": sorted(concerns),
        "training": sorted(training),
    }
