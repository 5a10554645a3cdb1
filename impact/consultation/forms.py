"""Forms of the consultation pages: they clean input; the actions apply the rules."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impact.consultation import selectors
from impact.consultation.models import BODY_MAX_LENGTH, Comment, Stance
from services.web.forms import ActionErrorsMixin, DateInput, PersonalDataCheckMixin

DEFAULT_DURATION = datetime.timedelta(days=21)


def _text(label, help_text="", required=True, rows=5):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=BODY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


# The second sentence of the personal-data check's message on the consultation's texts.
CONSULTATION_REASON = _("La consultation porte sur des postes, pas sur des personnes.")


class ConsultationTextMixin(PersonalDataCheckMixin):
    personal_data_reason = CONSULTATION_REASON


PLAIN_TEXT_HELP = _(
    "Texte simple : les retours à la ligne sont conservés, les liens ne sont pas cliquables."
)


class ConsultationOpenForm(ActionErrorsMixin, forms.Form):
    deadline = forms.DateField(
        label=_("Date limite"),
        widget=DateInput(),
        help_text=_(
            "Les représentants du personnel commentent et enregistrent l'avis de leur "
            "organisation syndicale jusqu'à cette date incluse."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].initial = timezone.localdate() + DEFAULT_DURATION


class ConsultationExtendForm(ActionErrorsMixin, forms.Form):
    deadline = forms.DateField(
        label=_("Nouvelle date limite"),
        widget=DateInput(),
        help_text=_("Les représentants du personnel sont prévenus par courriel."),
    )


class CommentForm(ConsultationTextMixin, ActionErrorsMixin, forms.Form):
    """A comment: its kind, what it is about (the study, a section, a role), its text."""

    personal_data_fields = ("body",)

    kind = forms.ChoiceField(
        label=_("Nature"), choices=Comment.Kind.choices, widget=forms.RadioSelect
    )
    target = forms.ChoiceField(label=_("Objet du commentaire"))
    body = _text(_("Commentaire"), PLAIN_TEXT_HELP)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        # Lazy: the choices cost the campaign's small-group plan, paid only when the form is
        # shown or checked (the consultation page builds it for every reader).
        self.fields["target"].choices = lambda: selectors.target_choices(version)

    def clean_target(self) -> dict:
        fields = selectors.decode_target(self.version, self.cleaned_data["target"])
        if fields is None:
            raise ValidationError(_("Choisissez l'étude, une de ses parties ou un de ses postes."))
        return fields

    def values(self) -> dict:
        """Keyword arguments of ``comment_create``."""
        return {
            "kind": self.cleaned_data["kind"],
            "body": self.cleaned_data["body"],
            **self.cleaned_data["target"],
        }


class ReplyForm(ConsultationTextMixin, ActionErrorsMixin, forms.Form):
    personal_data_fields = ("body",)
    body = _text(_("Votre réponse"), PLAIN_TEXT_HELP, rows=3)


class CommentEditForm(ConsultationTextMixin, ActionErrorsMixin, forms.Form):
    personal_data_fields = ("body",)
    body = _text(
        _("Commentaire"),
        _("Si quelqu'un a déjà répondu, le texte précédent reste visible dans l'historique."),
    )


class AnswerForm(ConsultationTextMixin, ActionErrorsMixin, forms.Form):
    """The administration's answer: what follows from the comment, and why."""

    personal_data_fields = ("answer", "decline_reason")

    status = forms.ChoiceField(
        label=_("Suite donnée"),
        choices=[
            (Comment.Status.ANSWERED.value, _("Répondu")),
            (Comment.Status.ACCEPTED.value, _("Accepté : la prochaine version changera")),
            (Comment.Status.DECLINED.value, _("Refusé (motif obligatoire)")),
        ],
        widget=forms.RadioSelect,
    )
    answer = _text(_("Réponse écrite de l'administration"), PLAIN_TEXT_HELP)
    decline_reason = _text(
        _("Motif du refus"),
        _("Obligatoire quand le commentaire est refusé."),
        required=False,
        rows=3,
    )


class OpinionForm(ConsultationTextMixin, ActionErrorsMixin, forms.Form):
    personal_data_fields = ("reasoning",)
    stance = forms.ChoiceField(label=_("Avis"), choices=Stance.choices, widget=forms.RadioSelect)
    reasoning = forms.CharField(
        label=_("Motivation"),
        max_length=BODY_MAX_LENGTH * 2,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=PLAIN_TEXT_HELP,
    )


class ConsentForm(ActionErrorsMixin, forms.Form):
    consents = forms.BooleanField(
        label=_(
            "J'accepte que mon nom soit montré aux élus et aux chefs de service, et imprimé "
            "dans les exports et les études publiées."
        ),
        required=False,
        help_text=_(
            "Sinon, seule votre organisation syndicale y apparaît : l'appartenance syndicale est "
            "une donnée sensible (RGPD, article 9). Les pilotes et les autres représentants du "
            "personnel voient toujours votre nom. Vous pouvez changer d'avis à tout moment."
        ),
    )


class CommentFilterForm(forms.Form):
    """The comment list's filters, kept in the URL's query string."""

    kind = forms.ChoiceField(label=_("Nature"), required=False)
    status = forms.ChoiceField(label=_("État"), required=False)
    target = forms.ChoiceField(label=_("Objet"), required=False)

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        every = [("", _("Tous"))]
        self.fields["kind"].choices = every + list(Comment.Kind.choices)
        self.fields["status"].choices = every + list(Comment.Status.choices)
        self.fields["target"].choices = every + selectors.target_choices(version)

    def filters(self) -> dict:
        """Keyword arguments of ``selectors.comment_list`` (an invalid filter filters nothing)."""
        if not self.is_valid():
            return {}
        target = self.cleaned_data["target"]
        return {
            "kind": self.cleaned_data["kind"],
            "status": self.cleaned_data["status"],
            "target": selectors.decode_target(self.version, target) if target else None,
        }
