"""``manage.py score_tasks FILE``: CSV, TSV, JSON output and bad rows (docs/methodology.md "Interfaces")."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

HEADER = [
    "role",
    "alpha",
    "beta",
    "zeta",
    "mean",
    "sd",
    "gradient_2025",
    "category_2023",
    "auto",
    "aug",
    "low",
    "none",
]

SAMPLE = (
    "role,task,exposure,time_share,task_type,intensity,accountable,data_class\n"
    "Secrétaire,Rédiger un courrier,E1,30,core,0.625,non,D2\n"
    "Secrétaire,Saisir des données,E2,70,core,0.375,non,D1\n"
    "Jardinier,Entretenir les espaces verts,E0,,core,0.125,oui,D0\n"
    "Jardinier,Commander les plants,E2,,supplemental,0.375,non,D0\n"
)


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("score_tasks", str(path), *args, stdout=out)
    return out.getvalue()


def write(tmp_path, text: str, name: str = "tasks.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def rows_of(output: str) -> dict[str, dict[str, str]]:
    reader = csv.DictReader(io.StringIO(output))
    assert reader.fieldnames == HEADER
    return {row["role"]: row for row in reader}


def test_csv_input_prints_one_row_per_role_with_every_measure(tmp_path):
    rows = rows_of(run(write(tmp_path, SAMPLE)))
    assert list(rows) == ["Secrétaire", "Jardinier"]
    secretary = rows["Secrétaire"]
    assert float(secretary["alpha"]) == 0.3
    assert float(secretary["beta"]) == 0.65
    assert float(secretary["zeta"]) == 1.0
    assert float(secretary["mean"]) == 0.45
    assert float(secretary["sd"]) == 0.162
    assert (secretary["gradient_2025"], secretary["category_2023"]) == ("gradient_2", "big_unknown")
    assert (float(secretary["aug"]), float(secretary["none"])) == (1.0, 0.0)
    gardener = rows["Jardinier"]  # fallback weights 2 and 1
    assert float(gardener["beta"]) == pytest.approx(round(0.5 / 3, 4))
    assert float(gardener["low"]) == pytest.approx(0.0)
    assert float(gardener["mean"]) == pytest.approx(round((2 * 0.125 + 0.375) / 3, 4))


def test_tsv_input_gives_the_same_scores(tmp_path):
    tsv = SAMPLE.replace(",", "\t")
    assert run(write(tmp_path, tsv, "tasks.tsv")) == run(write(tmp_path, SAMPLE))


def test_utf8_bom_semicolons_decimal_commas_and_percents_are_accepted(tmp_path):
    french = (
        "\ufeffRole;Task;Exposure;Time_share;Intensity\n"
        "Secrétaire;Rédiger un courrier;E1;30 %;0,625\n"
        "Secrétaire;Saisir des données;E2;70 %;37,5 %\n"
    )
    rows = rows_of(run(write(tmp_path, french)))
    assert float(rows["Secrétaire"]["mean"]) == 0.45
    assert float(rows["Secrétaire"]["beta"]) == 0.65


def test_json_output_is_a_list_of_role_objects(tmp_path):
    data = json.loads(run(write(tmp_path, SAMPLE), "--format", "json"))
    assert [item["role"] for item in data] == ["Secrétaire", "Jardinier"]
    assert list(data[0]) == HEADER
    assert data[0]["beta"] == 0.65
    assert data[0]["gradient_2025"] == "gradient_2"


def test_bad_rows_stop_the_command_naming_each_line_and_column(tmp_path):
    bad = (
        "role,task,exposure,time_share,intensity,data_class\n"
        "A,Courrier,E1,50,0.5,D1\n"
        "A,Saisie,E4,50,0.5,D1\n"
        "\n"
        "B,,E0,10,2,D9\n"
        "C,Paie,E2,abc,0.5,D2\n"
    )
    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, bad))
    message = str(caught.value)
    assert message.splitlines() == [
        "tasks.csv : 5 erreurs, aucun score calculé.",
        "  ligne 3, colonne « exposure » : « E4 » n'est pas une valeur admise (E0, E1, E2)",
        "  ligne 5, colonne « task » : valeur obligatoire manquante",
        "  ligne 5, colonne « intensity » : « 2 » doit être compris entre 0 et 1",
        "  ligne 5, colonne « data_class » : « D9 » n'est pas une valeur admise (D0, D1, D2, D3, D4)",
        "  ligne 6, colonne « time_share » : « abc » n'est pas un nombre",
    ]


def test_partial_time_shares_are_reported_on_the_line_missing_one(tmp_path):
    text = "role,task,exposure,time_share\nA,t1,E1,40\nA,t2,E0,\n"
    with pytest.raises(
        CommandError, match="ligne 3, colonne « time_share » : part de temps manquante"
    ):
        run(write(tmp_path, text))


def test_missing_column_and_wrong_field_count_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="colonne « exposure » : colonne obligatoire absente"):
        run(write(tmp_path, "role,task\nA,t\n"))
    with pytest.raises(CommandError, match="Ligne 3 : 2 champs au lieu de 3"):
        run(write(tmp_path, "role,task,exposure\nA,t,E1\nB,t\n"))


def test_unreadable_files_are_errors(tmp_path):
    with pytest.raises(CommandError, match="n'est pas encodé en UTF-8"):
        run(write(tmp_path, SAMPLE.replace("Secrétaire", "Secr\u00e9taire"), encoding="latin-1"))
    with pytest.raises(CommandError, match="Impossible de lire"):
        run(tmp_path / "absent.csv")
    with pytest.raises(CommandError, match="vide"):
        run(write(tmp_path, ""))
