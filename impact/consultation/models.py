"""The consultation of union delegates on a study version: comments, answers, opinions.

A consultation belongs to one immutable study version. Delegates comment (on the whole
study, a section or a role) and record their union's formal opinion; every participant
may reply in the comment's thread; the administration answers each top-level comment.
Edits made after someone responded, and every change of an opinion, are kept as
revisions, so that nothing said in the consultation changes silently.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impact.studies.models import StudyVersion

BODY_MAX_LENGTH = 5000


class Section(models.TextChoices):
    """The sections of a study a comment may target (the chapters of its PDF)."""

    SYNTHESIS = "synthesis", _("Synthèse")
    METHOD = "method", _("Méthode en bref et paramètres utilisés")
    EXPOSURE = "exposure", _("Exposition par direction et par service")
    SERVICES = "services", _("Les postes, service par service")
    CONFIDENTIALITY = "confidentiality", _("Confidentialité")
    OPPORTUNITIES = "opportunities", _("Opportunités pour le service public")
    CONCERNS = "concerns", _("Inquiétudes et besoins de formation des agents")
    AGENTS = "agents", _("Ce que disent les agents")
    CHANGED_DEFAULTS = (
        "changed_defaults",
        _("Valeurs par défaut modifiées par les chefs de service"),
    )


class Consultation(models.Model):
    """The consultation of the staff representatives on one version of a study."""

    class Status(models.TextChoices):
        OPEN = "open", _("En cours")
        CLOSED = "closed", _("Close")

    version = models.OneToOneField(
        StudyVersion,
        on_delete=models.PROTECT,
        related_name="consultation",
        verbose_name=_("version de l'étude"),
    )
    deadline = models.DateField(
        _("date limite"),
        help_text=_(
            "Les représentants du personnel commentent et enregistrent l'avis de leur "
            "organisation syndicale jusqu'à cette date incluse."
        ),
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ouverte par"),
    )
    opened_at = models.DateTimeField(_("ouverte le"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("close par"),
    )
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    delegates_notified_at = models.DateTimeField(
        _("représentants prévenus le"), null=True, blank=True
    )
    # The last postponed deadline the delegates were told about (a redelivered task, or a
    # second extension before the first e-mail left, sends one e-mail per new date).
    extension_notified_for = models.DateField(
        _("report de la date limite annoncé pour le"), null=True, blank=True
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="consultation_closed_has_a_date",
                violation_error_message=_("Une consultation close doit avoir une date de clôture."),
            ),
        ]

    def __str__(self) -> str:
        return _("Consultation sur %(version)s") % {"version": self.version}

    def get_absolute_url(self) -> str:
        return reverse("impact-consultation-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def deadline_passed(self, today=None) -> bool:
        """True after the deadline day (the deadline day itself still counts)."""
        return (today or timezone.localdate()) > self.deadline

    def accepts_contributions(self, today=None) -> bool:
        """Delegates comment, edit and record opinions while open and until the deadline."""
        return self.is_open and not self.deadline_passed(today)


class Comment(models.Model):
    """A delegate's comment on a study version, or a reply in a comment's thread.

    A top-level comment (no ``parent``) has a kind and a target and gets the
    administration's answer; a reply has neither and belongs to the thread of its
    top-level comment (threads are one level deep).
    """

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        OBJECTION = "objection", _("Objection")
        PROPOSAL = "proposal", _("Proposition")
        SUPPORT = "support", _("Soutien")

    class Target(models.TextChoices):
        STUDY = "study", _("L'ensemble de l'étude")
        SECTION = "section", _("Une partie de l'étude")
        ROLE = "role", _("Un poste")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de réponse")
        ANSWERED = "answered", _("Répondu")
        ACCEPTED = "accepted", _("Accepté : la prochaine version changera")
        DECLINED = "declined", _("Refusé")

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("consultation"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("en réponse à"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    author_union = models.CharField(
        _("organisation syndicale de l'auteur"),
        max_length=100,
        blank=True,
        help_text=_("Celle du représentant du personnel au moment où il a écrit."),
    )
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices, blank=True)
    target = models.CharField(_("objet"), max_length=10, choices=Target.choices, blank=True)
    section = models.CharField(_("partie"), max_length=20, choices=Section.choices, blank=True)
    role_service = models.CharField(_("service du poste"), max_length=200, blank=True)
    role_title = models.CharField(_("poste"), max_length=200, blank=True)
    body = models.TextField(_("texte"), max_length=BODY_MAX_LENGTH)
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now)
    edited_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(
        _("réponse de l'administration"), max_length=BODY_MAX_LENGTH, blank=True
    )
    decline_reason = models.TextField(_("motif du refus"), max_length=BODY_MAX_LENGTH, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("réponse donnée par"),
    )
    answered_at = models.DateTimeField(_("réponse donnée le"), null=True, blank=True)
    # When the e-mail about this comment (to the administrators) or reply (to the thread's
    # author) was sent, and when the e-mail carrying the answer given at ``answered_at``
    # was: a second delivery of a task finds them set and sends nothing.
    notified_at = models.DateTimeField(_("notification envoyée le"), null=True, blank=True)
    answer_notified_at = models.DateTimeField(_("réponse notifiée le"), null=True, blank=True)
    addressed = models.BooleanField(
        _("pris en compte dans la version suivante"),
        null=True,
        blank=True,
        help_text=_("Vide : pris en compte si et seulement si le commentaire est accepté."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=False, kind="", target="", section="", role_title="")
                | (Q(parent__isnull=True) & ~Q(kind="") & (
                    Q(target="study", section="", role_title="")
                    | (Q(target="section", role_title="") & ~Q(section=""))
                    | (Q(target="role", section="") & ~Q(role_title=""))
                )),
                name="comment_kind_and_target_are_consistent",
                violation_error_message=_(
                    "Un commentaire a une nature et un objet complet ; une réponse n'en a pas."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="pending", answer="", decline_reason="")
                | (Q(status__in=["answered", "accepted"], decline_reason="") & ~Q(answer=""))
                | (Q(status="declined") & ~Q(answer="") & ~Q(decline_reason="")),
                name="comment_answer_matches_status",
                violation_error_message=_(
                    "Une réponse est écrite pour tout commentaire traité, et un refus est motivé."
                ),
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(status="pending", addressed__isnull=True),
                name="comment_reply_has_no_answer",
                violation_error_message=_("Seuls les commentaires reçoivent une réponse."),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return _("Commentaire n° %(pk)s") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return f"{self.consultation.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"commentaire-{self.pk}"

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def is_answered(self) -> bool:
        return self.status != self.Status.PENDING

    @property
    def is_addressed(self) -> bool:
        """Addressed in the next version: the administrator's choice, else "accepted"."""
        if self.addressed is not None:
            return self.addressed
        return self.status == self.Status.ACCEPTED

    @property
    def target_label(self) -> str:
        if self.target == self.Target.SECTION:
            return str(Section(self.section).label)
        if self.target == self.Target.ROLE:
            return _("Poste « %(role)s » (%(service)s)") % {
                "role": self.role_title,
                "service": self.role_service,
            }
        if self.target == self.Target.STUDY:
            return str(self.Target.STUDY.label)
        return ""


class CommentRevision(models.Model):
    """A text of a comment replaced by its author after someone had responded to it."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("commentaire")
    )
    body = models.TextField(_("texte remplacé"))
    written_at = models.DateTimeField(_("écrit le"))
    replaced_at = models.DateTimeField(_("remplacé le"), default=timezone.now)

    class Meta:
        ordering = ["replaced_at", "pk"]
        verbose_name = _("version précédente d'un commentaire")
        verbose_name_plural = _("versions précédentes des commentaires")

    def __str__(self) -> str:
        return f"{self.comment} — {self.replaced_at:%Y-%m-%d %H:%M}"


class Stance(models.TextChoices):
    """The formal opinion (avis) of a union on a study version."""

    FAVOURABLE = "favourable", _("Favorable")
    RESERVED = "favourable_with_reservations", _("Favorable avec réserves")
    UNFAVOURABLE = "unfavourable", _("Défavorable")
    ABSTENTION = "abstention", _("Abstention")


class Opinion(models.Model):
    """A union's formal opinion on the study version of a consultation: one per union."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="opinions",
        verbose_name=_("consultation"),
    )
    union = models.CharField(_("organisation syndicale"), max_length=100)
    stance = models.CharField(_("avis"), max_length=30, choices=Stance.choices)
    reasoning = models.TextField(_("motivation"), max_length=BODY_MAX_LENGTH * 2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enregistré par"),
    )
    recorded_at = models.DateTimeField(_("enregistré le"), default=timezone.now)

    class Meta:
        ordering = ["union", "pk"]
        verbose_name = _("avis syndical")
        verbose_name_plural = _("avis syndicaux")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "union"],
                name="opinion_one_per_union",
                violation_error_message=_("Cette organisation syndicale a déjà donné son avis."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.union} — {self.get_stance_display()}"


class OpinionRevision(models.Model):
    """A former state of a union's opinion, kept when a delegate changed it."""

    opinion = models.ForeignKey(
        Opinion, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("avis")
    )
    stance = models.CharField(_("avis"), max_length=30, choices=Stance.choices)
    reasoning = models.TextField(_("motivation"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enregistré par"),
    )
    recorded_at = models.DateTimeField(_("enregistré le"))

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("version précédente d'un avis")
        verbose_name_plural = _("versions précédentes des avis")

    def __str__(self) -> str:
        return f"{self.opinion.union} — {self.recorded_at:%Y-%m-%d %H:%M}"


class ConsultationVisit(models.Model):
    """When a user last opened a consultation's page: what came after is new for them."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="visits",
        verbose_name=_("consultation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("utilisateur"),
    )
    last_seen_at = models.DateTimeField(_("dernière visite"))

    class Meta:
        ordering = ["-last_seen_at", "pk"]
        verbose_name = _("visite d'une consultation")
        verbose_name_plural = _("visites des consultations")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="consultation_visit_one_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.last_seen_at:%Y-%m-%d %H:%M}"
