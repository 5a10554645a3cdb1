"""Permission matrix rows of the score pages."""

from tests.permissions.rows.inventories import HEAD_A_ONLY, LOGIN

OTHERS = ["no_persona_user", "head_a", "head_b", "delegate", "official"]

ROWS = {
    "impact-inventory-scores": (
        lambda objs: {"pk": objs["inventory_a"].pk},
        HEAD_A_ONLY | {"administrator": 200},
    ),
    "impact-method-settings": (
        lambda objs: {},
        {"anonymous": LOGIN, "administrator": 200} | dict.fromkeys(OTHERS, 403),
    ),
    "impact-rescore-job": (
        lambda objs: {"pk": objs["rescore_job"].pk},
        {"anonymous": LOGIN, "administrator": 200} | dict.fromkeys(OTHERS, 403),
    ),
}


def build(objs) -> dict:
    """A finished re-scoring job of the campaign, for its status URL."""
    from impact.scores.models import RescoreJob

    job = RescoreJob.objects.create(
        campaign=objs["campaign"], method_version="2.0", status=RescoreJob.Status.DONE
    )
    return {"rescore_job": job}


STUDY_READERS = {
    "anonymous": LOGIN,
    "no_persona_user": 404,
    "administrator": 200,
    "head_a": 200,
    "head_b": 404,  # another service's study does not exist for them
    "delegate": 200,
    "official": 200,
}


def _study(objs):
    return {"pk": objs["study_a"].pk}


ROWS |= {
    "impact-study-list": (
        lambda objs: {},
        {"anonymous": LOGIN, "no_persona_user": 403}
        | dict.fromkeys(["administrator", "head_a", "head_b", "delegate", "official"], 200),
    ),
    "impact-study-detail": (_study, STUDY_READERS),
    "impact-study-compare": (_study, STUDY_READERS),
    "impact-study-job": (lambda objs: _study(objs) | {"job_pk": objs["job_a"].pk}, STUDY_READERS),
    "impact-study-download": (lambda objs: _study(objs) | {"number": 1}, STUDY_READERS),
}
POST_ONLY = {
    "impact-study-request", "impact-study-regenerate", "impact-study-job-retry",
    "impact-rescore-request",
}  # fmt: skip
POST_ONLY_KWARGS = {
    "impact-study-regenerate": _study,
    "impact-study-job-retry": lambda objs: _study(objs) | {"job_pk": objs["job_a"].pk},
}
