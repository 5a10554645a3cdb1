"""Impact studies: a study per campaign and scope, its immutable versions, its generation jobs."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from services.models import Directorate, Service
from surveys.models import Campaign


class Study(models.Model):
    """An impact study of one campaign for a scope: a service, a directorate or the collectivité."""

    class Scope(models.TextChoices):
        COLLECTIVITE = "collectivite", _("Collectivité")
        DIRECTORATE = "directorate", _("Direction")
        SERVICE = "service", _("Service")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="studies", verbose_name=_("campagne")
    )
    scope = models.CharField(_("périmètre"), max_length=12, choices=Scope.choices)
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="studies",
        verbose_name=_("direction"),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="studies",
        verbose_name=_("service"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        ordering = ["campaign", "scope", "pk"]
        verbose_name = _("étude d'impact")
        verbose_name_plural = _("études d'impact")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="collectivite", directorate__isnull=True, service__isnull=True)
                | Q(scope="directorate", directorate__isnull=False, service__isnull=True)
                | Q(scope="service", directorate__isnull=True, service__isnull=False),
                name="study_scope_matches_its_target",
                violation_error_message=_("Le périmètre de l'étude ne correspond pas à sa cible."),
            ),
            models.UniqueConstraint(
                fields=["campaign"], condition=Q(scope="collectivite"),
                name="study_unique_collectivite",
            ),
            models.UniqueConstraint(
                fields=["campaign", "directorate"], condition=Q(scope="directorate"),
                name="study_unique_directorate",
            ),
            models.UniqueConstraint(
                fields=["campaign", "service"], condition=Q(scope="service"),
                name="study_unique_service",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.scope_label} — {self.campaign}"

    def get_absolute_url(self) -> str:
        return reverse("impact-study-detail", args=[self.pk])

    @property
    def scope_label(self) -> str:
        if self.scope == self.Scope.SERVICE:
            return str(self.service)
        if self.scope == self.Scope.DIRECTORATE:
            return str(self.directorate)
        return str(_("Ensemble de la collectivité"))


class StudyVersion(models.Model):
    """One generation of a study: immutable, with the figures it prints and its PDF."""

    study = models.ForeignKey(
        Study, on_delete=models.PROTECT, related_name="versions", verbose_name=_("étude")
    )
    number = models.PositiveIntegerField(_("numéro"))
    created_at = models.DateTimeField(_("générée le"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("demandée par"),
    )
    method_version = models.CharField(_("version de la méthode"), max_length=20)
    parameters = models.JSONField(_("paramètres utilisés"))
    snapshot = models.JSONField(_("chiffres imprimés"))
    pdf = models.FileField(_("document PDF"), upload_to="studies/%Y/%m/")
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    page_count = models.PositiveIntegerField(_("nombre de pages"))

    class Meta:
        ordering = ["study", "-number"]
        verbose_name = _("version d'étude")
        verbose_name_plural = _("versions d'étude")
        constraints = [
            models.UniqueConstraint(
                fields=["study", "number"], name="study_version_unique_number",
                violation_error_message=_("Cette version de l'étude existe déjà."),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return _("%(study)s, version %(number)s") % {"study": self.study, "number": self.number}

    def save(self, *args, **kwargs):
        """A version is written once: an update is refused, never applied."""
        if not self._state.adding:
            raise ValueError("A study version is immutable.")
        super().save(*args, **kwargs)


class StudyJob(models.Model):
    """A request to generate a study version, run by a Celery worker; the page polls it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminée")
        FAILED = "failed", _("Échec")

    study = models.ForeignKey(
        Study, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("étude")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("demandée par"),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    message = models.TextField(_("message"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    version = models.OneToOneField(
        StudyVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job",
        verbose_name=_("version produite"),
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencée le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("génération d'étude")
        verbose_name_plural = _("générations d'étude")

    def __str__(self) -> str:
        return f"{self.study} — {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.RUNNING}
