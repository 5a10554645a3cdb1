"""What a person does in the browser, shared by the browser tests: sign in, sign out, audit."""

from tests.helpers import PASSWORD


def login(page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a user would."""
    page.goto("/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/connexion/" not in url)


def logout(page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/connexion/")


def assert_accessible(page, label: str) -> None:
    """axe-core (bundled by axe-playwright-python) finds no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    # A click starts a navigation without waiting for it: audit the loaded page, with every
    # stylesheet applied (contrast is computed from them).
    page.wait_for_load_state("load")
    results = Axe().run(page)
    severe = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert not severe, f"{label}: {severe}"
