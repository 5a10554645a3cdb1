"""The agents' voice: an anonymous survey of the agents of each role, per campaign.

Anonymity is built into the tables (docs/confidentiality.md):

- ``AgentCode`` holds a keyed hash of a single-use code, the role it is for, whether it was
  used, and the agent's draft until they submit. No name, address, time or answer link.
- ``AgentAnswer`` holds the submitted answer with a random identifier, the role and the
  day it was sent: no code, no account, no address, no user agent, no time of day.

Submitting moves the draft into a new answer row and wipes it from the code row in one
transaction, so nothing in the database ties an answer to the code that sent it.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from surveys.models import Campaign, DataClass, ExposureClass, InventoryRole, InventoryTask


class AgentSurvey(models.Model):
    """The survey of the agents for one campaign, turned on by an administrator."""

    campaign = models.OneToOneField(
        Campaign,
        on_delete=models.CASCADE,
        related_name="agent_survey",
        verbose_name=_("campagne"),
    )
    opens_on = models.DateField(_("ouverture"))
    closes_on = models.DateField(_("clôture"))
    enabled = models.BooleanField(_("activée"), default=True)
    tools = models.TextField(
        _("outils d'IA générative de la collectivité"),
        blank=True,
        help_text=_(
            "Un outil par ligne : les agents les retrouvent dans la liste des outils qu'ils "
            "utilisent, avec « un outil grand public » et « autre »."
        ),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("enquête auprès des agents")
        verbose_name_plural = _("enquêtes auprès des agents")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="agent_survey_closes_after_opening",
                violation_error_message=_("La clôture doit suivre l'ouverture."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.campaign)

    @property
    def tool_names(self) -> list[str]:
        """The city's tools, one per line of ``tools``, without blanks or repeats."""
        names: list[str] = []
        for line in self.tools.splitlines():
            name = line.strip()[:200]
            if name and name not in names:
                names.append(name)
        return names


class AgentCode(models.Model):
    """A single-use code handed to one agent of a role (printed or e-mailed, never stored
    with an address)."""

    survey = models.ForeignKey(
        AgentSurvey, on_delete=models.CASCADE, related_name="codes", verbose_name=_("enquête")
    )
    inventory_role = models.ForeignKey(
        InventoryRole,
        on_delete=models.CASCADE,
        related_name="agent_codes",
        verbose_name=_("poste"),
    )
    digest = models.CharField(_("empreinte du code"), max_length=64, unique=True)

    class Channel(models.TextChoices):
        SHEET = "sheet", _("Feuille imprimée")
        EMAIL = "email", _("Courriel")

    channel = models.CharField(
        _("remis par"), max_length=5, choices=Channel.choices, default=Channel.SHEET
    )
    used = models.BooleanField(_("utilisé"), default=False)
    draft = models.JSONField(_("brouillon"), default=dict, blank=True)

    class Meta:
        verbose_name = _("code d'accès")
        verbose_name_plural = _("codes d'accès")

    def __str__(self) -> str:
        return _("Code pour « %(role)s »") % {"role": self.inventory_role}


class Frequency(models.TextChoices):
    NEVER = "never", _("Jamais")
    RARELY = "rarely", _("Moins d'une fois par mois")
    MONTHLY = "monthly", _("Quelques fois par mois")
    WEEKLY = "weekly", _("Chaque semaine")
    DAILY = "daily", _("Tous les jours ou presque")


class ToolKind(models.TextChoices):
    """The kind of tool an agent uses; the city's own tools are stored by name."""

    CITY = "city", _("Un outil fourni par la collectivité")
    CONSUMER = "consumer", _("Un outil grand public (ChatGPT, Gemini, Copilot grand public…)")
    OTHER = "other", _("Autre")


class AgentAnswer(models.Model):
    """One agent's submitted answer: no code, no account, no address, the day only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        AgentSurvey, on_delete=models.CASCADE, related_name="answers", verbose_name=_("enquête")
    )
    inventory_role = models.ForeignKey(
        InventoryRole,
        on_delete=models.CASCADE,
        related_name="agent_answers",
        verbose_name=_("poste"),
    )
    submitted_on = models.DateField(_("envoyée le"))
    uses_ai = models.BooleanField(_("utilise l'IA générative au travail"), default=False)
    frequency = models.CharField(
        _("fréquence"), max_length=10, choices=Frequency.choices, blank=True
    )
    city_tools = models.JSONField(_("outils de la collectivité"), default=list, blank=True)
    tool_kinds = models.JSONField(_("sortes d'outils"), default=list, blank=True)
    tools_other = models.CharField(_("autre outil"), max_length=200, blank=True)
    ai_task_ids = models.JSONField(_("tâches faites avec l'IA"), default=list, blank=True)
    data_classes = models.JSONField(_("données confiées à l'outil"), default=list, blank=True)
    concerns = models.TextField(_("inquiétudes"), blank=True)
    training = models.TextField(_("besoins de formation"), blank=True)

    class Meta:
        # Ordered by its random identifier: never by the order answers came in.
        ordering = ["id"]
        verbose_name = _("réponse d'un agent")
        verbose_name_plural = _("réponses des agents")

    def __str__(self) -> str:
        return _("Réponse pour « %(role)s »") % {"role": self.inventory_role}

    @property
    def unsupervised_use(self) -> bool:
        """« Usage non encadré »: a consumer tool used with personal or sensitive data."""
        personal = {DataClass.D2, DataClass.D3, DataClass.D4}
        return ToolKind.CONSUMER in self.tool_kinds and bool(personal & set(self.data_classes))


class PendingAnswer(models.Model):
    """A sent answer waiting to be mixed with others before it becomes an ``AgentAnswer``.

    Sending marks the code used and writes this row in one transaction; the answers of a
    survey are moved to ``AgentAnswer`` together, in a random order and another transaction,
    once at least ``actions.RELEASE_BATCH`` wait (or when the survey is closed). Neither the
    order of the rows nor the transaction that wrote them then ties an answer to its code.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        AgentSurvey, on_delete=models.CASCADE, related_name="pending", verbose_name=_("enquête")
    )
    inventory_role = models.ForeignKey(
        InventoryRole, on_delete=models.CASCADE, related_name="+", verbose_name=_("poste")
    )
    payload = models.JSONField(_("réponse"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("réponse en attente")
        verbose_name_plural = _("réponses en attente")

    def __str__(self) -> str:
        return str(self.id)


class Does(models.TextChoices):
    YES = "yes", _("Oui")
    PARTLY = "partly", _("Pas vraiment")
    NO = "no", _("Non")


class AgentTaskAnswer(models.Model):
    """What an agent says of one task: one of the head's, or one they added. A random
    identifier, like its answer's: row ids never give the order answers came in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.ForeignKey(
        AgentAnswer, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("réponse")
    )
    task = models.ForeignKey(
        InventoryTask,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agent_answers",
        verbose_name=_("tâche décrite par le chef de service"),
    )
    added = models.BooleanField(_("ajoutée par l'agent"), default=False)
    does = models.CharField(_("fait cette tâche"), max_length=6, choices=Does.choices, blank=True)
    # An added task's description; for one of the head's, the head's words when the agent
    # answered (kept if the head later removes the task).
    description = models.CharField(_("description"), max_length=500, blank=True)
    task_type = models.CharField(_("type de tâche"), max_length=80, blank=True)
    time_share = models.DecimalField(
        _("part du temps"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    exposure = models.CharField(
        _("classe d'exposition"), max_length=2, choices=ExposureClass.choices, blank=True
    )
    intensity = models.CharField(_("part réalisable par l'IA"), max_length=5, blank=True)

    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["answer", "position"]
        verbose_name = _("réponse sur une tâche")
        verbose_name_plural = _("réponses sur les tâches")
        constraints = [
            models.CheckConstraint(
                condition=Q(added=False) | ~Q(description=""),
                name="agent_task_added_is_described",
                violation_error_message=_("Une tâche ajoutée doit être décrite."),
            ),
        ]

    def __str__(self) -> str:
        return self.description or str(self.task or "")
