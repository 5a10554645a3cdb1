"""``manage.py score_tasks FILE``: CSV, TSV, JSON output at full precision, ``--decimals``, bad rows.

docs/methodology.md, "Refaire le calcul". The reproduction test reads the ILO's task-score file
from the reference folder (``tests.helpers.reference_dir``): skipped with a message when it is
absent, failed when CI=true.
"""

import csv
import io
import json
import math
import statistics

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.helpers import ilo_scores

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


# The secretary's sd by hand: mu = 0.3 x 0.625 + 0.7 x 0.375 = 0.45, deviations 0.175 and -0.075.
SECRETARY_SD = math.sqrt(2 * (0.3 * 0.175**2 + 0.7 * 0.075**2))


def test_csv_input_prints_one_row_per_role_with_every_measure(tmp_path):
    rows = rows_of(run(write(tmp_path, SAMPLE)))
    assert list(rows) == ["Secrétaire", "Jardinier"]
    secretary = rows["Secrétaire"]
    assert float(secretary["alpha"]) == pytest.approx(0.3, abs=1e-15)
    assert float(secretary["beta"]) == pytest.approx(0.65, abs=1e-15)
    assert float(secretary["zeta"]) == pytest.approx(1.0, abs=1e-15)
    assert float(secretary["mean"]) == pytest.approx(0.45, abs=1e-15)
    assert float(secretary["sd"]) == pytest.approx(SECRETARY_SD, abs=1e-15)
    assert (secretary["gradient_2025"], secretary["category_2023"]) == ("gradient_2", "big_unknown")
    assert float(secretary["aug"]) == pytest.approx(1.0, abs=1e-15)
    assert float(secretary["none"]) == pytest.approx(0.0, abs=1e-15)
    gardener = rows["Jardinier"]  # fallback weights 2 and 1
    assert float(gardener["beta"]) == pytest.approx(0.5 / 3, abs=1e-15)
    assert float(gardener["low"]) == pytest.approx(0.0, abs=1e-15)
    assert float(gardener["mean"]) == pytest.approx((2 * 0.125 + 0.375) / 3, abs=1e-15)


def test_numbers_are_printed_at_full_precision_by_default(tmp_path):
    text = run(write(tmp_path, SAMPLE))
    gardener = rows_of(text)["Jardinier"]
    # 1/6 has no short decimal form: a rounded output would lose its last digits.
    assert gardener["beta"] == repr(float(gardener["beta"]))
    assert len(gardener["beta"]) >= 17
    assert float(gardener["beta"]) == pytest.approx(1 / 6, abs=1e-16)
    assert float(rows_of(text)["Secrétaire"]["sd"]) == pytest.approx(SECRETARY_SD, abs=1e-16)


def test_decimals_rounds_every_number_in_csv_and_json(tmp_path):
    path = write(tmp_path, SAMPLE)
    secretary = rows_of(run(path, "--decimals", "4"))["Secrétaire"]
    assert (secretary["beta"], secretary["mean"], secretary["sd"]) == ("0.65", "0.45", "0.162")
    data = json.loads(run(path, "--format", "json", "--decimals", "2"))
    assert (data[1]["beta"], data[1]["mean"]) == (0.17, 0.21)
    assert rows_of(run(path, "--decimals", "0"))["Secrétaire"]["zeta"] == "1.0"


@pytest.mark.parametrize("value", ["-1", "18", "deux", "1.5"])
def test_decimals_must_be_a_whole_number_from_0_to_17(tmp_path, value):
    with pytest.raises(CommandError, match="nombre entier de décimales entre 0 et 17"):
        run(write(tmp_path, SAMPLE), "--decimals", value)


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
    assert float(rows["Secrétaire"]["mean"]) == pytest.approx(0.45, abs=1e-15)
    assert float(rows["Secrétaire"]["beta"]) == pytest.approx(0.65, abs=1e-15)


def test_json_output_is_a_list_of_role_objects(tmp_path):
    data = json.loads(run(write(tmp_path, SAMPLE), "--format", "json"))
    assert [item["role"] for item in data] == ["Secrétaire", "Jardinier"]
    assert list(data[0]) == HEADER
    assert data[0]["beta"] == pytest.approx(0.65, abs=1e-15)
    assert data[0]["sd"] == pytest.approx(SECRETARY_SD, abs=1e-15)
    assert data[0]["gradient_2025"] == "gradient_2"
    assert rows_of(run(write(tmp_path, SAMPLE)))["Jardinier"]["beta"] == repr(data[1]["beta"])


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


# --- Reproduction of the ILO's occupation scores through the command ------------------------


def ilo_task_table(tmp_path, with_time_share: bool):
    """One role per ISCO-08 unit group, its task statements with intensity = score_2025.

    Equal time shares: either an explicit share of 1 on every task, or no time_share column at
    all. Without time shares the fallback weights apply, and with no task_type column every task
    is untyped and weighs 1: the same equal shares.
    """
    scores = ilo_scores()
    header = ["role", "task", "exposure", "intensity"] + (["time_share"] if with_time_share else [])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in scores.itertuples():
        record = [row.ISCO_08, f"task {row.taskID}", "E0", repr(float(row.score_2025))]
        writer.writerow(record + (["1"] if with_time_share else []))
    path = tmp_path / ("ilo_shares.csv" if with_time_share else "ilo_no_shares.csv")
    path.write_text(buffer.getvalue(), encoding="utf-8")
    groups = scores.groupby("ISCO_08")["score_2025"].apply(lambda s: [float(x) for x in s])
    return path, groups.to_dict()


@pytest.mark.reference
@pytest.mark.parametrize("with_time_share", [True, False], ids=["equal-shares", "no-shares"])
def test_command_reproduces_each_ilo_unit_group_mean_and_sample_sd(tmp_path, with_time_share):
    path, task_scores = ilo_task_table(tmp_path, with_time_share)
    rows = rows_of(run(path))
    assert len(rows) == len(task_scores) == 427
    for code, values in task_scores.items():
        expected_sd = statistics.stdev(values) if len(values) > 1 else 0.0
        assert abs(float(rows[code]["mean"]) - statistics.mean(values)) < 1e-9, code
        assert abs(float(rows[code]["sd"]) - expected_sd) < 1e-9, code
