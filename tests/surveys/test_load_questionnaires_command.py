"""``manage.py load_questionnaires``: store the shipped questionnaire files, without duplicates."""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from surveys import questionnaires
from surveys.models import Campaign, Questionnaire
from surveys.questionnaires import shipped_questionnaire_files

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("load_questionnaires", stdout=out)
    return out.getvalue()


@pytest.fixture
def shipped_dir(tmp_path, monkeypatch):
    """A copy of the shipped questionnaire folder that a test may change."""
    for path in shipped_questionnaire_files():
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(questionnaires, "QUESTIONNAIRE_DIR", tmp_path)
    return tmp_path


def retitle(folder, title: str) -> None:
    path = folder / "etat-des-lieux-ia.json"
    definition = json.loads(path.read_text(encoding="utf-8"))
    definition["title"] = title
    path.write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")


def test_first_run_creates_each_shipped_questionnaire():
    output = run()

    assert output == "Questionnaire etat-des-lieux-ia.json : créé (version 1)\n"
    questionnaire = Questionnaire.objects.get()
    assert (questionnaire.slug, questionnaire.version) == ("etat-des-lieux-ia", 1)
    assert questionnaire.title == "État des lieux de l'IA générative"
    assert questionnaire.section("roles")["questions"][0]["type"] == "task_grid"
    assert Questionnaire.objects.count() == len(shipped_questionnaire_files())


def test_second_run_changes_nothing():
    run()
    before = list(Questionnaire.objects.values_list("pk", "version", "checksum", "created_at"))

    output = run()

    assert output == "Questionnaire etat-des-lieux-ia.json : inchangé (version 1)\n"
    assert list(Questionnaire.objects.values_list("pk", "version", "checksum", "created_at")) == (
        before
    )


def test_a_changed_file_updates_a_version_no_campaign_has_opened(shipped_dir):
    run()
    retitle(shipped_dir, "État des lieux, version corrigée")

    output = run()

    assert output == "Questionnaire etat-des-lieux-ia.json : mis à jour (version 1)\n"
    assert Questionnaire.objects.get().title == "État des lieux, version corrigée"


def test_a_changed_file_makes_the_next_version_once_a_campaign_opened_it(shipped_dir, campaign):
    assert campaign.status == Campaign.Status.OPEN
    retitle(shipped_dir, "État des lieux, version 2")

    output = run()

    assert output == "Questionnaire etat-des-lieux-ia.json : créé (version 2)\n"
    assert list(Questionnaire.objects.values_list("version", "title")) == [
        (2, "État des lieux, version 2"),
        (1, "État des lieux de l'IA générative"),
    ]
    campaign.refresh_from_db()
    assert campaign.questionnaire.version == 1


def test_an_invalid_file_stops_with_its_name_and_stores_nothing(shipped_dir):
    (shipped_dir / "casse.json").write_text('{"slug": "casse", "sections": []}', encoding="utf-8")

    with pytest.raises(CommandError, match=r"casse\.json : questionnaire invalide"):
        run()

    assert not Questionnaire.objects.filter(slug="casse").exists()


def test_a_file_that_is_not_json_stops_with_its_name(shipped_dir):
    (shipped_dir / "abime.json").write_text("{pas du json", encoding="utf-8")

    with pytest.raises(CommandError, match=r"abime\.json"):
        run()

    assert not Questionnaire.objects.exists()
