"""The reference list of municipal task types and its loader. Pure: no database."""

import copy
import json
from pathlib import Path

import pytest

from surveys.task_types import (
    TASK_TYPES_FILE,
    TaskTypesError,
    load_task_types,
    parse_task_types,
    task_type,
)
from tests.helpers import ilo_scores

METHODOLOGY = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"
BAND_MIDPOINTS = (0.125, 0.375, 0.625, 0.875)


def raw() -> dict:
    return json.loads(TASK_TYPES_FILE.read_text("utf-8"))


def test_the_list_holds_about_forty_types_with_unique_codes_and_labels():
    types = load_task_types()
    assert 35 <= len(types) <= 50
    assert len({t.code for t in types}) == len(types)
    assert len({t.label for t in types}) == len(types)


def test_the_usual_municipal_tasks_are_offered():
    labels = {t.label for t in load_task_types()}
    for expected in [
        "Rédiger un courrier",
        "Instruire un dossier",
        "Accueillir le public au guichet",
        "Entretenir les espaces verts",
        "Saisir des données",
        "Tenir l'état civil (actes)",
        "Surveiller la voie publique",
        "Préparer les repas",
        "Encadrer des enfants",
        "Animer une réunion",
        "Répondre au téléphone",
        "Traduire un document",
        "Rédiger un compte rendu",
        "Instruire une demande d'urbanisme",
        "Préparer une paie",
        "Exécuter une dépense",
        "Soigner / accompagner une personne",
    ]:
        assert expected in labels


def test_defaults_follow_the_decision_tree():
    assert task_type("rediger-courrier").exposure == "E1"
    assert task_type("saisir-donnees").exposure == "E2"
    garden = task_type("entretenir-espaces-verts")
    assert (garden.exposure, garden.accountable, garden.intensity_band) == ("E0", True, 0.125)
    civil = task_type("tenir-etat-civil")
    assert (civil.exposure, civil.accountable) == ("E0", True)
    assert task_type("encadrer-enfants").data_class == "D3"
    for t in load_task_types():
        assert not t.accountable or t.exposure == "E0", t.code
        assert t.intensity_band in BAND_MIDPOINTS
        assert t.rationale.startswith("Arbre : ")
    with pytest.raises(KeyError):
        task_type("inconnu")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e.update(exposure="E1", accountable=True), "an accountable act is E0"),
        (lambda e: e.update(intensity_band=0.5), "intensity_band must be one of"),
        (lambda e: e.update(data_class="D5"), "data_class must be one of"),
        (lambda e: e.update(code="Rédiger Courrier"), "is not a lower-case slug"),
        (lambda e: e.update(rationale="Pas de citation."), "the rationale must cite ISCO-08"),
        (lambda e: e.update(rationale="deux\nlignes"), "rationale must be one non-empty line"),
        (lambda e: e.pop("label_en"), "fields must be exactly"),
        (lambda e: e.update(anchors=[]), "at least one anchor"),
    ],
)
def test_loader_rejects_broken_entries_naming_them(change, message):
    data = raw()
    change(data["task_types"][0])
    with pytest.raises(TaskTypesError, match=message) as caught:
        parse_task_types(data)
    assert "entry 0" in str(caught.value)


def test_loader_rejects_duplicates_and_an_empty_list():
    data = raw()
    data["task_types"].append(copy.deepcopy(data["task_types"][0]))
    with pytest.raises(TaskTypesError, match="duplicate code 'rediger-courrier'"):
        parse_task_types(data)
    with pytest.raises(TaskTypesError, match="non-empty 'task_types' list"):
        parse_task_types({"task_types": []})


def test_methodology_lists_every_task_type():
    text = METHODOLOGY.read_text("utf-8")
    for t in load_task_types():
        assert f"| {t.label} |" in text, t.label


@pytest.mark.reference
def test_anchors_are_real_ilo_statements_and_set_the_intensity_band():
    scores = ilo_scores().set_index(["ISCO_08", "taskID"])
    for t in load_task_types():
        anchored = []
        for anchor in t.anchors:
            row = scores.loc[(anchor.isco, anchor.task_id)]
            assert row["Task_ISCO"].strip() == anchor.statement, (t.code, anchor)
            anchored.append(row["score_2025"])
        mean = sum(anchored) / len(anchored)
        assert t.intensity_band == BAND_MIDPOINTS[min(3, int(mean // 0.25))], t.code
