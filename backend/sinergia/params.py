"""Ids, booleans, page sizes and time windows, parsed one way for every view.

Query parameters are read through declared serializers (`parse_query`); anything other than what a field
declares is a 400 {code, detail, field} naming the parameter. Nothing calls int() on what str.isdigit() let
through: "²" is a digit to isdigit() but not to int(), and an id beyond 64 bits overflows SQLite.
"""

import re
from datetime import datetime, timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .exceptions import RuleViolation
from .fields import AwareDateTimeField, BoundedDateField

MAX_INT64 = 2**63 - 1  # the largest integer PostgreSQL's bigint and SQLite's INTEGER hold
MAX_WINDOW = timedelta(days=366)
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")  # not \d, which matches "١" too

ID_MESSAGE = gettext_lazy("Give an id: a whole number from 1 to 9223372036854775807.")


def whole_number(value, *, low: int = 1, high: int = MAX_INT64) -> int:
    """A whole number from JSON (an int, never a bool or a float) or from text (ASCII digits only), in [low, high].

    Raises ValueError for anything else.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value):
        number = int(value)
    else:
        raise ValueError(f"not a whole number: {value!r}")
    if not low <= number <= high:
        raise ValueError(f"out of range: {number}")
    return number


@extend_schema_field(OpenApiTypes.INT)
class IdField(serializers.Field):
    """A database id: 1 to 2**63 − 1; not 1.5, true, "²" or "-1"."""

    default_error_messages = {"invalid": ID_MESSAGE}

    def to_internal_value(self, data) -> int:
        try:
            return whole_number(data)
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value):
        return value


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """An object by its id, strictly: {"asset": 1.5} is a 400, not asset 1."""

    def __init__(self, **kwargs):
        kwargs.setdefault("pk_field", IdField())
        super().__init__(**kwargs)


class IdFormField(forms.Field):
    """The same id as a django-filter form field (list filters)."""

    default_error_messages = {"invalid": ID_MESSAGE}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return whole_number(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class IdFilter(django_filters.Filter):
    field_class = IdFormField


def check_length(first, last, *, last_name: str) -> None:
    """At most MAX_WINDOW from first to last, or a ValidationError naming `last_name` (serializers and forms
    both turn Django's into their own)."""
    if last - first > MAX_WINDOW:
        raise ValidationError({last_name: _("The window may span at most 366 days.")})


def check_span(first, last, *, last_name: str, inclusive: bool = False) -> None:
    """last after first (or on it, when `inclusive`) and at most MAX_WINDOW later."""
    if last < first or (last == first and not inclusive):
        raise ValidationError({last_name: _("The end must be after the start.")})
    check_length(first, last, last_name=last_name)


class WindowParams(serializers.Serializer):
    """?start=&end=: times with their UTC offset, end after start, at most 366 days apart."""

    start = AwareDateTimeField()
    end = AwareDateTimeField()

    def validate(self, attrs):
        check_span(attrs["start"], attrs["end"], last_name="end")
        return attrs


class DateWindowParams(serializers.Serializer):
    """?from=&to=: days (YYYY-MM-DD), `to` inclusive, at most 366 days apart."""

    def get_fields(self):
        return {"from": BoundedDateField(), "to": BoundedDateField(), **super().get_fields()}

    def validate(self, attrs):
        check_span(attrs["from"], attrs["to"], last_name="to", inclusive=True)
        return attrs


class WindowFilterForm(forms.Form):
    """The form of a list filter with optional ?start= and ?end=: when both are given, at most 366 days apart
    (a reversed window simply matches nothing)."""

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end"):
            check_length(data["start"], data["end"], last_name="end")
        return data


def parse_query(params: type[serializers.Serializer], query_params) -> dict:
    """The validated query parameters, or a 400 {code: invalid_<name>, detail, field: name} for the first bad one.

    An empty value (?group=) counts as not given.
    """
    parsed = params(data={key: value for key, value in query_params.items() if value != ""})
    if not parsed.is_valid():
        name, messages = next(iter(parsed.errors.items()))
        raise RuleViolation(str(messages[0]), code=f"invalid_{name}", field=name)
    return parsed.validated_data


def window_from(query_params) -> tuple[datetime, datetime]:
    window = parse_query(WindowParams, query_params)
    return window["start"], window["end"]


class IdConverter:
    """`<id:pk>` in a URL: a database id, so a path id beyond 64 bits is a 404 before any query sees it."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        return whole_number(value)  # its ValueError makes the pattern not match: 404

    def to_url(self, value) -> str:
        return str(value)
