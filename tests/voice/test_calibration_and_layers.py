"""Calibration (kappa on a hand-computed example), the study's « Ce que disent les agents »,
the dashboards' realised use, all folded below 3 respondents; the city's own matrix."""

import re

import pytest
from django.urls import reverse

from impact.scores import actions as score_actions
from impact.scores.models import MethodSettings, RescoreJob
from impact.scores.selectors import method_parameters, method_settings_get
from impact.studies import content as study_content
from impact.studies.models import Study
from impact.studies.render import render_study_html, study_charts
from impact.voice import actions, calibration
from impact.voice.codes import code_digest
from impact.voice.models import AgentTaskAnswer
from impact.voice.selectors import realised_use_by_scope
from tests.helpers import add_task, params

# Head: letters E1, desk E0, acts E2, notes E1. Every agent: E1, E0, E1, E1.
# Pairs (head, agents): (E1,E1) (E0,E0) (E2,E1) (E1,E1): p_o = 3/4.
# Head's marginals E0 1/4, E1 1/2, E2 1/4; agents' E0 1/4, E1 3/4, E2 0:
# p_e = 1/16 + 3/8 + 0 = 7/16; kappa = (3/4 - 7/16) / (1 - 7/16) = (5/16) / (9/16) = 5/9.
KAPPA = 5 / 9


@pytest.fixture
def four_tasks(officer):
    letters, desk = officer.tasks.order_by("position", "pk")
    letters.time_share, desk.time_share = 40, 30
    letters.save()
    desk.save()
    add_task(officer, "Préparer les arrêtés", 20, "preparer-acte", "D1")
    add_task(officer, "Rédiger les notes", 10, "rediger-note", "D1")
    return list(officer.tasks.order_by("position", "pk"))


def agent_answer(tasks, uses_ai=False, kinds=(), data=()):
    classes = ["E1", "E0", "E1", "E1"]
    return {
        "uses_ai": uses_ai,
        "frequency": "weekly" if uses_ai else "never",
        "tool_kinds": list(kinds),
        "data_classes": list(data),
        "concerns": "Perdre le sens du métier.",
        "training": "",
        "tasks": [
            {"task_id": task.pk, "does": "yes", "time_share": "0.25", "exposure": exposure,
             "intensity": "0.55" if exposure != "E0" else ""}
            for task, exposure in zip(tasks, classes, strict=True)
        ],
    }  # fmt: skip


def answer_with(codes, number, tasks, **extra):
    for code in codes[:number]:
        actions.agent_answer_submit(digest=code_digest(code), answer=agent_answer(tasks, **extra))


def test_kappa_of_the_campaign_is_the_hand_computed_one(
    client_as, administrator, codes, four_tasks, survey
):
    answer_with(codes, 3, four_tasks)
    found = calibration.campaign_calibration(survey)
    assert found.summary.double_rated_tasks == 4
    assert found.summary.kappa.kappa == pytest.approx(KAPPA, abs=1e-12)
    role = found.computed[0].result
    assert role.class_agreement == pytest.approx(0.75)
    # The desk, which they class E0, has no intensity of theirs: the head's is used, so
    # every respondent counts in the agents' beta (three E1 tasks of four, 25 % each).
    assert role.scored_respondents == 3
    assert role.agents_beta == pytest.approx(0.75)
    page = client_as(administrator).get(reverse("voice-calibration", args=[survey.campaign.slug]))
    text = page.content.decode()
    assert "0,56" in text and "Officier d&#x27;état civil" in text
    assert "4 tâches évaluées deux fois" in text and "à partir de 300" in text


def test_a_role_below_three_respondents_is_not_computed(codes, four_tasks, survey):
    answer_with(codes, 2, four_tasks)
    found = calibration.campaign_calibration(survey)
    assert found.computed == [] and found.summary.double_rated_tasks == 0


def test_a_role_whose_agents_disagree_is_to_discuss(client_as, head_a, codes, four_tasks, survey):
    tasks = four_tasks
    for code in codes[:3]:
        answer = agent_answer(tasks)
        answer["tasks"][0] = {"task_id": tasks[0].pk, "does": "no"}  # 40 % of the head's time
        actions.agent_answer_submit(digest=code_digest(code), answer=answer)
    page = client_as(head_a).get(
        reverse(
            "voice-role", args=[tasks[0].inventory_role.inventory_id, tasks[0].inventory_role_id]
        )
    )
    text = page.content.decode()
    assert "À discuter" in text and "que la plupart ne font pas" in text


def _study_of(service, campaign):
    study, _created = Study.objects.get_or_create(
        campaign=campaign, scope=Study.Scope.SERVICE, service=service
    )
    return study_content.build_snapshot(Study.objects.get(pk=study.pk), params()), study


def test_the_study_has_the_agents_section_folded_below_three(codes, four_tasks, survey, service_a):
    score_actions.inventory_score(
        inventory=four_tasks[0].inventory_role.inventory, trigger="submitted"
    )
    answer_with(codes, 2, four_tasks, uses_ai=True, kinds=["consumer"], data=["D2"])
    snapshot, _study = _study_of(service_a, survey.campaign)
    agents = snapshot["agents"]
    assert agents["survey"] and agents["use"] is None and agents["roles"] == []
    assert agents["concerns"] == []  # free texts only from roles with 3 respondents
    html = render_study_html(snapshot, charts=study_charts(snapshot))
    assert "Ce que disent les agents" in html and "Moins de 3 agents" in html

    answer_with(codes[2:], 1, four_tasks)
    snapshot, _study = _study_of(service_a, survey.campaign)
    agents = snapshot["agents"]
    assert agents["use"]["respondents"] == 3 and agents["use"]["unsupervised"] == 2
    assert agents["roles"][0]["role"] == "Officier d'état civil"
    assert agents["roles"][0]["class_agreement"] == pytest.approx(0.75)
    assert agents["summary"]["kappa"]["kappa"] == pytest.approx(round(KAPPA, 4))
    assert agents["concerns"] == ["Perdre le sens du métier."]
    html = render_study_html(snapshot, charts=study_charts(snapshot))
    assert "usage non encadré" in html and "Perdre le sens du métier." in html


def test_the_study_section_costs_the_same_queries_for_more_answers(
    codes, four_tasks, survey, service_a, django_assert_max_num_queries
):
    answer_with(codes, 3, four_tasks)
    study = Study.objects.create(
        campaign=survey.campaign, scope=Study.Scope.SERVICE, service=service_a
    )
    with django_assert_max_num_queries(30) as few:
        study_content.build_snapshot(Study.objects.get(pk=study.pk), params())
    answer_with(codes[3:], 3, four_tasks)
    with django_assert_max_num_queries(len(few.captured_queries)):
        study_content.build_snapshot(Study.objects.get(pk=study.pk), params())


def test_only_roles_of_three_respondents_count_in_any_scope(
    codes, four_tasks, survey, inventory_b, head_b
):
    """A role of 1 respondent is counted nowhere: not in its service, not in the collectivité,
    so no difference between two scopes gives its answer away."""
    from impact.voice.selectors import realised_use_by_scope
    from surveys.models import Inventory
    from tests.helpers import add_task

    answer_with(codes, 3, four_tasks, uses_ai=True, kinds=["consumer"], data=["D2"])
    Inventory.objects.filter(pk=inventory_b.pk).update(status=Inventory.Status.SUBMITTED)
    gardener = inventory_b.roles.select_related("inventory").get()
    add_task(gardener, "Tondre", 100, "entretenir-espaces-verts", "D0")
    lone = actions.agent_codes_renew(actor=head_b, inventory_role=gardener)[0]
    actions.agent_answer_submit(
        digest=code_digest(lone),
        answer=agent_answer(four_tasks, uses_ai=True, kinds=["consumer"], data=["D3"])
        | {"tasks": []},
    )
    whole = realised_use_by_scope(survey.campaign_id)
    assert whole.respondents == 3 and whole.whole.by_data.get("D3", 0) == 0
    assert set(whole.groups) == {four_tasks[0].inventory_role.inventory.service.directorate_id}
    theirs = realised_use_by_scope(survey.campaign_id, service=inventory_b.service)
    assert theirs.whole is None and theirs.groups == {}


def test_the_dashboard_shows_realised_use_beside_potential(
    client_as, official, codes, four_tasks, survey, service_a
):
    score_actions.inventory_score(
        inventory=four_tasks[0].inventory_role.inventory, trigger="submitted"
    )
    answer_with(codes, 3, four_tasks, uses_ai=True, kinds=["consumer"], data=["D3"])
    use = realised_use_by_scope(survey.campaign_id, service=service_a)
    assert use.whole.respondents == 3 and use.whole.share_unsupervised == 1.0
    url = reverse("impact-dashboard-service", args=[service_a.pk])
    response = client_as(official).get(url, {"campagne": survey.campaign.slug})
    assert response.status_code == 200
    panel = next(s for s in response.context["page"]["sections"] if s.key == "usage_reel")
    whole = panel.tables[0].rows[0]
    assert whole["respondents"] == 3 and whole["share_using"] == 1.0
    assert "Usage non encadré" in response.content.decode()


def test_the_city_matrix_needs_300_double_rated_tasks_then_rescores(administrator, survey):
    posterior = {"E0": (0.9, 0.08, 0.02), "E1": (0.1, 0.8, 0.1), "E2": (0.05, 0.15, 0.8)}
    with pytest.raises(Exception, match="300"):
        actions.city_posterior_apply(
            actor=administrator, survey=survey, posterior=posterior, tasks=299
        )
    job = actions.city_posterior_apply(
        actor=administrator, survey=survey, posterior=posterior, tasks=300
    )
    assert isinstance(job, RescoreJob) and job.campaign == survey.campaign
    row = MethodSettings.objects.get()
    assert "300 tâches" in row.confusion_source
    assert method_parameters(method_settings_get()).confusion["E1"] == pytest.approx(
        (0.1, 0.8, 0.1)
    )


def test_the_city_matrix_is_applied_once_when_the_campaign_first_reaches_300(survey):
    posterior = {"E0": (0.9, 0.08, 0.02), "E1": (0.1, 0.8, 0.1), "E2": (0.05, 0.15, 0.8)}
    assert not actions.city_posterior_check(survey=survey, posterior=posterior, tasks=299)
    assert actions.city_posterior_check(survey=survey, posterior=posterior, tasks=300)
    assert RescoreJob.objects.get().requested_by is None
    assert MethodSettings.objects.get().updated_by is None
    # Already the city's: an administrator refreshes it from the calibration page.
    assert not actions.city_posterior_check(survey=survey, posterior=posterior, tasks=400)


def test_the_hourly_task_releases_closed_surveys_and_checks_the_matrix(
    codes, four_tasks, survey, settings
):
    import datetime

    from impact.voice.models import AgentAnswer, PendingAnswer
    from impact.voice.tasks import voice_hourly

    settings.IMPACT_AGENT_RELEASE_BATCH = 3
    answer_with(codes, 2, four_tasks)
    assert PendingAnswer.objects.count() == 2 and AgentAnswer.objects.count() == 0
    assert voice_hourly() == {"released": 0, "applied": 0}  # still open: they keep waiting
    survey.closes_on = survey.opens_on = survey.opens_on - datetime.timedelta(days=30)
    survey.save()
    assert voice_hourly() == {"released": 2, "applied": 0}  # 4 double ratings, not 300
    assert AgentAnswer.objects.count() == 2 and PendingAnswer.objects.count() == 0


def test_tasks_saved_anew_by_the_head_keep_their_agents_answers(codes, four_tasks, survey):
    """The inventory's task grid saves every task anew: answers follow them by their words."""
    answer_with(codes, 3, four_tasks)
    for task in four_tasks:
        task.pk = None  # the same task, saved again under a new id
        task.save()
    from surveys.models import InventoryTask

    old = set(AgentTaskAnswer.objects.values_list("task_id", flat=True))
    InventoryTask.objects.filter(pk__in=old).delete()
    found = calibration.campaign_calibration(survey)
    assert found.summary.double_rated_tasks == 4
    assert found.summary.kappa.kappa == pytest.approx(KAPPA, abs=1e-12)


def test_a_task_rated_by_fewer_than_three_shows_no_agents_answer(
    client_as, head_a, codes, four_tasks, survey
):
    tasks = four_tasks
    for code in codes[:3]:
        answer = agent_answer(tasks)
        answer["tasks"][3] = {"task_id": tasks[3].pk, "does": "no"}
        actions.agent_answer_submit(digest=code_digest(code), answer=answer)
    # One agent says they do the notes after all: one rating only, not shown.
    answer = agent_answer(tasks)
    actions.agent_answer_submit(digest=code_digest(codes[3]), answer=answer)
    role = tasks[0].inventory_role
    page = client_as(head_a).get(reverse("voice-role", args=[role.inventory_id, role.pk]))
    row = re.search(r"Rédiger les notes</th>(.*?)</tr>", page.content.decode(), re.S).group(1)
    cells = re.findall(r"<td[^>]*>\s*(.*?)\s*</td>", row, re.S)
    assert cells[0] == "E1" and cells[1] == "—" and cells[3] == "—" and cells[4] == "3 / 4"


def test_a_task_the_head_sets_to_no_time_leaves_the_role_computed(codes, four_tasks, survey):
    answer_with(codes, 3, four_tasks)
    notes = four_tasks[3]
    notes.time_share = 0
    notes.save()
    found = calibration.campaign_calibration(survey)
    assert len(found.computed) == 1 and found.summary.double_rated_tasks == 3
