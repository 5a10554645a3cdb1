"""One small-group rule everywhere (issue 14): no page, export or document a non-administrator
reads names a folded role, and a study's PDF folds them for everyone.

The dashboard campaign (tests/fixtures/dashboards.py) folds, with the default threshold of 3,
"Responsable de l'état civil" (1 agent) with "Agent d'accueil" (secondary folding) in État
civil, and the services Cimetières ("Agent funéraire", 2) and Élections ("Agent des
élections", secondary). Administrators see every role; the heads of État civil see its roles on
their own inventory's score page (``access.sees_small_groups_of_service``), nowhere else.
"""

import datetime
import html
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from impact.consultation import actions as consultation_actions
from impact.consultation import emails as consultation_emails
from impact.consultation.models import Comment, Consultation
from impact.consultation.selectors import snapshot_roles
from impact.studies import actions as study_actions
from impact.studies.models import Study
from services import access
from tests.helpers import make_version

SMALL = "Responsable de l'état civil"
FOLDED = (SMALL, "Agent d'accueil", "Agent funéraire", "Agent des élections")
READERS = ("official", "delegate", "head_a", "head_b")


@pytest.fixture
def world(dashboard_campaign, administrator, django_capture_on_commit_callbacks):
    """The dashboard campaign, a collectivité study generated for real (PDF included), a
    consultation on it, and a comment anchored on the 1-agent role of an older version's
    snapshot (written before studies folded small groups); a version 2 with its own
    consultation, which carries that comment over; and a version 3 made before studies
    folded small groups (its snapshot and PDF name the 1-agent role)."""
    campaign = dashboard_campaign["campaign"]
    with django_capture_on_commit_callbacks(execute=True):
        job = study_actions.study_request(
            actor=administrator, campaign=campaign, scope=Study.Scope.COLLECTIVITE
        )
    job.refresh_from_db()
    version = job.version
    with django_capture_on_commit_callbacks(execute=True):
        consultation = consultation_actions.consultation_open(
            actor=administrator,
            version=version,
            deadline=timezone.localdate() + datetime.timedelta(days=14),
        )
    Comment.objects.create(
        consultation=consultation, author=administrator, kind=Comment.Kind.QUESTION,
        target=Comment.Target.ROLE, role_service="État civil", role_title=SMALL,
        body="Une question sur ce poste.",
    )  # fmt: skip
    second = make_version(version.study, 2, version.snapshot)
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Consultation.Status.CLOSED, closed_at=timezone.now()
    )
    later = Consultation.objects.create(
        version=second, opened_by=administrator,
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )  # fmt: skip
    unfolded = make_version(
        version.study, 3,
        {"meta": {"method_version": "1.0"},
         "services": [{"name": "État civil", "roles": [{"title": SMALL, "exposure": 0.5}]}]},
    )  # fmt: skip
    storage, name = unfolded.pdf.storage, unfolded.pdf.name
    storage.delete(name)  # its document names the role, as such a version's PDF did
    assert storage.save(name, ContentFile(f"%PDF-1.4 {SMALL} 50 %".encode())) == name
    return dashboard_campaign | {
        "version": version, "consultation": consultation, "later": later, "unfolded": unfolded,
    }  # fmt: skip


def _text(response) -> str:
    """What a reader gets, as text: the page or CSV, every cell of a workbook, a PDF's text."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        workbook = load_workbook(io.BytesIO(content))
        cells = (cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)  # fmt: skip
        return "\n".join(str(cell) for cell in cells if cell is not None)
    if "pdf" in kind:
        reader = PdfReader(io.BytesIO(content))
        return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return html.unescape(content.decode("utf-8-sig"))


def _urls(world) -> list[str]:
    slug = world["campaign"].slug
    dashboard_urls = [
        reverse("impact-dashboard"),
        reverse("impact-dashboard-directorate", args=[world["population"].pk]),
        reverse("impact-dashboard-service", args=[world["etat_civil"].pk]),
        reverse("impact-dashboard-service", args=[world["espaces_verts"].pk]),
    ]
    version, consultation = world["version"], world["consultation"]
    study = version.study
    return [
        *(reverse("impact-inventory-scores", args=[i.pk]) for i in world["inventories"].values()),
        *(f"{url}?campagne={slug}{extra}" for url in dashboard_urls
          for extra in ("", "&format=csv", "&format=xlsx")),
        reverse("impact-dashboard-role", args=[world["roles"][SMALL].pk]),
        reverse("impact-study-detail", args=[study.pk]),
        reverse("impact-study-download", args=[study.pk, version.number]),
        reverse("impact-consultation-detail", args=[consultation.pk]),
        reverse("impact-consultation-comments", args=[consultation.pk]),
        reverse("impact-consultation-export", args=[consultation.pk]),
        reverse("impact-consultation-comment", args=[consultation.pk]),
        reverse("impact-consultation-detail", args=[world["later"].pk]),  # carried comments
        reverse("impact-study-download", args=[study.pk, world["unfolded"].number]),
        f'{reverse("impact-study-compare", args=[study.pk])}?old=3&new=1',
        f'{reverse("impact-study-compare", args=[study.pk])}?old=1&new=2',
    ]  # fmt: skip


@pytest.mark.parametrize("persona", READERS)
def test_no_response_names_a_folded_role_to_a_non_administrator(persona, request, world, client_as):
    user = request.getfixturevalue(persona)
    client = client_as(user)
    own_scores = reverse("impact-inventory-scores", args=[world["inventories"]["etat_civil"].pk])
    read = 0
    for url in _urls(world):
        response = client.get(url)
        assert response.status_code in {200, 302, 403, 404}, url
        if response.status_code != 200:
            continue
        read += 1
        text = _text(response)
        if persona == "head_a" and url == own_scores:
            assert SMALL in text  # the head described the role: access.sees_small_groups_of_service
            continue
        for title in FOLDED:
            assert title not in text, (persona, url, title)
    assert read >= 3


def test_a_folded_role_has_no_page_of_its_own(client_as, delegate, world):
    url = reverse("impact-dashboard-role", args=[world["roles"][SMALL].pk])
    assert client_as(delegate).get(url).status_code == 404


def test_score_page_merges_folded_roles_into_other_roles(client_as, delegate, world):
    url = reverse("impact-inventory-scores", args=[world["inventories"]["etat_civil"].pk])
    text = _text(client_as(delegate).get(url))
    assert "Officier d'état civil" in text and "Autres postes" in text
    assert "Reçu de calcul — Officier d'état civil" in text
    assert "les postes et les services de moins de 3 agents sont regroupés" in text


def test_score_page_of_a_folded_service_shows_no_role(client_as, official, world):
    url = reverse("impact-inventory-scores", args=[world["inventories"]["cimetieres"].pk])
    text = _text(client_as(official).get(url))
    assert "Agent funéraire" not in text
    assert '<h3 class="h5">Autres postes' not in text
    assert "Part du temps exposée" not in text
    assert "les postes et les services de moins de 3 agents sont regroupés" in text


def test_administrator_sees_every_role_on_pages(client_as, administrator, world):
    client = client_as(administrator)
    scores = reverse("impact-inventory-scores", args=[world["inventories"]["etat_civil"].pk])
    assert SMALL in _text(client.get(scores))
    service = reverse("impact-dashboard-service", args=[world["etat_civil"].pk])
    assert SMALL in _text(client.get(f"{service}?campagne={world['campaign'].slug}"))
    role = reverse("impact-dashboard-role", args=[world["roles"][SMALL].pk])
    assert client.get(role).status_code == 200
    comments = reverse("impact-consultation-comments", args=[world["consultation"].pk])
    assert SMALL in _text(client.get(comments))


def test_study_document_folds_small_roles_for_administrators_too(client_as, administrator, world):
    version = world["version"]
    pdf = _text(client_as(administrator).get(
        reverse("impact-study-download", args=[version.study_id, version.number])
    ))  # fmt: skip
    assert "Autres postes" in pdf and "Officier d'état civil" in pdf
    for title in FOLDED:
        assert title not in pdf
    roles = [r["title"] for s in version.snapshot["services"] for r in s["roles"]]
    assert SMALL not in roles and "Autres postes" in roles
    services = [row["service"] for row in version.snapshot["by_service"]]
    assert "Cimetières" not in services and "Autres services" in services


def test_a_folded_role_is_never_a_comment_target(delegate, world):
    version = make_version(
        world["version"].study,
        9,
        {
            "services": [
                {
                    "name": "État civil",
                    "roles": [{"title": SMALL}, {"title": "Officier d'état civil"}],
                }
            ]
        },
    )
    assert [title for *_rest, title in snapshot_roles(version)] == ["Officier d'état civil"]


def test_heads_see_the_small_roles_of_their_own_service_only(
    head_a, head_b, delegate, official, administrator, no_persona_user, service_a
):
    assert access.sees_small_groups_of_service(administrator, service_a)
    assert access.sees_small_groups_of_service(head_a, service_a)
    for user in (head_b, delegate, official, no_persona_user):
        assert not access.sees_small_groups_of_service(user, service_a)


def test_score_page_runs_a_bounded_number_of_queries(
    client_as, delegate, world, django_assert_max_num_queries
):
    client = client_as(delegate)
    url = reverse("impact-inventory-scores", args=[world["inventories"]["etat_civil"].pk])
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("persona", READERS)
def test_a_version_made_before_folding_is_withheld_from_readers(persona, request, world, client_as):
    client = client_as(request.getfixturevalue(persona))
    study = world["version"].study
    detail = reverse("impact-study-detail", args=[study.pk])
    page = client.get(detail)
    if page.status_code != 200:
        return  # the persona does not read the study at all (the matrix tests say who does)
    text = html.unescape(page.content.decode())
    assert "Réservée aux administrateurs" in text
    assert reverse("impact-study-download", args=[study.pk, 3]) not in text
    assert reverse("impact-study-download", args=[study.pk, 1]) in text
    response = client.get(reverse("impact-study-download", args=[study.pk, 3]), follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert "seuls les administrateurs peuvent la lire" in html.unescape(response.content.decode())
    compare = client.get(f"{reverse('impact-study-compare', args=[study.pk])}?old=3&new=1")
    assert "seuls les administrateurs peuvent la lire" in html.unescape(compare.content.decode())


def test_administrators_read_a_version_made_before_folding(client_as, administrator, world):
    client = client_as(administrator)
    study = world["version"].study
    response = client.get(reverse("impact-study-download", args=[study.pk, 3]))
    assert response.status_code == 200
    assert SMALL in b"".join(response.streaming_content).decode()
    compare = client.get(f"{reverse('impact-study-compare', args=[study.pk])}?old=3&new=1")
    assert (
        compare.status_code == 200 and "seuls les administrateurs" not in compare.content.decode()
    )


def test_every_generated_version_says_it_folds_small_groups(world):
    assert access.study_version_folds_small_groups(world["version"])
    assert not access.study_version_folds_small_groups(world["unfolded"])


def test_comment_e_mails_name_a_folded_target_only_to_who_sees_small_groups(
    world, administrator, delegate
):
    comment = Comment.objects.get(role_title=SMALL)
    for_delegate = consultation_emails._comment_context(comment, delegate)
    for_administrator = consultation_emails._comment_context(comment, administrator)
    assert SMALL not in for_delegate["target"] and "Autres postes" in for_delegate["target"]
    assert SMALL in for_administrator["target"]
    comment.refresh_from_db()
    assert comment.role_title == SMALL  # the row is never changed
