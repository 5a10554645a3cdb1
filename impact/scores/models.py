"""Method parameters and stored score snapshots."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from surveys.models import Campaign, Inventory, InventoryRole


class MethodSettings(models.Model):
    """The scoring method's parameters for this collectivité (one row, edited by administrators).

    Every score snapshot copies the values it used, so a later change never alters
    an old result, and an old result can be recomputed identically.
    """

    confidentiality = models.JSONField(
        _("matrice de confidentialité"),
        help_text=_("Part déployable c(d, k) par classe de données D0–D4 et scénario k1–k3."),
    )
    draws = models.PositiveIntegerField(
        _("tirages Monte-Carlo"),
        default=1000,
        validators=[MinValueValidator(100), MaxValueValidator(20000)],
    )
    seed = models.PositiveIntegerField(_("graine aléatoire"), default=20240501)
    divergence_threshold = models.DecimalField(
        _("seuil « à discuter »"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.25"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("1"))],
        help_text=_(
            "Écart entre l'intensité moyenne d'un poste et la référence OIT au-delà duquel il est signalé."
        ),
    )
    small_group_threshold = models.PositiveSmallIntegerField(
        _("seuil des petits groupes"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "Un poste ou un service de moins d'agents est regroupé pour les élus et les représentants."
        ),
    )
    confusion = models.JSONField(
        _("matrice d'incertitude propre à la collectivité"),
        null=True,
        blank=True,
        help_text=_(
            "La matrice q(classe vraie | classe donnée) tirée des tâches évaluées à la fois par "
            "les chefs de service et par les agents ; vide : celle de la méthode."
        ),
    )
    confusion_source = models.CharField(_("origine de la matrice"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modifié par"),
    )

    class Meta:
        verbose_name = _("paramètres de la méthode")
        verbose_name_plural = _("paramètres de la méthode")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(_("Paramètres de la méthode"))


class InventoryScore(models.Model):
    """A snapshot of an inventory's scores, computed once and never modified."""

    class Trigger(models.TextChoices):
        SUBMITTED = "submitted", _("Soumission")
        VALIDATED = "validated", _("Validation")
        MANUAL = "manual", _("Recalcul demandé")

    inventory = models.ForeignKey(
        Inventory, on_delete=models.CASCADE, related_name="scores", verbose_name=_("état des lieux")
    )
    inventory_revision = models.PositiveIntegerField(_("révision de l'état des lieux"))
    trigger = models.CharField(_("déclencheur"), max_length=10, choices=Trigger.choices)
    is_current = models.BooleanField(_("le plus récent"), default=True)
    method_version = models.CharField(_("version de la méthode"), max_length=20)
    parameters = models.JSONField(_("paramètres utilisés"))
    summary = models.JSONField(_("synthèse du service"), default=dict)
    computed_at = models.DateTimeField(_("calculé le"), auto_now_add=True)

    class Meta:
        ordering = ["-computed_at", "-pk"]
        verbose_name = _("calcul des scores")
        verbose_name_plural = _("calculs des scores")
        constraints = [
            models.UniqueConstraint(
                fields=["inventory"],
                condition=Q(is_current=True),
                name="one_current_score_per_inventory",
                violation_error_message=_("Un seul calcul courant par état des lieux."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inventory} ({self.computed_at:%Y-%m-%d %H:%M})"


def chosen_snapshots(method_version: str | None = None, prefix: str = "") -> Q:
    """Which snapshot of each inventory a page reads, as a filter on ``<prefix>`` (a path to an
    InventoryScore): the current one; or, given a method version, the latest one made under
    that version (a campaign scored again under a new version keeps its earlier snapshots,
    which the dashboard's comparison reads)."""
    if method_version is None:
        return Q(**{f"{prefix}is_current": True})
    latest = InventoryScore.objects.filter(
        inventory=OuterRef(f"{prefix}inventory"), method_version=method_version
    ).order_by("-computed_at", "-pk")
    return Q(**{f"{prefix}method_version": method_version}) & Q(
        **{f"{prefix}pk": Subquery(latest.values("pk")[:1])}
    )


class RoleScore(models.Model):
    """One role's measures in a snapshot, as docs/methodology.md defines them (shares in [0, 1])."""

    score = models.ForeignKey(
        InventoryScore, on_delete=models.CASCADE, related_name="roles", verbose_name=_("calcul")
    )
    inventory_role = models.ForeignKey(
        InventoryRole,
        on_delete=models.SET_NULL,
        null=True,
        related_name="scores",
        verbose_name=_("poste décrit"),
    )
    title = models.CharField(_("poste"), max_length=200)
    headcount = models.PositiveIntegerField(_("effectif"))
    fte = models.DecimalField(_("ETP"), max_digits=8, decimal_places=2)
    isco_code = models.CharField(_("code ISCO-08"), max_length=4, blank=True)
    n_tasks = models.PositiveSmallIntegerField(_("nombre de tâches"))
    alpha = models.FloatField("alpha")
    beta = models.FloatField("beta")
    zeta = models.FloatField("zeta")
    mean = models.FloatField(_("intensité moyenne"))
    sd = models.FloatField(_("écart-type de l'intensité"))
    gradient_2025 = models.CharField(_("gradient OIT 2025"), max_length=20)
    category_2023 = models.CharField(_("catégorie OIT 2023"), max_length=20)
    auto = models.FloatField(_("part automatisable"))
    aug = models.FloatField(_("part assistée"))
    low = models.FloatField(_("part marginale"))
    none = models.FloatField(_("part non concernée"))
    beta_dep_k1 = models.FloatField(_("exposition déployable k1"))
    beta_dep_k2 = models.FloatField(_("exposition déployable k2"))
    beta_dep_k3 = models.FloatField(_("exposition déployable k3"))
    hours = models.FloatField(_("heures annuelles"))
    freed_hours_k1 = models.FloatField(_("heures libérables k1"))
    freed_hours_k2 = models.FloatField(_("heures libérables k2"))
    freed_hours_k3 = models.FloatField(_("heures libérables k3"))
    beta_p10 = models.FloatField("beta P10")
    beta_p50 = models.FloatField("beta P50")
    beta_p90 = models.FloatField("beta P90")
    mean_p10 = models.FloatField(_("intensité P10"))
    mean_p50 = models.FloatField(_("intensité P50"))
    mean_p90 = models.FloatField(_("intensité P90"))
    ilo_mean = models.FloatField(_("moyenne OIT"), null=True, blank=True)
    ilo_sd = models.FloatField(_("écart-type OIT"), null=True, blank=True)
    ilo_gradient = models.CharField(_("gradient OIT de référence"), max_length=20, blank=True)
    a_discuter = models.BooleanField(_("à discuter"), default=False)
    receipt = models.JSONField(_("reçu de calcul"), default=list)

    class Meta:
        ordering = ["title"]
        verbose_name = _("score d'un poste")
        verbose_name_plural = _("scores des postes")

    def __str__(self) -> str:
        return self.title


class RescoreJob(models.Model):
    """An administrator's request to score a campaign again under the current method version.

    Every submitted or validated inventory of the campaign gets a new snapshot (trigger
    "Recalcul demandé"), which becomes its current one; the earlier snapshots stay, so the
    dashboard can compare the campaign under both versions. A Celery worker runs it; the page
    polls its progress.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="rescore_jobs",
        verbose_name=_("campagne"),
    )  # fmt: skip
    method_version = models.CharField(_("version de la méthode"), max_length=20)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("demandé par"),
    )  # fmt: skip
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("états des lieux à recalculer"), default=0)
    done = models.PositiveIntegerField(_("états des lieux recalculés"), default=0)
    message = models.TextField(_("message"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("recalcul d'une campagne")
        verbose_name_plural = _("recalculs de campagnes")

    def __str__(self) -> str:
        return f"{self.campaign} — {self.method_version} — {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.RUNNING}

    @property
    def progress(self) -> int:
        """Percent done (0-100)."""
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
