"""The committed ILO table (impact/scoring/data/ilo_unit_groups.csv), its loader and its derivation."""

import importlib.util
from pathlib import Path

import pytest

from impact.scoring.ilo import (
    CATEGORIES_2023,
    GRADIENTS_2025,
    ILO_TABLE_FILE,
    category_index,
    gradient_index,
    load_ilo_table,
    normalise_isco_code,
    read_ilo_table,
)
from tests.helpers import reference_dir

ROOT = Path(__file__).resolve().parents[2]


def load_script():
    spec = importlib.util.spec_from_file_location(
        "build_ilo_reference", ROOT / "scripts" / "build_ilo_reference.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_table_has_the_427_unit_groups_with_their_published_values():
    table = load_ilo_table()
    assert len(table) == 427
    assert list(table.columns) == [
        "label_fr",
        "mean_2025",
        "sd_2025",
        "gradient_2025",
        "mean_2023",
        "sd_2023",
        "category_2023",
        "n_tasks",
    ]
    clerks = table.loc["4110"]
    assert clerks["label_fr"] == "Employés de bureau, fonctions générales"
    assert (clerks["mean_2025"], clerks["sd_2025"], clerks["gradient_2025"]) == (
        0.60,
        0.10,
        "gradient_4",
    )
    assert (clerks["mean_2023"], clerks["sd_2023"], clerks["category_2023"]) == (
        0.68,
        0.22,
        "big_unknown",
    )
    assert clerks["n_tasks"] == 8
    assert table["n_tasks"].sum() == 3266
    assert set(table["gradient_2025"]) == set(GRADIENTS_2025)
    assert set(table["category_2023"]) == set(CATEGORIES_2023)
    assert (table["label_fr"] != "").all()


def test_table_header_cites_its_sources():
    header = [
        line for line in ILO_TABLE_FILE.read_text("utf-8").splitlines() if line.startswith("#")
    ]
    text = " ".join(header)
    assert "ILO Working Paper 140" in text
    assert "doi:10.54394/HETP0387" in text
    assert "CC BY 4.0" in text
    assert "ESCO v1.0" in text and "reuse with attribution" in text


def test_loader_skips_comment_lines_and_keeps_leading_zeros(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text(
        "# a comment\n# another\n"
        "code,label_fr,mean_2025,sd_2025,gradient_2025,mean_2023,sd_2023,category_2023,n_tasks\n"
        "0110,Officiers,0.20,0.05,not_exposed,0.10,0.02,not_affected,3\n",
        encoding="utf-8",
    )
    table = read_ilo_table(path)
    assert list(table.index) == ["0110"]
    assert table.loc["0110", "mean_2025"] == 0.20


def test_published_labels_follow_the_rules_except_three_groups_on_the_040_threshold():
    table = load_ilo_table()
    columns = ("mean_2025", "sd_2025", "mean_2023", "sd_2023")
    hundredths = {column: (table[column] * 100).round().astype(int) for column in columns}
    gradients = gradient_index(hundredths["mean_2025"], hundredths["sd_2025"])
    categories = category_index(hundredths["mean_2023"], hundredths["sd_2023"])
    computed_2025 = [GRADIENTS_2025[i] for i in gradients]
    computed_2023 = [CATEGORIES_2023[i] for i in categories]
    published = table["gradient_2025"]
    disagree = sorted(
        table.index[[ours != theirs for ours, theirs in zip(computed_2025, published, strict=True)]]
    )
    assert disagree == ["1213", "3134", "3152"]
    assert computed_2023 == list(table["category_2023"])


def test_isco_codes_are_normalised_to_four_characters():
    assert normalise_isco_code(110) == "0110"
    assert normalise_isco_code("4110") == "4110"
    assert normalise_isco_code(4110.0) == "4110"
    assert normalise_isco_code(" 311 ") == "0311"
    assert normalise_isco_code(None) == ""
    assert normalise_isco_code(float("nan")) == ""


@pytest.mark.reference
def test_committed_table_is_exactly_what_the_script_derives():
    script = load_script()
    assert script.build(reference_dir()) == ILO_TABLE_FILE.read_text("utf-8")
