"""``manage.py render_study`` renders a PDF synchronously, through the workers' code."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from impact.studies.models import Study, StudyVersion


def test_renders_the_collectivite_study_to_a_file(scored_campaign, tmp_path):
    output = tmp_path / "etude.pdf"
    out = StringIO()
    call_command(
        "render_study",
        campaign=scored_campaign.slug,
        scope="collectivite",
        output=str(output),
        stdout=out,
    )
    assert output.read_bytes().startswith(b"%PDF")
    assert " pages, " in out.getvalue()
    assert not Study.objects.exists() and not StudyVersion.objects.exists()


def test_renders_a_service_study(scored_campaign, service_a, tmp_path):
    output = tmp_path / "service.pdf"
    call_command(
        "render_study", campaign=scored_campaign.slug, scope=f"service:{service_a.pk}",
        output=str(output), stdout=StringIO(),
    )  # fmt: skip
    assert output.stat().st_size > 1000


@pytest.mark.parametrize(
    ("campaign_slug", "scope", "message"),
    [
        ("nulle-part", "collectivite", "Campagne inconnue"),
        (None, "galaxie", "Périmètre invalide"),
        (None, "service:999999", "introuvable"),
    ],
)
def test_bad_arguments_are_refused_clearly(
    scored_campaign, tmp_path, campaign_slug, scope, message
):
    with pytest.raises(CommandError, match=message):
        call_command(
            "render_study", campaign=campaign_slug or scored_campaign.slug, scope=scope,
            output=str(tmp_path / "x.pdf"), stdout=StringIO(),
        )  # fmt: skip
