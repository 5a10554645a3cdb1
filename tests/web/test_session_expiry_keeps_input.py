"""A form sent after the session ended keeps what was typed, for its user to save after
signing in again; the warning before the end (services/web/pending_posts.py, sessions.py)."""

import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from services.web.pending_posts import PENDING_KEY
from services.web.sessions import LAST_SEEN_KEY, SIGNED_IN_KEY
from surveys.models import Inventory
from tests.helpers import PASSWORD, section_post

LOGIN = "/connexion/"
TYPED = "Les agents de l'accueil demandent une formation.\nDeux lignes, « guillemets » & co."
KEPT = "ce que vous aviez saisi a été gardé"


def _idle_for(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def _comments_url(inventory) -> str:
    return reverse("surveys-inventory-section", args=[inventory.pk, "comments"])


class _Forms(HTMLParser):
    """The POST forms of a page: their action and their hidden fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post":
            self.forms.append({"action": attrs.get("action"), "fields": []})
        elif tag == "input" and attrs.get("type") == "hidden" and self.forms:
            self.forms[-1]["fields"].append((attrs["name"], attrs.get("value", "")))


def _form_with(page: str, field: str) -> tuple[str, dict]:
    parser = _Forms()
    parser.feed(page)
    form = next(f for f in parser.forms if any(name == field for name, _ in f["fields"]))
    data: dict[str, list[str]] = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    return form["action"], data


def _sign_in(client: Client, username: str, next_url: str = ""):
    data = {"username": username, "password": PASSWORD, "next": next_url}
    return client.post(LOGIN + (f"?next={quote(next_url)}" if next_url else ""), data)


@pytest.fixture
def expired_post(client_as, head_a, inventory_a, settings):
    """head.a typed in the comments section for longer than the idle delay, then saved."""

    def send(text: str = TYPED, **extra):
        client = client_as(head_a)
        _idle_for(client, settings.IMPACT_SESSION_IDLE_SECONDS + 5)
        response = client.post(
            _comments_url(inventory_a), section_post(inventory_a.revision, free=text, **extra)
        )
        return client, response

    return send


def _answers(inventory) -> dict:
    inventory.refresh_from_db()
    return inventory.answers


# --- The post after the end -------------------------------------------------------------------


def test_a_post_after_the_idle_delay_saves_nothing_and_leads_to_login_with_next(
    expired_post, inventory_a
):
    client, response = expired_post()

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
    assert _answers(inventory_a) == {}
    page = client.get(LOGIN, follow=True)
    url = _comments_url(inventory_a)
    assert page.redirect_chain == [(f"{LOGIN}?next={quote(url, safe='')}", 302)]
    assert "Votre session a expiré après 30 minutes sans activité" in page.text
    assert "Votre session avait expiré : connectez-vous à nouveau, " + KEPT in page.text
    assert f'name="next" value="{url}"' in page.text


def test_a_post_after_the_working_day_is_kept_too(client_as, head_a, inventory_a, settings):
    client = client_as(head_a)
    session = client.session
    session[SIGNED_IN_KEY] = int(time.time()) - settings.SESSION_COOKIE_AGE - 5
    session.save()

    client.post(_comments_url(inventory_a), section_post(0, free=TYPED))

    page = client.get(LOGIN, follow=True)
    assert "une session dure au plus 8 heures" in page.text
    assert KEPT in page.text


def test_signing_in_again_shows_exactly_what_was_typed(expired_post, inventory_a):
    client, _ = expired_post()
    url = _comments_url(inventory_a)

    back = _sign_in(client, "chef.a", url)
    assert back["Location"] == url
    page = client.get(url)

    assert page.status_code == 200
    assert "Reprendre votre saisie" in page.text
    assert "Enregistrer ce que j’avais saisi" in page.text
    assert "Abandonner" in page.text
    action, data = _form_with(page.text, "impact_pending")
    assert action == url
    assert data["free"] == [TYPED]
    assert data["revision"] == ["0"]
    assert "csrfmiddlewaretoken" in data  # a fresh token, not the one of the expired session
    # Shown under the form's own label, read only; sent by the hidden fields.
    assert re.search(r'<label class="form-label" for="kept-1">Commentaires</label>', page.text)
    assert "Deux lignes, « guillemets » &amp; co.</textarea>" in page.text
    assert _answers(inventory_a) == {}  # shown, not applied


def test_choices_and_several_values_are_kept_and_shown_in_the_forms_words(
    client_as, head_a, inventory_a, settings
):
    client = client_as(head_a)
    _idle_for(client, settings.IMPACT_SESSION_IDLE_SECONDS + 5)
    url = reverse("surveys-inventory-section", args=[inventory_a.pk, "service"])
    typed = section_post(0, missions="Registres", public=["habitants", "elus"], yearly_requests=12)
    client.post(url, typed)
    _sign_in(client, "chef.a", url)

    page = client.get(url).text

    assert ">Missions du service</label>" in page and ">Public servi</label>" in page
    assert "\nHabitants\nÉlus</textarea>" in page
    assert "Nombre de demandes traitées par an (estimation)</label>" in page
    action, data = _form_with(page, "impact_pending")
    assert data["public"] == ["habitants", "elus"]
    client.post(action, data)
    assert _answers(inventory_a) == {
        "service": {"missions": "Registres", "public": ["habitants", "elus"], "yearly_requests": 12}
    }


def test_resuming_saves_the_text_once(expired_post, inventory_a):
    client, _ = expired_post()
    url = _comments_url(inventory_a)
    _sign_in(client, "chef.a", url)
    action, data = _form_with(client.get(url).text, "impact_pending")

    saved = client.post(action, data)

    assert saved.status_code == 302
    assert _answers(inventory_a) == {"comments": {"free": TYPED}}
    assert inventory_a.revision == 1
    after = client.get(saved["Location"]).text
    assert "Brouillon enregistré." in after
    # The kept text was used: the page is the form again, and the resume form is dead.
    assert "Reprendre votre saisie" not in client.get(url).text
    again = client.post(action, data, follow=True)
    assert "Cette saisie a déjà été reprise ou abandonnée." in again.text
    assert "Reprendre votre saisie" not in again.text
    inventory_a.refresh_from_db()
    assert inventory_a.revision == 1
    assert inventory_a.events.count() == 1


def test_a_resumed_post_rejected_by_the_view_keeps_the_text_in_its_form(expired_post, inventory_a):
    client, _ = expired_post(text="x" * 20001)  # over the field's limit
    url = _comments_url(inventory_a)
    _sign_in(client, "chef.a", url)
    action, data = _form_with(client.get(url).text, "impact_pending")

    shown = client.post(action, data)

    assert shown.status_code == 200
    assert "x" * 20001 in shown.text  # the view re-shows its form with what was typed
    assert _answers(inventory_a) == {}


def test_abandoning_drops_the_kept_text(expired_post, inventory_a):
    client, _ = expired_post()
    url = _comments_url(inventory_a)
    _sign_in(client, "chef.a", url)
    action, data = _form_with(client.get(url).text, "impact_pending_abandon")
    assert set(data) == {"csrfmiddlewaretoken", "impact_pending_abandon"}

    response = client.post(action, data, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert "Ce que vous aviez saisi a été abandonné." in response.text
    assert "Reprendre votre saisie" not in response.text
    assert "Les agents de l" not in response.text
    assert _answers(inventory_a) == {}
    assert PENDING_KEY not in client.session


def test_another_user_signing_in_sees_nothing_of_it(expired_post, inventory_a, head_b):
    client, _ = expired_post()
    url = _comments_url(inventory_a)

    assert _sign_in(client, "chef.b", url)["Location"] == url
    assert client.get(url).status_code == 404  # head_b's ordinary answer for this page
    home = client.get(reverse("home")).text
    assert "Reprendre votre saisie" not in home
    assert "Les agents de l" not in home
    assert PENDING_KEY not in client.session
    # Dropped, not hidden: its owner signing in afterwards finds nothing either.
    client.post(reverse("logout"))
    _sign_in(client, "chef.a", url)
    page = client.get(url).text
    assert "Reprendre votre saisie" not in page
    assert "Les agents de l" not in page


def test_hostile_text_stays_escaped_and_is_stored_as_typed(expired_post, inventory_a):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client, _ = expired_post(text=hostile)
    url = _comments_url(inventory_a)
    _sign_in(client, "chef.a", url)

    page = client.get(url).text

    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert not re.search(r"\son[a-z]+=\"", page)
    action, data = _form_with(page, "impact_pending")
    client.post(action, data)
    assert _answers(inventory_a) == {"comments": {"free": hostile}}


def test_tokens_and_passwords_are_not_kept(expired_post, inventory_a):
    client, _ = expired_post(new_password="secret-typed", csrfmiddlewaretoken="old-token")
    url = _comments_url(inventory_a)
    _sign_in(client, "chef.a", url)

    page = client.get(url).text

    assert "secret-typed" not in page and "old-token" not in page
    _, data = _form_with(page, "impact_pending")
    assert "new_password" not in data


def test_a_form_larger_than_the_cap_is_not_kept(expired_post, inventory_a, settings):
    settings.IMPACT_PENDING_POST_MAX_BYTES = 1000
    client, response = expired_post(text="x" * 2000)

    page = client.get(response["Location"], follow=True)

    assert page.redirect_chain == []  # no address to come back to
    assert KEPT not in page.text
    assert PENDING_KEY not in client.session


def test_a_kept_form_is_forgotten_after_its_time(expired_post, inventory_a, settings):
    client, _ = expired_post()
    session = client.session
    entries = session[PENDING_KEY]
    entries[0]["at"] -= settings.IMPACT_PENDING_POST_SECONDS + 1
    session[PENDING_KEY] = entries
    session.save()
    url = _comments_url(inventory_a)

    _sign_in(client, "chef.a", url)

    assert "Reprendre votre saisie" not in client.get(url).text


def test_a_form_from_another_site_is_not_kept(head_a, inventory_a, settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(head_a)
    url = _comments_url(inventory_a)
    token = client.get(url).cookies["csrftoken"].value
    _idle_for(client, settings.IMPACT_SESSION_IDLE_SECONDS + 5)

    forged = client.post(url, section_post(0, free="Texte d'un autre site"))

    assert forged["Location"] == LOGIN
    assert PENDING_KEY not in client.session
    # The same form with this site's token is kept.
    client.force_login(head_a)
    _idle_for(client, settings.IMPACT_SESSION_IDLE_SECONDS + 5)
    client.post(url, section_post(0, free=TYPED) | {"csrfmiddlewaretoken": token})
    assert client.session[PENDING_KEY][0]["fields"][1] == ["free", TYPED]


def test_a_form_sent_from_another_tab_after_the_end_is_kept(client_as, head_a, inventory_a):
    client = client_as(head_a)
    _idle_for(client, 3600)
    client.get(reverse("home"))  # the session ends in one tab …
    url = _comments_url(inventory_a)

    # … then the form left open in another one is sent, anonymous by now.
    response = client.post(url, section_post(0, free=TYPED))

    assert response["Location"] == f"{LOGIN}?next={url}"  # login_required's own redirect
    assert KEPT in client.get(response["Location"]).text
    _sign_in(client, "chef.a", url)
    _, data = _form_with(client.get(url).text, "impact_pending")
    assert data["free"] == [TYPED]


def test_an_anonymous_post_is_kept_only_after_a_session_ended_here(client, inventory_a):
    client.post(_comments_url(inventory_a), section_post(0, free=TYPED))
    assert PENDING_KEY not in client.session


def test_an_expired_htmx_post_keeps_the_text_too(expired_post, client, head_a, inventory_a):
    client = Client()
    client.force_login(head_a)
    _idle_for(client, 3600)
    url = _comments_url(inventory_a)

    response = client.post(url, section_post(0, free=TYPED), HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"] == LOGIN
    assert client.get(LOGIN)["Location"] == f"{LOGIN}?next={quote(url, safe='')}"


def test_other_pages_point_to_the_kept_form(expired_post, inventory_a):
    client, _ = expired_post()
    back = _sign_in(client, "chef.a")  # from the login page, without next
    url = _comments_url(inventory_a)
    assert back["Location"] == reverse("home")

    home = client.get(back["Location"]).text

    assert "n’a pas été enregistré" in home
    assert f'href="{url}">Reprendre votre saisie</a>' in home


# --- The warning before the end ---------------------------------------------------------------


def test_signed_in_pages_load_the_warning_script_with_the_session_clock(
    client_as, head_a, settings
):
    page = client_as(head_a).get(reverse("home")).text

    assert '<script src="/static/js/session-warning.js" defer></script>' in page
    left = int(re.search(r'data-session-seconds-left="(\d+)"', page).group(1))
    assert settings.IMPACT_SESSION_IDLE_SECONDS - 5 <= left <= settings.IMPACT_SESSION_IDLE_SECONDS
    assert f'data-session-idle-seconds="{settings.IMPACT_SESSION_IDLE_SECONDS}"' in page
    assert 'data-session-keepalive-url="/sante/"' in page
    assert 'id="session-warning" class="position-fixed bottom-0 end-0 z-3" role="alert"' in page
    assert "Votre session va expirer dans 2 minutes." in page
    assert "Rester connecté" in page


def test_the_clock_counts_from_the_last_request(client_as, head_a, settings):
    client = client_as(head_a)
    _idle_for(client, 50)  # under a minute: this request is not recorded

    page = client.get(reverse("home")).text

    left = int(re.search(r'data-session-seconds-left="(\d+)"', page).group(1))
    assert left <= settings.IMPACT_SESSION_IDLE_SECONDS - 50


def test_the_login_page_has_no_warning_script(client):
    page = client.get(LOGIN).text
    assert "session-warning" not in page
    assert "data-session" not in page


def test_the_warning_script_is_served_and_keeps_alive_with_a_get(client_as, head_a):
    served = client_as(head_a).get("/static/js/session-warning.js")
    assert served.status_code == 200
    assert served["Content-Type"].startswith("text/javascript")
    path = finders.find("js/session-warning.js")
    source = Path(path).read_text(encoding="utf-8")
    assert b"".join(served.streaming_content).decode() == source
    assert "sessionKeepaliveUrl" in source and "fetch" in source
    assert "innerHTML" not in source and "eval(" not in source
    # The keep-alive address answers a signed-in GET and records the activity.
    client = client_as(head_a)
    _idle_for(client, 25 * 60)
    assert client.get("/sante/").status_code == 200
    assert int(time.time()) - client.session[LAST_SEEN_KEY] < 5


def test_the_resume_page_has_no_inline_code(expired_post, inventory_a):
    client, _ = expired_post()
    url = _comments_url(inventory_a)
    _sign_in(client, "chef.a", url)
    response = client.get(url)
    html = response.text
    assert "'unsafe" not in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and not re.search(r"\sstyle=\"", html)
    assert Inventory.objects.get(pk=inventory_a.pk).answers == {}
