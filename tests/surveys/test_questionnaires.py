"""Questionnaires as versioned data: loading, freezing, new versions, languages."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from surveys.actions.questionnaires import questionnaire_load
from surveys.models import Campaign
from surveys.questionnaires import shipped_questionnaire_files, validate_definition

SHIPPED = shipped_questionnaire_files()[0]


def _copy_with_title(tmp_path, title: str):
    definition = json.loads(SHIPPED.read_text("utf-8")) | {"title": title}
    path = tmp_path / "q.json"
    path.write_text(json.dumps(definition, ensure_ascii=False), "utf-8")
    return path


@pytest.mark.django_db
def test_default_questionnaire_has_every_required_section():
    questionnaire, outcome = questionnaire_load(path=SHIPPED)
    assert outcome == "created" and questionnaire.version == 1
    keys = [section["key"] for section in questionnaire.sections]
    assert keys == ["service", "roles", "ai_use", "opportunities", "concerns", "comments"]
    types = {q["type"] for s in questionnaire.sections for q in s["questions"]}
    assert {
        "long_text",
        "multiple_choice",
        "number",
        "percentage",
        "short_text",
        "yes_no",
        "task_grid",
    } <= types


@pytest.mark.django_db
def test_loading_the_same_file_twice_changes_nothing():
    first, _ = questionnaire_load(path=SHIPPED)
    second, outcome = questionnaire_load(path=SHIPPED)
    assert outcome == "unchanged" and second.pk == first.pk


@pytest.mark.django_db
def test_unused_version_is_updated_in_place(tmp_path):
    questionnaire_load(path=SHIPPED)
    updated, outcome = questionnaire_load(path=_copy_with_title(tmp_path, "Nouveau titre"))
    assert outcome == "updated" and updated.version == 1 and updated.title == "Nouveau titre"


def test_version_used_by_an_open_campaign_is_frozen_and_a_new_one_made(campaign, tmp_path):
    frozen = campaign.questionnaire
    assert frozen.is_frozen
    new, outcome = questionnaire_load(path=_copy_with_title(tmp_path, "Nouveau titre"))
    assert outcome == "created" and new.version == 2
    frozen.refresh_from_db()
    assert frozen.title == "État des lieux de l'IA générative"
    assert Campaign.objects.get().questionnaire == frozen


def test_questionnaire_reads_in_english_when_asked(questionnaire):
    with translation.override("en"):
        section = questionnaire.sections[0]
        assert section["title"] == "The service"
        assert dict(section["questions"][1]["choices"])["habitants"] == "Residents"
        assert questionnaire.display_title == "Generative AI inventory"
    assert questionnaire.sections[0]["title"] == "Le service"


def test_malformed_definition_lists_every_fault():
    with pytest.raises(ValidationError) as error:
        validate_definition(
            {
                "slug": "x",
                "title": "X",
                "sections": [
                    {
                        "key": "a",
                        "questions": [
                            {"key": "q", "type": "dessin"},
                            {"key": "q", "type": "single_choice"},
                        ],
                    },
                ],
            }
        )
    messages = " ".join(error.value.messages)
    assert "Type de question inconnu : « dessin »." in messages
    assert "n'a pas de choix" in messages
    assert "en double" in messages
