"""The reference list of municipal task types (method 2.0) and its loader. Pure: no database."""

import copy
import importlib.util
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
from tests.helpers import ilo_scores, reference_dir

ROOT = Path(__file__).resolve().parents[2]
METHODOLOGY = ROOT / "docs" / "methodology.md"

# (exposure, data class, accountable, physical) of the types that method 2.0 adds or revises.
REVISED = {
    "rediger-acte-etat-civil": ("E2", "D4", False, False),
    "tenir-etat-civil": ("E0", "D2", True, False),
    "repondre-telephone": ("E2", "D2", False, False),
    "renseigner-usagers": ("E2", "D2", False, False),
    "encadrer-equipe": ("E0", "D2", False, False),
    "analyser-donnees": ("E1", "D1", False, False),
    "controler-terrain": ("E0", "D2", True, True),
    "rediger-rapport-controle": ("E1", "D3", False, False),
    "surveiller-voie-publique": ("E0", "D3", True, True),
    "rediger-proces-verbal": ("E1", "D3", False, False),
    "tenir-listes-electorales": ("E2", "D2", False, False),
    "gerer-concessions-funeraires": ("E2", "D2", False, False),
    "gerer-inscriptions-scolaires": ("E2", "D3", False, False),
    "facturer-familles": ("E2", "D3", False, False),
    "reserver-salles": ("E2", "D2", False, False),
    "monter-dossier-subvention": ("E1", "D1", False, False),
    "assurer-veille-reglementaire": ("E1", "D0", False, False),
    "creer-visuels": ("E2", "D0", False, False),
    "developper-logiciel": ("E1", "D1", False, False),
    "preparer-conseil-municipal": ("E2", "D1", False, False),
    "organiser-evenement": ("E2", "D1", False, False),
    "administrer-systemes": ("E2", "D1", False, False),
    "traiter-signalements": ("E2", "D2", False, False),
}
# The 47 codes of method 1.0: stored answers reference them, so each one still exists.
CODES_1_0 = (
    "rediger-courrier",
    "repondre-courriels",
    "rediger-compte-rendu",
    "rediger-note",
    "preparer-acte",
    "prendre-decision",
    "instruire-dossier",
    "instruire-urbanisme",
    "accueillir-guichet",
    "renseigner-usagers",
    "repondre-telephone",
    "gerer-agenda",
    "saisir-donnees",
    "classer-archiver",
    "traiter-courrier",
    "traduire-document",
    "rediger-communication",
    "analyser-donnees",
    "preparer-budget",
    "executer-depense",
    "emettre-titres",
    "preparer-paie",
    "gerer-dossiers-agents",
    "organiser-recrutement",
    "preparer-marche",
    "gerer-stocks",
    "etablir-plannings",
    "encadrer-equipe",
    "animer-reunion",
    "conseiller-juridique",
    "rediger-contrat",
    "assister-informatique",
    "tenir-etat-civil",
    "accompagner-social",
    "soigner-accompagner",
    "encadrer-enfants",
    "animer-activite",
    "preter-documents",
    "preparer-repas",
    "nettoyer-locaux",
    "entretenir-espaces-verts",
    "collecter-dechets",
    "entretenir-batiments",
    "entretenir-voirie",
    "conduire-vehicule",
    "surveiller-voie-publique",
    "controler-terrain",
)
PHYSICAL = {
    "soigner-accompagner",
    "encadrer-enfants",
    "animer-activite",
    "preter-documents",
    "preparer-repas",
    "nettoyer-locaux",
    "entretenir-espaces-verts",
    "collecter-dechets",
    "entretenir-batiments",
    "entretenir-voirie",
    "conduire-vehicule",
    "surveiller-voie-publique",
    "controler-terrain",
}


def raw() -> dict:
    return json.loads(TASK_TYPES_FILE.read_text("utf-8"))


def classes(code: str) -> tuple:
    t = task_type(code)
    return (t.exposure, t.data_class, t.accountable, t.physical)


def test_the_list_holds_about_sixty_types_with_unique_codes_and_labels():
    types = load_task_types()
    assert len(types) == 63
    assert len({t.code for t in types}) == len(types)
    assert len({t.label for t in types}) == len(types)


def test_every_code_of_method_1_0_still_exists():
    assert len(CODES_1_0) == 47
    assert set(CODES_1_0) <= {t.code for t in load_task_types()}


@pytest.mark.parametrize(("code", "expected"), sorted(REVISED.items()))
def test_added_and_revised_types_have_their_classes(code, expected):
    assert classes(code) == expected


def test_civil_status_is_split_into_drawing_up_acts_and_the_officers_signature():
    drafting = task_type("rediger-acte-etat-civil")
    officer = task_type("tenir-etat-civil")
    assert drafting.label.startswith("Rédiger et délivrer les actes d'état civil")
    assert officer.label == "Signer les actes d'état civil et célébrer les mariages"
    # The kept code is the officer's part, and its rationale says so.
    assert "garde le code « tenir-etat-civil »" in officer.rationale
    assert "rediger-acte-etat-civil" in officer.rationale
    assert "D4" in drafting.rationale


def test_the_telephone_is_exposed_with_tools_at_twenty_to_forty_percent():
    phone = task_type("repondre-telephone")
    assert 0.2 <= phone.intensity < 0.4
    assert phone.rationale.startswith("Arbre : ni travail physique ni acte engageant")
    assert "→ E2" in phone.rationale


def test_field_work_and_its_report_are_separate_types():
    for field, report in [
        ("controler-terrain", "rediger-rapport-controle"),
        ("surveiller-voie-publique", "rediger-proces-verbal"),
    ]:
        assert f"« {report} »" in task_type(field).rationale
        assert f"« {field} »" in task_type(report).rationale


def test_the_usual_municipal_tasks_are_offered():
    labels = {t.label for t in load_task_types()}
    for expected in [
        "Rédiger un courrier",
        "Instruire un dossier",
        "Accueillir le public au guichet",
        "Entretenir les espaces verts",
        "Saisir des données",
        "Signer les actes d'état civil et célébrer les mariages",
        "Rédiger et délivrer les actes d'état civil (actes, mentions, copies, extraits)",
        "Surveiller la voie publique",
        "Rédiger un procès-verbal ou un rapport de police",
        "Rédiger un rapport de contrôle",
        "Tenir les listes électorales (inscriptions, radiations)",
        "Gérer les concessions du cimetière",
        "Gérer les inscriptions scolaires et périscolaires",
        "Facturer les familles (restauration, périscolaire, crèche)",
        "Gérer les réservations de salles et d'équipements",
        "Monter un dossier de demande de subvention",
        "Assurer une veille juridique et réglementaire",
        "Créer des supports graphiques (affiches, visuels, mise en page)",
        "Développer ou maintenir un logiciel, un site ou des scripts",
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
    assert (garden.exposure, garden.accountable, garden.physical) == ("E0", True, True)
    assert garden.intensity == pytest.approx(0.12)
    assert task_type("encadrer-enfants").data_class == "D3"
    assert {t.code for t in load_task_types() if t.physical} == PHYSICAL
    for t in load_task_types():
        assert not t.accountable or t.exposure == "E0", t.code
        assert not t.physical or t.accountable, t.code
        assert 0 <= t.intensity <= 1 and isinstance(t.intensity, float), t.code
        assert t.rationale.startswith("Arbre : ")
    with pytest.raises(KeyError):
        task_type("inconnu")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e.update(exposure="E1", accountable=True), "an accountable act is E0"),
        (lambda e: e.update(intensity=1.5), "intensity must be a number between 0 and 1"),
        (lambda e: e.update(intensity=-0.01), "intensity must be a number between 0 and 1"),
        (lambda e: e.update(intensity="0.5"), "intensity must be a number between 0 and 1"),
        (lambda e: e.update(intensity=True), "intensity must be a number between 0 and 1"),
        (lambda e: e.update(physical="oui"), "physical must be true or false"),
        (lambda e: e.update(physical=True), "physical work or in-person care is an accountable"),
        (lambda e: e.update(data_class="D5"), "data_class must be one of"),
        (lambda e: e.update(code="Rédiger Courrier"), "is not a lower-case slug"),
        (lambda e: e.update(rationale="Pas de citation."), "the rationale must cite ISCO-08"),
        (lambda e: e.update(rationale="deux\nlignes"), "rationale must be one non-empty line"),
        (lambda e: e.pop("label_en"), "fields must be exactly"),
        (lambda e: e.pop("physical"), "fields must be exactly"),
        (lambda e: e.update(intensity_band=0.625), "fields must be exactly"),
        (lambda e: e.update(anchors=[]), "at least one anchor"),
    ],
)
def test_loader_rejects_broken_entries_naming_them(change, message):
    data = raw()
    change(data["task_types"][0])
    with pytest.raises(TaskTypesError, match=message) as caught:
        parse_task_types(data)
    assert "entry 0" in str(caught.value)


def test_loader_accepts_the_ends_of_the_intensity_range():
    data = raw()
    data["task_types"][0]["intensity"] = 0
    data["task_types"][1]["intensity"] = 1
    first, second = parse_task_types(data)[:2]
    assert (first.intensity, second.intensity) == (0.0, 1.0)
    assert isinstance(first.intensity, float)


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
        assert f"| {t.label} | `{t.code}` |" in text, t.label


# --- Against the published ILO file (skipped, with the reason, when it is absent) -----------


def load_script():
    spec = importlib.util.spec_from_file_location(
        "derive_task_type_intensities", ROOT / "scripts" / "derive_task_type_intensities.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.reference
def test_each_anchor_is_a_statement_of_the_ilo_file():
    scores = ilo_scores().set_index(["ISCO_08", "taskID"])
    for t in load_task_types():
        for anchor in t.anchors:
            assert (anchor.isco, anchor.task_id) in scores.index, (t.code, anchor)
            row = scores.loc[(anchor.isco, anchor.task_id)]
            assert row["Task_ISCO"].strip() == anchor.statement, (t.code, anchor)


@pytest.mark.reference
def test_each_intensity_is_the_mean_of_its_anchors_ilo_2025_scores():
    scores = ilo_scores().set_index(["ISCO_08", "taskID"])
    for t in load_task_types():
        anchored = [scores.loc[(a.isco, a.task_id), "score_2025"] for a in t.anchors]
        assert t.intensity == pytest.approx(sum(anchored) / len(anchored), abs=1e-9), t.code


@pytest.mark.reference
def test_the_file_holds_what_the_derivation_script_computes():
    script = load_script()
    derived = script.derive_intensities(raw()["task_types"], script.read_scores(reference_dir()))
    stored = {t.code: t.intensity for t in load_task_types()}
    assert set(derived) == set(stored)
    for code, value in derived.items():
        assert stored[code] == pytest.approx(value, abs=1e-9), code


@pytest.mark.reference
def test_the_derivation_script_names_an_anchor_the_ilo_file_lacks():
    script = load_script()
    entries = raw()["task_types"][:1]
    entries[0]["anchors"] = [{"isco": "3343", "task_id": 99, "statement": "Nothing;"}]
    with pytest.raises(ValueError, match="rediger-courrier: no ILO task 3343 n° 99"):
        script.derive_intensities(entries, script.read_scores(reference_dir()))
