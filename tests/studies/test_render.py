"""The study's charts and HTML, checked against the hand-computed campaign.

The campaign is described in ``tests/scores/test_figures.py``.
"""

import html
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings

from impact.charts import Chart
from impact.scoring import sensitivity
from impact.studies import content as study_content
from impact.studies import render as study_render
from impact.studies.models import Study
from tests.helpers import HOSTILE_TITLE as HOSTILE
from tests.helpers import JUSTIFICATION, hostile_campaign, params

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "study.css"
SECTIONS = {
    "synthese": "Synthèse",
    "methode": "Méthode en bref et paramètres utilisés",
    "exposition": "Exposition par direction et par service",
    "services": "Les postes, service par service",
    "confidentialite": "Confidentialité",
    "opportunites": "Opportunités pour le service public",
    "sensibilite": "Sensibilité des chiffres aux choix de la méthode",
    "inquietudes": "Inquiétudes et besoins de formation des agents",
    "agents": "Ce que disent les agents",
    "valeurs-modifiees": "Valeurs par défaut modifiées par les chefs de service",
    "annexe": "Annexe : consultation",
    "glossaire": "Glossaire",
}
PCT = "\u202f%"


def _snapshot(campaign, scope=Study.Scope.COLLECTIVITE, **target):
    study = Study.objects.create(campaign=campaign, scope=scope, **target)
    return study_content.build_snapshot(study, params())


@pytest.fixture
def snapshot(study_campaign):
    return _snapshot(study_campaign)


@pytest.fixture
def charts(snapshot):
    return study_render.study_charts(snapshot)


@pytest.fixture
def page(snapshot, charts):
    return study_render.render_study_html(snapshot, charts=charts, version_number=3)


def _text(markup: str) -> str:
    """The visible text of some HTML, entities decoded and spaces collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r"[ \t\r\n]+", " ", text).strip()  # keeps the narrow no-break spaces


def _section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    end = page.find('<section class="chapter"', start)
    return page[start : end if end > 0 else len(page)]


def test_study_charts_have_readings_computed_from_the_figures(charts):
    tornadoes = {f"sensitivity_{name}" for name in sensitivity.FIGURES}
    assert set(charts) == {"ladder", "gradients", "exposure", "split", "deployable", *tornadoes}
    assert all(isinstance(chart, Chart) and chart.reading for chart in charts.values())
    assert charts["exposure"].reading == (
        f"La direction «\u00a0Population\u00a0» concentre 82{PCT} du temps exposé, pour 33{PCT} des agents."
    )
    assert charts["gradients"].reading.startswith(f"33{PCT} des agents occupent un poste exposé")
    assert charts["ladder"].reading.startswith(f"Selon la définition retenue, de 20{PCT}")
    assert f"100{PCT}" in charts["ladder"].reading
    assert "Référence publiée" in charts["ladder"].table["columns"]
    assert charts["deployable"].table["rows"][0][0] == "Ensemble du périmètre"


def test_service_scope_compares_its_roles(study_campaign, inventory_a):
    snapshot = _snapshot(study_campaign, Study.Scope.SERVICE, service=inventory_a.service)
    charts = study_render.study_charts(snapshot)
    assert [row[0] for row in charts["exposure"].table["rows"]] == [
        "Officier d'état civil",
        "Agent d'accueil",
    ]
    assert charts["exposure"].reading.startswith(
        "Le poste «\u00a0Officier d'état civil\u00a0» concentre"
    )


def test_document_has_every_section_and_a_linked_table_of_contents(page):
    for anchor, heading in SECTIONS.items():
        assert f'<a href="#{anchor}">' in page, anchor
        assert re.search(rf'id="{anchor}"[^>]*>\s*<h2[^>]*>{re.escape(heading)}</h2>', page) or (
            heading in _text(_section(page, anchor))
        ), anchor
    for link in re.findall(r'href="#([^"]+)"', page):
        assert f'id="{link}"' in page, link
    assert page.count('<section class="chapter"') == len(SECTIONS)


def test_cover_names_the_collectivite_scope_campaign_and_version(page):
    cover = _text(page[: page.index('<nav class="toc"')])
    for text in ("Ville de Test", "Ensemble de la collectivité", "Campagne 2026", "Version 3"):
        assert text in cover
    assert "L’exposition n’est pas une perte d’emploi" in cover


def test_synthesis_prints_coverage_ladder_band_and_references(page):
    synthesis = _text(_section(page, "synthese"))
    assert "Cette étude couvre 30 agents" in synthesis
    assert f"soit 86{PCT} des 35 agents du périmètre" in synthesis
    assert f"La moitié du temps de travail ou plus 20{PCT}" in synthesis
    assert "environ 19 % des actifs américains" in synthesis
    assert "Ni des suppressions de postes" in synthesis
    assert f"Part du temps de travail exposée (beta), moyenne pondérée par l’effectif 19{PCT}" in (
        synthesis
    )


def test_method_prints_the_confidentiality_matrix_as_policy_parameters(page):
    method = _text(_section(page, "methode"))
    assert "à confirmer par le délégué à la protection des données" in method
    assert "pas des mesures" in method
    assert "D3 — sensibles 0,0 0,4 0,7" in method


def test_service_tables_print_each_roles_figures(page):
    services = _section(page, "services")
    row = next(r for r in re.findall(r"<tr>.*?</tr>", services, re.S) if "Officier" in r)
    cells = _text(row)
    assert cells.startswith("Officier d'état civil 6 5,5 60")
    assert "Exposé — gradient 4" in cells
    assert "0,64 (0,37)" in cells  # mean 0.6382, sd 0.367
    assert f"k1 30{PCT}" in cells
    tasks = _text(services)
    assert f"Courriers — 60{PCT}, E1, 80 à 90 %, D1" in tasks
    assert "Tenir les registres." in tasks


def test_confidentiality_opportunities_concerns_and_changed_defaults(page):
    confidentiality = _text(_section(page, "confidentialite"))
    assert "Données sensibles (santé, social, infractions, mineurs)" in confidentiality
    assert "Reformuler des courriers." in confidentiality
    opportunities = _text(_section(page, "opportunites"))
    assert opportunities.index("1 État civil") < opportunities.index("2 Espaces verts")
    assert "log10" in opportunities
    assert "Un outil hébergé par la ville." in opportunities
    concerns = _text(_section(page, "inquietudes"))
    assert f"Oui (80{PCT} des agents consultés)" in concerns
    changed = _text(_section(page, "valeurs-modifiees"))
    assert "classe E1 → E1 intensité 60 à 70 % → 80 à 90 %" in changed
    assert JUSTIFICATION in changed


def test_empty_annex_says_no_consultation_took_place(page):
    assert "Aucune consultation n’a encore eu lieu sur cette étude." in _text(
        _section(page, "annexe")
    )


def test_annex_prints_comments_and_opinions(snapshot, charts):
    snapshot["annex"] = {
        "comments": [{"author": "Dalila", "section": "Synthèse", "body": "Et <i>alors</i> ?"}],
        "opinions": [{"union": "Syndicat Test", "body": "Avis réservé."}],
    }
    page = study_render.render_study_html(snapshot, charts=charts)
    annex = _section(page, "annexe")
    assert "Aucune consultation" not in annex
    assert "Et &lt;i&gt;alors&lt;/i&gt; ?" in annex
    assert "Avis réservé." in annex


def test_hostile_role_title_is_escaped_everywhere(campaign, inventory_a, inventory_b):
    hostile_campaign(campaign, inventory_a, inventory_b)
    snapshot = _snapshot(campaign, Study.Scope.SERVICE, service=inventory_a.service)
    assert snapshot["services"][0]["roles"][0]["title"] == HOSTILE
    page = study_render.render_study_html(snapshot, charts=study_render.study_charts(snapshot))
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_document_links_its_local_stylesheet_only(page):
    assert '<link rel="stylesheet" href="/static/css/study.css">' in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert "bootstrap" not in page.lower()


def test_each_chart_is_followed_by_its_caption_and_data_table(page, charts):
    for chart in charts.values():
        position = page.index(chart.svg)
        after = page[position + len(chart.svg) :]
        assert after.lstrip().startswith("<figcaption>")
        assert after.index("<table") < after.index("</figure>")


def test_stylesheet_uses_block_layout_and_print_rules():
    css = STYLESHEET.read_text(encoding="utf-8")
    assert not re.search(r"display\s*:\s*(inline-)?(flex|grid)", css)
    assert "grid-template" not in css and "columns:" not in css
    assert "size: A4 portrait" in css
    assert 'content: counter(page) " / " counter(pages)' in css
    assert "content: leader('.') target-counter(attr(href), page)" in css
    assert "display: table-header-group" in css
    assert "break-before: page" in css
    assert re.findall(r"font-family:\s*([^;]+);", css) == ['"DejaVu Sans", sans-serif'] * len(
        re.findall(r"font-family:", css)
    )


def test_document_renders_to_pdf_without_css_warnings(page, caplog):
    from weasyprint import HTML

    from impact.studies import pdf

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        document = HTML(string=page, base_url=pdf.BASE_URL, url_fetcher=pdf.url_fetcher).render()
    assert not [record.getMessage() for record in caplog.records if record.name == "weasyprint"]
    assert len(document.pages) >= len(SECTIONS) + 2


def test_sensitivity_section_prints_each_figure_range_and_its_tornado(snapshot, page):
    table = snapshot["sensitivity"]["table"]
    text = _text(page)
    # The study campaign's beta as labelled, and under the E2 weight's two ends (both move it).
    e2 = next(row for row in table["rows"] if row["code"] == "e2_weight")
    assert (
        e2["figures"]["beta"][0] < table["baseline"]["figures"]["beta"] < e2["figures"]["beta"][1]
    )
    assert (
        "Part du temps exposée (beta)" in text and "Heures indicatives libérées par an (k2)" in text
    )
    # One tornado per headline figure (its reading is both the SVG's description and caption).
    assert text.count("Valeur déclarée :") == 2 * len(sensitivity.FIGURES) == 12
    assert "Poids d'une tâche E2 dans beta de 0,25 à 0,75 (retenu : 0,50)" in text
    assert "Coefficient c(D3, k2) de 0,00 à 0,70 (retenu : 0,40)" in text
    assert "gardent leur rang" in text or "change selon les paramètres" in text
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') >= 6


def test_a_version_made_before_2_0_says_it_has_no_sensitivity(snapshot):
    old = {key: value for key, value in snapshot.items() if key != "sensitivity"}
    charts = study_render.study_charts(old)
    page = study_render.render_study_html(old, charts=charts, version_number=1)
    assert not [name for name in charts if name.startswith("sensitivity_")]
    assert "n’a pas d’analyse de sensibilité" in _text(page)
