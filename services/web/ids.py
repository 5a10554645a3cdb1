"""The one parser of the ids a request carries (POST and GET values, form choices).

An id is a decimal string of digits naming a row: 1 to 2**63 − 1, the range of the
primary keys (``BigAutoField``) on every database Impact runs on. Anything else (``abc``,
``1e3``, ``-1``, `` 7``, ``1_000``, ``٣``, a number past the range) names no row: the view
answers 404, or the form shows an error next to the field, never a 500. Python's ``int()``
is too lenient for this (it accepts spaces, signs, underscores and other scripts' digits),
and a number past the range makes SQLite raise OverflowError in an ``IN (…)`` query.

URL arguments go through ``<int:…>`` converters (digits only); Django answers "no row" to an
equality lookup past the database's range, so those need no help from here.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1
# A longer string is out of range whatever its digits: checked before converting, so that a
# megabyte of digits costs nothing (and never meets Python's limit on int() conversions).
_MAX_DIGITS = len(str(MAX_ID))


def is_id(value) -> bool:
    """True when ``value`` is an id: a str of ASCII digits between 1 and 2**63 − 1."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= _MAX_DIGITS
        and value.isascii()
        and value.isdigit()
        and 1 <= int(value) <= MAX_ID
    )


def parse_id(value) -> int:
    """The id ``value`` spells (see the module docstring); ``Http404`` for anything else."""
    if not is_id(value):
        raise Http404
    return int(value)


def parse_optional_id(value) -> int | None:
    """None for a missing or empty value, else ``parse_id(value)``."""
    if value is None or value == "":
        return None
    return parse_id(value)


class ModelIdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose submitted value must first be an id: a malformed or
    out-of-range one is "not one of the choices", shown next to the field."""

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, self.queryset.model):
            return super().to_python(value)
        if self.to_field_name is None and not is_id(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelIdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose every submitted value must first be an id.

    Django's own field sends the values to an ``IN (…)`` query, which has no guard for a
    number past the column's range: SQLite raises OverflowError there, hence a 500.
    """

    def _check_values(self, value):
        if self.to_field_name is None and isinstance(value, list | tuple):
            for item in value:
                if not is_id(str(item)):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item},
                    )
        return super()._check_values(value)


class IdField(forms.IntegerField):
    """A number that names a row (a version number): digits only, from 1 to 2**63 − 1."""

    default_error_messages = {
        "invalid": _("Indiquez un numéro existant : un nombre entier à partir de 1.")
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not is_id(str(value).strip()):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(str(value).strip())
