"""The study PDF has its « Ce que disent les agents » section, with the agents' realised use."""

import io

from pypdf import PdfReader

from impact.scores import actions as score_actions
from impact.studies import content, render
from impact.studies.models import Study
from impact.studies.pdf import render_pdf
from impact.voice import actions
from impact.voice.codes import code_digest
from tests.helpers import params


def test_the_study_pdf_has_the_agents_section(officer, codes, survey, service_a):
    score_actions.inventory_score(inventory=officer.inventory, trigger="submitted")
    tasks = [
        {
            "task_id": task.pk,
            "does": "yes",
            "time_share": "0.45",
            "exposure": "E1",
            "intensity": "0.55",
        }
        for task in officer.tasks.all()
    ]
    for code in codes[:3]:
        actions.agent_answer_submit(
            digest=code_digest(code),
            answer={"uses_ai": True, "frequency": "daily", "tool_kinds": ["consumer"],
                    "data_classes": ["D2"], "concerns": "", "training": "", "tasks": list(tasks)},
        )  # fmt: skip
    study = Study.objects.create(
        campaign=survey.campaign, scope=Study.Scope.SERVICE, service=service_a
    )
    snapshot = content.build_snapshot(study, params())
    html = render.render_study_html(snapshot, charts=render.study_charts(snapshot))
    pdf, _pages = render_pdf(html)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Ce que disent les agents" in text
    assert "usage non encadré" in text
    assert "Officier d'état civil" in text or "Officier d’état civil" in text
