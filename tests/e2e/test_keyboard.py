"""The inventory can be filled with the keyboard alone: no mouse, no click.

Each step presses Tab until the wanted control has the focus (and fails if it never
does, which would be a keyboard trap or an unreachable control), checks that the focus
is visible, then types, presses Space or Enter as a keyboard user would.
"""

import pytest
from playwright.sync_api import expect

from surveys.models import Inventory
from tests.e2e.browser import login

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED = """() => {
  const e = document.activeElement;
  const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
  const style = getComputedStyle(e);
  return {
    tag: e.tagName.toLowerCase(), name: e.getAttribute("name") || "",
    text: (e.innerText || "").trim(), label: label.trim(),
    visible: style.outlineStyle !== "none" || style.boxShadow !== "none",
  };
}"""


def tab_to(page, matches, limit: int = 80, backwards: bool = False) -> dict:
    """Press Tab until ``matches(focused)``; the focus must be visible when it gets there."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused["name"] or focused["text"][:30] or focused["tag"])
        if matches(focused):
            assert focused["visible"], f"focus not visible on {focused}"
            return focused
    raise AssertionError(f"not reached with Tab; focus went through {seen}")


def named(name: str):
    return lambda focused: focused["name"] == name


def labelled(text: str):
    return lambda focused: focused["label"].startswith(text) or focused["text"] == text


def test_skip_link_is_the_first_stop_and_leads_to_the_content(page, head_a, inventory_a):
    login(page, "chef.a")
    page.goto(f"/etats-des-lieux/{inventory_a.pk}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def key_in(page, matches, keys: str) -> None:
    """Tab to a control, then type ``keys`` (text, or "Space"/"Enter" as one key press)."""
    tab_to(page, matches)
    if keys in {"Space", "Enter"}:
        page.keyboard.press(keys)
    else:
        page.keyboard.type(keys)


def save_and_expect(page, button: str, heading: str) -> None:
    """Tab to the save button, press Enter, and wait for the next page's heading."""
    key_in(page, labelled(button), "Enter")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()


def test_inventory_filled_and_submitted_with_the_keyboard_only(page, head_a, inventory_a):
    login(page, "chef.a")
    page.goto(f"/etats-des-lieux/{inventory_a.pk}/sections/service/")
    key_in(page, named("missions"), "Tenir les registres d'état civil.")
    key_in(page, labelled("Habitants"), "Space")
    key_in(page, named("yearly_requests"), "12000")
    save_and_expect(page, "Enregistrer et continuer", "Postes et tâches")

    # Each role's tasks: a link reached with Tab, a grid of fields, selects by typing.
    for title in ("Agent d'accueil", "Officier d'état civil"):
        key_in(page, lambda f, title=title: f["text"].startswith("Décrire les tâches")
               and title in f["text"], "Enter")  # fmt: skip
        expect(page.get_by_role("heading", name=f"Tâches du poste « {title} »")).to_be_visible()
        key_in(page, named("tasks-0-description"), "Rédiger les courriers aux usagers")
        key_in(page, named("tasks-0-time_share"), "100")
        key_in(page, named("tasks-0-task_type"), "Rédiger un courrier")
        key_in(page, named("tasks-0-data_class"), "D2")
        save_and_expect(page, "Enregistrer les tâches", "Postes et tâches")

    page.goto(f"/etats-des-lieux/{inventory_a.pk}/sections/ai_use/")
    key_in(page, labelled("Aucun"), "Space")
    save_and_expect(page, "Enregistrer et continuer", "Opportunités pour le service public")

    page.goto(f"/etats-des-lieux/{inventory_a.pk}/sections/concerns/")
    key_in(
        page, lambda f: f["name"] == "agents_consulted" and f["label"].startswith("Oui"), "Space"
    )
    save_and_expect(page, "Enregistrer et continuer", "Commentaires libres")

    page.goto(f"/etats-des-lieux/{inventory_a.pk}/")
    key_in(page, labelled("Soumettre au pilote"), "Enter")
    expect(page.get_by_role("status")).to_contain_text("soumis")

    inventory = Inventory.objects.get(pk=inventory_a.pk)
    assert inventory.status == Inventory.Status.SUBMITTED
    assert inventory.answers["service"]["public"] == ["habitants"]
    task = inventory.roles.get(title="Agent d'accueil").tasks.get()
    assert (task.task_type, task.data_class, float(task.time_share)) == (
        "rediger-courrier",
        "D2",
        100.0,
    )
