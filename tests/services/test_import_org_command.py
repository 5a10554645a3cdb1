"""``manage.py import_org FILE [--dry-run]``: the upload page's import, from a shell."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from services.models import Organisation, Role

GOOD_FILE = (
    "Direction;Service;Intitulé du poste;Effectif;ETP\n"
    "Population;État civil;Officier d'état civil;6;5,5\n"
    "Population;État civil;Agent d'accueil;4;4\n"
)
BAD_FILE = (
    "Direction;Service;Intitulé du poste;Effectif;ETP\n"
    "Population;État civil;Officier d'état civil;6;5,5\n"
    "Population;État civil;Agent d'accueil;-4;4\n"
    "Population;;Médiateur;1;beaucoup\n"
)


@pytest.fixture
def org_file(tmp_path):
    def write(text: str, name: str = "organigramme.csv", encoding: str = "cp1252") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


def import_org(*args, **options) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_org", *args, stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


def test_command_imports_the_file_and_prints_what_it_created(db, org_file):
    out, err = import_org(str(org_file(GOOD_FILE)))
    assert "Créés : 5" in out  # the collectivité, a direction, a service and two roles
    assert "  - Poste « Agent d'accueil » (Population › État civil) : effectif 4, ETP 4" in out
    assert "Mis à jour : 0" in out
    assert "Remarque : Rien n'est supprimé" in out
    assert "L'organigramme a été importé." in out
    assert err == ""
    assert Role.objects.count() == 2


def test_command_reimport_reports_unchanged_and_lists_them_when_verbose(db, org_file):
    path = str(org_file(GOOD_FILE))
    import_org(path)
    out, _ = import_org(path, verbosity=2)
    assert "Créés : 0" in out
    assert "Inchangés : 4" in out
    assert "  - Poste « Officier d'état civil » (Population › État civil)" in out


def test_command_dry_run_writes_nothing(db, org_file):
    out, _ = import_org(str(org_file(GOOD_FILE)), "--dry-run")
    assert out.startswith("Simulation : rien n'est enregistré.")
    assert "Créés : 5" in out
    assert "Le fichier est valide ; rien n'a été enregistré." in out
    assert not Organisation.objects.exists()


def test_command_lists_every_problem_and_fails_without_importing(db, org_file):
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="3 problèmes : rien n'a été importé"):
        call_command("import_org", str(org_file(BAD_FILE)), stdout=io.StringIO(), stderr=stderr)
    assert stderr.getvalue().splitlines() == [
        "Ligne 3, colonne « Effectif » : L'effectif ne peut pas être négatif (« -4 »).",
        "Ligne 4, colonne « Service » : Le service est vide. Répétez le nom sur chaque ligne "
        "(les cellules fusionnées ne sont pas prises en charge).",
        "Ligne 4, colonne « ETP » : L'ETP « beaucoup » n'est pas un nombre.",
    ]
    assert not Role.objects.exists()


def test_command_exits_with_a_non_zero_status_when_the_file_has_problems(db, org_file, capsys):
    utility = ManagementUtility(["manage.py", "import_org", str(org_file(BAD_FILE))])
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "Ligne 3, colonne « Effectif »" in err
    assert "CommandError: 3 problèmes : rien n'a été importé." in err


def test_command_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Impossible de lire"):
        import_org(str(tmp_path / "absent.csv"))


def test_command_refuses_an_oversized_file_before_reading_it(db, org_file, settings, monkeypatch):
    settings.IMPACT_IMPORT_MAX_BYTES = 10
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("must not read"))
    with pytest.raises(CommandError, match="la limite est de 10"):
        import_org(str(org_file(GOOD_FILE)))


def test_command_refuses_an_unknown_collectivite(organisation, org_file):
    with pytest.raises(CommandError, match="Aucune collectivité ne s'appelle « Paris »"):
        import_org(str(org_file(GOOD_FILE)), organisation="Paris")
    assert not Role.objects.exists()


def test_command_imports_into_the_named_collectivite(organisation, org_file):
    other = Organisation.objects.create(name="Autre ville")
    import_org(str(org_file(GOOD_FILE)), "--organisation", "autre ville")
    assert set(Role.objects.values_list("service__directorate__organisation", flat=True)) == {
        other.pk
    }
