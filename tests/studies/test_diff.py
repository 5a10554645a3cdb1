"""Comparing two study snapshots."""

from impact.studies.diff import compare_snapshots, flatten

OLD = {
    "summary": {"beta": 0.30, "headcount": 100},
    "ladder": [{"key": "one_task", "share": 0.9}, {"key": "half_time", "share": 0.1}],
    "services": [{"name": "État civil", "roles": [{"title": "Officier", "beta": 0.5}]}],
}
NEW = {
    "summary": {"beta": 0.3002, "headcount": 110},
    "ladder": [{"key": "one_task", "share": 0.95}, {"key": "half_time", "share": 0.1}],
    "services": [
        {"name": "État civil", "roles": [{"title": "Agent d'accueil", "beta": 0.4}]},
    ],
}


def test_flatten_names_list_items_by_their_key():
    assert flatten(OLD["ladder"]) == {("one_task", "share"): 0.9, ("half_time", "share"): 0.1}


def test_only_figures_that_moved_beyond_rounding_are_listed():
    moved = {
        (m["section"], m["path"]): (m["old"], m["new"])
        for m in compare_snapshots(OLD, NEW)["moved"]
    }
    assert moved[("summary", "headcount")] == (100, 110)
    assert moved[("ladder", "one_task › share")] == (0.9, 0.95)
    assert ("summary", "beta") not in moved  # 0.0002 is rounding
    assert ("ladder", "half_time › share") not in moved


def test_roles_added_and_removed_are_named_with_their_service():
    diff = compare_snapshots(OLD, NEW)
    assert diff["roles_added"] == [("État civil", "Agent d'accueil")]
    assert diff["roles_removed"] == [("État civil", "Officier")]


def test_identical_snapshots_have_no_difference():
    assert compare_snapshots(OLD, OLD) == {"moved": [], "roles_added": [], "roles_removed": []}
