"""Questionnaires, campaigns and inventories (the état des lieux)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from services.models import Directorate, Role, Service
from surveys.questionnaires import localize
from surveys.task_types import intensity_step


class Questionnaire(models.Model):
    """One version of a questionnaire, defined in a file shipped with the code.

    A version used by a campaign that has opened is frozen: loading a changed file
    then creates the next version instead of modifying it.
    """

    slug = models.SlugField(_("identifiant"), max_length=100)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("titre"), max_length=200)
    definition = models.JSONField(_("définition"))
    checksum = models.CharField(_("empreinte du fichier"), max_length=64)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["slug", "-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "version"],
                name="questionnaire_unique_version",
                violation_error_message=_("Cette version du questionnaire existe déjà."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(title)s (version %(version)s)") % {"title": self.title, "version": self.version}

    @property
    def sections(self) -> list[dict]:
        """The sections and questions, in the active language."""
        return localize(self.definition.get("sections", []), get_language())

    @property
    def display_title(self) -> str:
        english = (get_language() or "").startswith("en")
        return (self.definition.get("title_en") if english else None) or self.title

    def section(self, key: str) -> dict | None:
        return next((s for s in self.sections if s["key"] == key), None)

    @property
    def is_frozen(self) -> bool:
        """Frozen once a campaign using it has opened (open or closed)."""
        return self.campaigns.exclude(status=Campaign.Status.DRAFT).exists()


class Campaign(models.Model):
    """A period during which the services concerned fill their inventories."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("En préparation")
        OPEN = "open", _("Ouverte")
        CLOSED = "closed", _("Close")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("questionnaire"),
    )
    opens_on = models.DateField(_("ouverture"))
    closes_on = models.DateField(_("date limite"))
    reminder_days = models.PositiveSmallIntegerField(
        _("relance (jours avant la date limite)"),
        default=7,
        validators=[MaxValueValidator(90)],
    )
    directorates = models.ManyToManyField(
        Directorate,
        blank=True,
        related_name="campaigns",
        verbose_name=_("directions concernées"),
        help_text=_("Laisser vide pour toutes les directions."),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    reminder_sent_on = models.DateField(_("relance envoyée le"), null=True, blank=True)
    invitations_sent_at = models.DateTimeField(_("invitations envoyées le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "title"]
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="campaign_closes_after_opening",
                violation_error_message=_("La date limite doit suivre la date d'ouverture."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys-campaign-detail", args=[self.slug])


class Inventory(models.Model):
    """The état des lieux of one service for one campaign."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Non commencé")
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Soumis")
        RETURNED = "returned", _("Renvoyé pour correction")
        VALIDATED = "validated", _("Validé")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="inventories", verbose_name=_("campagne")
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="inventories", verbose_name=_("service")
    )
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    revision = models.PositiveIntegerField(
        _("révision"),
        default=0,
        help_text=_(
            "Augmente à chaque enregistrement : refuse qu'un second éditeur écrase le premier."
        ),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)

    class Meta:
        ordering = ["service__directorate__name", "service__name"]
        verbose_name = _("état des lieux")
        verbose_name_plural = _("états des lieux")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "service"],
                name="inventory_one_per_service_and_campaign",
                violation_error_message=_(
                    "Ce service a déjà un état des lieux pour cette campagne."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} — {self.campaign}"

    def get_absolute_url(self) -> str:
        return reverse("surveys-inventory-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.NOT_STARTED, self.Status.DRAFT, self.Status.RETURNED}


class InventoryRole(models.Model):
    """A role as described in an inventory: from the chart, or added by the head."""

    inventory = models.ForeignKey(
        Inventory, on_delete=models.CASCADE, related_name="roles", verbose_name=_("état des lieux")
    )
    role = models.ForeignKey(
        Role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inventory_roles",
        verbose_name=_("poste de l'organigramme"),
    )
    title = models.CharField(_("intitulé du poste"), max_length=200)
    headcount = models.PositiveIntegerField(_("effectif"), default=0)
    fte = models.DecimalField(
        _("ETP"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    isco_code = models.CharField(_("code ISCO-08"), max_length=4, blank=True)
    added_by_head = models.BooleanField(
        _("ajouté par le chef de service"),
        default=False,
        help_text=_("Absent de l'organigramme : à vérifier par le pilote."),
    )
    no_longer_exists = models.BooleanField(_("n'existe plus"), default=False)
    note = models.TextField(_("remarque"), blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("poste décrit")
        verbose_name_plural = _("postes décrits")
        constraints = [
            models.UniqueConstraint(
                "inventory",
                models.functions.Lower("title"),
                name="inventory_role_unique_title",
                violation_error_message=_("Ce poste figure déjà dans l'état des lieux."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DataClass(models.TextChoices):
    """Sensitivity of the data a task handles (docs/methodology.md)."""

    D0 = "D0", _("D0 — Public : informations publiables par tous")
    D1 = "D1", _("D1 — Interne, sans données personnelles")
    D2 = "D2", _("D2 — Données personnelles (nom, adresse, dossier d'un usager…)")
    D3 = "D3", _("D3 — Sensibles : santé, social, infractions, mineurs (RGPD art. 9 et 10)")
    D4 = "D4", _("D4 — Secret protégé : médical, police, actes scellés")


class ExposureClass(models.TextChoices):
    E0 = "E0", _("E0 — Pas d'exposition")
    E1 = "E1", _("E1 — Directe : un assistant conversationnel seul divise le temps par deux")
    E2 = (
        "E2",
        _("E2 — Avec outils : il faut un logiciel intégré aux documents ou métiers de la ville"),
    )


class IntensityStep(models.TextChoices):
    """Share of the task generative AI could do, answered in ten steps and stored as the step's
    midpoint (docs/methodology.md; ``surveys.task_types.INTENSITY_STEPS``)."""

    FROM_0 = "0.05", _("0 à 10 %")
    FROM_10 = "0.15", _("10 à 20 %")
    FROM_20 = "0.25", _("20 à 30 %")
    FROM_30 = "0.35", _("30 à 40 %")
    FROM_40 = "0.45", _("40 à 50 %")
    FROM_50 = "0.55", _("50 à 60 %")
    FROM_60 = "0.65", _("60 à 70 %")
    FROM_70 = "0.75", _("70 à 80 %")
    FROM_80 = "0.85", _("80 à 90 %")
    FROM_90 = "0.95", _("90 à 100 %")

    @classmethod
    def containing(cls, value) -> "IntensityStep | None":
        """The step an intensity in [0, 1] falls in (0.43 → « 40 à 50 % »); None when blank.

        ValueError when the value is not a number in [0, 1].
        """
        step = intensity_step(value)
        return cls(step) if step else None

    @classmethod
    def label_of(cls, value) -> str:
        """The label of the step an intensity falls in, "" when blank."""
        step = cls.containing(value)
        return str(step.label) if step else ""


class InventoryTask(models.Model):
    """A task of a role, with the inputs of the scoring method."""

    inventory_role = models.ForeignKey(
        InventoryRole, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("poste")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    description = models.CharField(_("description"), max_length=500)
    time_share = models.DecimalField(
        _("part du temps de travail (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    task_type = models.CharField(_("type de tâche"), max_length=80, blank=True)
    data_class = models.CharField(
        _("données traitées"), max_length=2, choices=DataClass.choices, blank=True
    )
    accountable = models.BooleanField(_("acte engageant la responsabilité"), default=False)
    exposure = models.CharField(
        _("classe d'exposition"), max_length=2, choices=ExposureClass.choices, blank=True
    )
    intensity = models.CharField(
        _("part réalisable par l'IA"), max_length=5, choices=IntensityStep.choices, blank=True
    )
    justification = models.TextField(
        _("justification du changement"),
        blank=True,
        help_text=_("Obligatoire si vous changez la classe ou l'intensité proposées par défaut."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("tâche")
        verbose_name_plural = _("tâches")
        constraints = [
            models.CheckConstraint(
                condition=Q(time_share__isnull=True) | Q(time_share__gte=0, time_share__lte=100),
                name="task_time_share_is_a_percentage",
                violation_error_message=_("La part du temps doit être comprise entre 0 et 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return self.description


class InventoryEvent(models.Model):
    """A recorded change of an inventory's state: who, when, what."""

    inventory = models.ForeignKey(
        Inventory, on_delete=models.CASCADE, related_name="events", verbose_name=_("état des lieux")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    from_status = models.CharField(
        _("état précédent"), max_length=12, choices=Inventory.Status.choices
    )
    to_status = models.CharField(_("nouvel état"), max_length=12, choices=Inventory.Status.choices)
    comment = models.TextField(_("commentaire"), blank=True)
    at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("changement d'état")
        verbose_name_plural = _("changements d'état")

    def __str__(self) -> str:
        return f"{self.inventory}: {self.from_status} → {self.to_status}"
