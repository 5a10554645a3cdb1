"""Permission matrix rows of the agents' survey (``impact.voice``).

The agents' pages need no account: the entry page and the thanks page answer 200 to
everyone, the questionnaire without a code in the session sends back to the entry (302).
A second campaign, whose inventory of service_a is submitted with tasks and whose survey
is on, carries the role pages (the main campaign's inventories stay not started for the
other rows).
"""

import datetime

LOGIN = "login"
PERSONAS = [
    "anonymous",
    "no_persona_user",
    "administrator",
    "head_a",
    "head_b",
    "delegate",
    "official",
]
OTHERS = ["no_persona_user", "head_a", "head_b", "delegate", "official"]
ADMIN_ONLY = {"anonymous": LOGIN, "administrator": 200} | dict.fromkeys(OTHERS, 403)
EVERYONE = dict.fromkeys(PERSONAS, 200)
POST_ONLY_ROW = dict.fromkeys(PERSONAS, 405)
HEAD_A_AND_ADMIN = {
    "anonymous": LOGIN,
    "no_persona_user": 404,
    "administrator": 200,
    "head_a": 200,
    "head_b": 404,  # another service's inventory does not exist for them
    "delegate": 404,  # a submitted inventory is not shown to delegates
    "official": 404,
}


def build(objs) -> dict:
    from django.utils import timezone

    from impact.voice.models import AgentSurvey
    from surveys.models import Campaign, Inventory
    from tests.helpers import fill_inventory, make_inventory

    campaign = Campaign.objects.create(
        title="Campagne agents", slug="campagne-agents",
        questionnaire=objs["campaign"].questionnaire,
        opens_on=datetime.date(2026, 11, 1), closes_on=datetime.date(2026, 12, 15),
        status=Campaign.Status.OPEN,
    )  # fmt: skip
    inventory = make_inventory(campaign, objs["service_a"])
    officer, _clerk = fill_inventory(inventory)
    Inventory.objects.filter(pk=inventory.pk).update(status=Inventory.Status.SUBMITTED)
    today = timezone.localdate()
    AgentSurvey.objects.create(
        campaign=campaign, opens_on=today, closes_on=today + datetime.timedelta(days=9)
    )
    return {"voice_campaign": campaign, "voice_role": officer}


def _campaign(objs):
    return {"slug": objs["voice_campaign"].slug}


def _role(objs):
    return {"pk": objs["voice_role"].inventory_id, "role_pk": objs["voice_role"].pk}


ROWS = {
    "voice-entry": (lambda objs: {}, EVERYONE),
    "voice-answer": (lambda objs: {}, dict.fromkeys(PERSONAS, 302)),
    "voice-thanks": (lambda objs: {}, EVERYONE),
    "voice-survey": (_campaign, ADMIN_ONLY),
    "voice-calibration": (_campaign, ADMIN_ONLY),
    "voice-role": (_role, HEAD_A_AND_ADMIN),
}
POST_ONLY = {"voice-role-sheet", "voice-role-email", "voice-posterior-apply"}
POST_ONLY_KWARGS = {
    "voice-role-sheet": _role,
    "voice-role-email": _role,
    "voice-posterior-apply": _campaign,
}
