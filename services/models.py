"""The organisation chart (collectivité → directions → services → postes) and its people."""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from services.isco import validate_isco_code


class Organisation(models.Model):
    """The collectivité. A deployment holds one."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("collectivité")
        verbose_name_plural = _("collectivités")

    def __str__(self) -> str:
        return self.name


class Directorate(models.Model):
    """A direction of the collectivité, grouping services."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="directorates",
        verbose_name=_("collectivité"),
    )
    name = models.CharField(_("nom"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("name"),
                name="directorate_unique_name",
                violation_error_message=_("Une direction porte déjà ce nom."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services-directorate-detail", args=[self.pk])


class Service(models.Model):
    """A municipal service, the unit whose head fills an inventory."""

    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("direction"),
    )
    name = models.CharField(_("nom"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(
                "directorate",
                Lower("name"),
                name="service_unique_name_in_directorate",
                violation_error_message=_("Un service de cette direction porte déjà ce nom."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services-service-detail", args=[self.pk])


class Role(models.Model):
    """A poste (or métier) of a service, with its headcount and full-time equivalents."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="roles", verbose_name=_("service")
    )
    title = models.CharField(_("intitulé du poste"), max_length=200)
    headcount = models.PositiveIntegerField(_("effectif"), default=0)
    fte = models.DecimalField(
        _("ETP"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Équivalents temps plein."),
    )
    job_family = models.CharField(_("famille de métiers"), max_length=200, blank=True)
    isco_code = models.CharField(
        _("code ISCO-08"),
        max_length=4,
        blank=True,
        validators=[validate_isco_code],
        help_text=_("Groupe de base de la classification internationale ISCO-08 (4 chiffres)."),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("poste")
        verbose_name_plural = _("postes")
        constraints = [
            models.UniqueConstraint(
                "service",
                Lower("title"),
                name="role_unique_title_in_service",
                violation_error_message=_("Un poste de ce service porte déjà cet intitulé."),
            ),
            models.CheckConstraint(
                condition=Q(fte__gte=0),
                name="role_fte_not_negative",
                violation_error_message=_("L'ETP ne peut pas être négatif."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Persona(models.TextChoices):
    """What a user is in the study; docs/architecture.md says what each may do."""

    ADMINISTRATOR = "administrator", _("Pilote (administration)")
    HEAD = "head", _("Chef de service")
    DELEGATE = "delegate", _("Représentant du personnel")
    OFFICIAL = "official", _("Élu")


class User(AbstractUser):
    """A person who signs in. Each has one persona."""

    persona = models.CharField(
        _("profil"),
        max_length=20,
        choices=Persona.choices,
        help_text=_(
            "Décide de ce que la personne peut voir et faire. Un superutilisateur est pilote."
        ),
    )
    union = models.CharField(
        _("organisation syndicale"),
        max_length=100,
        blank=True,
        help_text=_("Pour un représentant du personnel : le nom de son syndicat."),
    )
    consents_to_be_named = models.BooleanField(
        _("accepte d'être nommé(e)"),
        default=False,
        help_text=_(
            "Pour un représentant du personnel : son nom peut être montré aux élus et aux chefs "
            "de service, et imprimé dans les exports et les études publiées. Sinon, seul son "
            "syndicat l'est (l'appartenance syndicale est une donnée sensible, RGPD art. 9)."
        ),
    )
    services = models.ManyToManyField(
        Service,
        blank=True,
        related_name="heads",
        verbose_name=_("services dirigés"),
        help_text=_("Pour un chef de service : les services dont il remplit l'état des lieux."),
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.CheckConstraint(
                condition=~Q(persona=Persona.DELEGATE) | ~Q(union=""),
                name="user_delegate_has_union",
                violation_error_message=_(
                    "Un représentant du personnel doit avoir une organisation syndicale."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class FormSubmission(models.Model):
    """A form that was sent once: its one-time token, who sent it and where it led.

    A form that creates something carries a token made when the page was shown
    (``{% submission_token %}``); ``services.web.submissions.once_per_submission`` claims it
    in the request's transaction, so the same form sent twice (a double click, a retry on a
    slow line) is handled once and both requests are sent to the same page.
    """

    token = models.UUIDField(_("jeton"), unique=True)
    user = models.ForeignKey(
        User, verbose_name=_("utilisateur"), on_delete=models.CASCADE, related_name="+"
    )
    redirect_to = models.CharField(_("page d'arrivée"), max_length=500)
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("formulaire envoyé")
        verbose_name_plural = _("formulaires envoyés")

    def __str__(self) -> str:
        return f"{self.token} → {self.redirect_to}"


class OutboxMessage(models.Model):
    """A task for the workers, written in the transaction of the action that asks for it.

    The request never talks to the broker: the row commits with the action's own writes, or
    not at all; a relay (``services.web.outbox``) publishes it to Celery and marks it sent.
    So work asked for while Redis is down is done once Redis is back, and never twice over:
    the tasks are idempotent (their own claims), a row is published under a claim of its own.
    """

    task = models.CharField(_("tâche"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True, db_index=True)
    claimed_at = models.DateTimeField(_("prise le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(_("essais"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("tâche en attente d'envoi")
        verbose_name_plural = _("tâches en attente d'envoi")

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
