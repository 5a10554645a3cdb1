"""What is new for each participant since their last visit of a consultation."""

import datetime

from django.urls import reverse
from django.utils import timezone

from impact.consultation import actions, selectors
from impact.consultation.models import ConsultationVisit
from tests.helpers import detail_url, write_comment

NEW = '<span class="badge text-bg-warning">Nouveau</span>'


def test_a_first_visit_counts_everything_written_by_others(client_as, official, delegate,
                                                            consultation):  # fmt: skip
    write_comment(consultation, delegate)
    write_comment(consultation, delegate)
    page = client_as(official).get(detail_url(consultation)).text
    assert "Première visite : 2 contributions à lire." in page
    assert page.count(NEW) == 2
    visit = ConsultationVisit.objects.get(user=official)
    assert visit.last_seen_at > timezone.now() - datetime.timedelta(minutes=1)


def test_after_a_visit_only_what_came_later_is_new(client_as, official, delegate, administrator,
                                                   consultation):  # fmt: skip
    old = write_comment(consultation, delegate, body="Ancien")
    client = client_as(official)
    client.get(detail_url(consultation))
    write_comment(consultation, delegate, body="Récent")
    actions.comment_answer(actor=administrator, comment=old, status="answered", answer="Vu.")
    actions.opinion_record(actor=delegate, consultation=consultation, stance="favourable",
                           reasoning="Oui.")  # fmt: skip
    assert selectors.news_counts(official, [consultation.pk]) == {consultation.pk: 3}
    page = client.get(detail_url(consultation)).text
    assert "3 nouveautés depuis votre dernière visite" in page
    assert page.count(NEW) == 3  # the new comment, the answer to the old one, the opinion
    assert selectors.news_counts(official, [consultation.pk]) == {consultation.pk: 0}
    assert (
        "Rien de nouveau depuis votre dernière visite" in client.get(detail_url(consultation)).text
    )


def test_what_a_user_wrote_is_never_new_for_them(client_as, delegate, consultation):
    write_comment(consultation, delegate)
    actions.opinion_record(actor=delegate, consultation=consultation, stance="favourable",
                           reasoning="Oui.")  # fmt: skip
    assert selectors.news_counts(delegate, [consultation.pk]) == {consultation.pk: 0}
    assert NEW not in client_as(delegate).get(detail_url(consultation)).text


def test_an_edit_after_the_visit_is_new(client_as, official, delegate, administrator, consultation):
    comment = write_comment(consultation, delegate, body="Premier")
    actions.comment_reply(actor=administrator, parent=comment, body="Précisez ?")
    client_as(official).get(detail_url(consultation))
    actions.comment_edit(actor=delegate, comment=comment, body="Précisé")
    assert selectors.news_counts(official, [consultation.pk]) == {consultation.pk: 1}


def test_the_study_page_and_the_home_page_show_the_count(client_as, head_a, delegate, consultation):
    write_comment(consultation, delegate)
    client = client_as(head_a)
    for page in (client.get(consultation.version.study.get_absolute_url()).text,
                 client.get(reverse("home")).text):  # fmt: skip
        assert "1 nouveauté" in page
        assert f'href="{consultation.get_absolute_url()}"' in page
    client.get(detail_url(consultation))
    assert "nouveauté" not in client.get(reverse("home")).text


def test_the_home_page_lists_only_open_consultations_the_user_may_read(
    client_as, head_b, official, administrator, consultation
):
    assert "Consultations en cours" not in client_as(head_b).get(reverse("home")).text
    assert "Étude État civil, version 1" in client_as(official).get(reverse("home")).text
    actions.consultation_close(actor=administrator, consultation=consultation)
    assert "Consultations en cours" not in client_as(official).get(reverse("home")).text
