"""The demo consultation, loaded by ``manage.py load_demo`` after the scores.

The study of the "Espaces verts" service (validated in the demo campaign) gets a version,
generated synchronously through ``study_generate``, and a consultation in progress on it:
three comments by the demo delegate (an objection still waiting for an answer, so that the
closing rule shows; a question on a role, answered, with the head's reply; a proposal,
accepted) and the union's opinion. Rows are written directly, without the actions, so that
loading the demo sends no e-mail; each is validated with ``full_clean``. Idempotent: once
the study has a consultation, nothing is written.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from impact.consultation.models import Comment, Consultation, Opinion, Section, Stance
from impact.consultation.selectors import snapshot_roles
from impact.studies.actions import study_generate, study_job_claim, study_job_fail
from impact.studies.models import Study, StudyJob
from services.demo import DEMO_UNION, ORGANISATION_NAME
from services.models import Service, User
from surveys.demo import CAMPAIGN_SLUG
from surveys.models import Campaign

SERVICE = "Espaces verts"
PILOTE, DELEGATE, HEAD = "pilote", "delegue", "chef.espacesverts"
CREATED, UNCHANGED, SKIPPED = "created", "unchanged", "skipped"
OPENED_DAYS_AGO, DEADLINE_IN_DAYS = 6, 15
PREFERRED_ROLE = "Chef d'équipe espaces verts"

OBJECTION = (
    "Le classement des opportunités place les Espaces verts parmi les premiers services "
    "alors que la plupart des agents travaillent sur le terrain.\n"
    "Nous demandons que le temps libéré soit chiffré poste par poste avant toute décision."
)
QUESTION = (
    "Les chefs d'équipe craignent un contrôle à distance de leur activité (voir l'état des "
    "lieux). Un outil d'IA servirait-il à suivre les interventions des équipes ?"
)
ANSWER = (
    "Non. Aucun outil ne sera utilisé pour évaluer ou suivre individuellement les agents ; "
    "la charte d'usage soumise au comité social territorial l'écrira noir sur blanc."
)
HEAD_REPLY = (
    "Je confirme : les tablettes serviront aux fiches d'intervention, comme aujourd'hui sur "
    "papier, pas à suivre les équipes."
)
PROPOSAL = (
    "Associer deux agents volontaires par équipe au choix de l'outil de réponse aux "
    "signalements des habitants."
)
ACCEPTED = "Accepté : un groupe de travail sera constitué ; la prochaine version le mentionnera."
OPINION = (
    "Favorable à l'outil de réponse aux signalements, sous réserve que la charte exclue tout "
    "suivi individuel des agents et que les chefs d'équipe soient formés avant son arrivée."
)


def _saved(instance):
    instance.full_clean()
    instance.save()
    return instance


def _study_with_version(campaign: Campaign, service: Service, pilote: User) -> Study | None:
    """The service's study, with a first version generated here and now if it has none."""
    study, _created = Study.objects.get_or_create(
        campaign=campaign, scope=Study.Scope.SERVICE, service=service
    )
    if study.versions.exists():
        return study
    job = study_job_claim(StudyJob.objects.create(study=study, requested_by=pilote).pk)
    try:
        study_generate(job=job)
    except Exception as error:  # WeasyPrint's system libraries missing, for instance
        study_job_fail(job=job, error=error)
        return None
    return study


def _moment(days_ago: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _role_target(version) -> dict:
    roles = snapshot_roles(version)
    chosen = next((r for r in roles if r[3] == PREFERRED_ROLE), roles[0] if roles else None)
    if chosen is None:
        return {"target": Comment.Target.STUDY}
    return {"target": Comment.Target.ROLE, "role_service": chosen[2], "role_title": chosen[3]}


@transaction.atomic
def _consultation(version, pilote: User, delegate: User, head: User | None) -> Consultation:
    consultation = _saved(
        Consultation(
            version=version,
            opened_by=pilote,
            opened_at=_moment(OPENED_DAYS_AGO, 9),
            deadline=timezone.localdate() + datetime.timedelta(days=DEADLINE_IN_DAYS),
            delegates_notified_at=_moment(OPENED_DAYS_AGO, 9),
        )
    )
    said = {"consultation": consultation, "author": delegate, "author_union": delegate.union}
    _saved(
        Comment(
            **said,
            kind=Comment.Kind.OBJECTION,
            target=Comment.Target.SECTION,
            section=Section.OPPORTUNITIES,
            body=OBJECTION,
            created_at=_moment(5, 10),
        )
    )
    question = _saved(
        Comment(
            **said,
            kind=Comment.Kind.QUESTION,
            body=QUESTION,
            created_at=_moment(4, 14),
            status=Comment.Status.ANSWERED,
            answer=ANSWER,
            answered_by=pilote,
            answered_at=_moment(3, 11),
            **_role_target(version),
        )
    )
    if head is not None:
        _saved(
            Comment(
                consultation=consultation,
                parent=question,
                author=head,
                body=HEAD_REPLY,
                created_at=_moment(2, 16),
            )
        )
    _saved(
        Comment(
            **said,
            kind=Comment.Kind.PROPOSAL,
            target=Comment.Target.STUDY,
            body=PROPOSAL,
            created_at=_moment(3, 9),
            status=Comment.Status.ACCEPTED,
            answer=ACCEPTED,
            answered_by=pilote,
            answered_at=_moment(1, 15),
        )
    )
    _saved(
        Opinion(
            consultation=consultation,
            union=delegate.union,
            stance=Stance.RESERVED,
            reasoning=OPINION,
            recorded_by=delegate,
            recorded_at=_moment(1, 17),
        )
    )
    return consultation


def load_demo_consultation() -> dict:
    """Create the demo consultation if its study has none; return what was done.

    ``consultation`` is created, unchanged or skipped (the demo campaign, service or
    accounts are missing, or the study could not be generated); ``version`` is the number
    of the version consulted on, ``comments`` and ``opinions`` are counts.
    """
    campaign = Campaign.objects.filter(slug=CAMPAIGN_SLUG).first()
    service = Service.objects.filter(
        name=SERVICE, directorate__organisation__name=ORGANISATION_NAME
    ).first()
    users = {u.username: u for u in User.objects.filter(username__in=[PILOTE, DELEGATE, HEAD])}
    pilote, delegate = users.get(PILOTE), users.get(DELEGATE)
    if None in (campaign, service, pilote, delegate) or delegate.union != DEMO_UNION:
        return {"consultation": SKIPPED}
    existing = Consultation.objects.filter(
        version__study__campaign=campaign, version__study__service=service
    ).first()
    if existing is None:
        study = _study_with_version(campaign, service, pilote)
        if study is None:
            return {"consultation": SKIPPED}
        version = study.versions.order_by("-number").first()
        existing, outcome = _consultation(version, pilote, delegate, users.get(HEAD)), CREATED
    else:
        outcome = UNCHANGED
    return {
        "consultation": outcome,
        "version": existing.version.number,
        "comments": existing.comments.count(),
        "opinions": existing.opinions.count(),
    }
