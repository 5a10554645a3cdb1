"""One real study PDF, read back: pages, headings, a role's figures, the recorded fingerprint."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from impact.studies import actions
from impact.studies.models import Study


@pytest.fixture
def version(administrator, scored_campaign, service_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = actions.study_request(
            actor=administrator,
            campaign=scored_campaign,
            scope=Study.Scope.SERVICE,
            service=service_a,
        )
    job.refresh_from_db()
    return job.version


def _text(version) -> tuple[PdfReader, str]:
    content = version.pdf.read()
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def test_pdf_has_the_recorded_pages_and_fingerprint(version):
    version.pdf.open("rb")
    content = version.pdf.read()
    assert hashlib.sha256(content).hexdigest() == version.sha256
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == version.page_count >= 5


def test_pdf_prints_every_main_heading_and_the_role_figures(version):
    _reader, text = _text(version)
    for heading in ("Synthèse", "Méthode", "Confidentialité", "Opportunités", "Glossaire"):
        assert heading in text, heading
    assert "État civil" in text and "Officier d'état civil" in text
    officer = next(
        role
        for role in version.snapshot["services"][0]["roles"]
        if role["title"].startswith("Officier")
    )
    assert officer["beta"] == pytest.approx(0.6)
    assert "60 %" in text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "pas une perte d'emploi" in text.replace("’", "'")
