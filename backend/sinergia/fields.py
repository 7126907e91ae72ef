from datetime import UTC, date, datetime, timedelta

import django_filters
from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# Times and days the API accepts. Far inside what datetime holds, so converting to UTC, adding buffers,
# horizons or a window's 366 days never overflows (year 9999 or 0001 would: a 500, not a 400).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
EARLIEST, LATEST = datetime(1900, 1, 1, tzinfo=UTC), datetime(3000, 1, 1, tzinfo=UTC)
OUT_OF_RANGE = _("Give a time between the years 1900 and 2999.")


def in_range(moment: datetime) -> bool:
    return EARLIEST <= moment < LATEST


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset, between the years 1900 and 2999; a naive time is refused rather than guessed."""

    default_error_messages = {
        "naive": _("Give the time with its UTC offset, e.g. 2026-05-04T10:00:00+02:00."),
        "out_of_range": OUT_OF_RANGE,
    }

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        if isinstance(value, str) and not (value.endswith(("Z", "z")) or "+" in value[10:] or "-" in value[10:]):
            self.fail("naive")
        if not in_range(parsed):
            self.fail("out_of_range")
        return parsed


class BoundedDateField(serializers.DateField):
    """A day (YYYY-MM-DD) between the years 1900 and 2999."""

    default_error_messages = {"out_of_range": _("Give a day between the years 1900 and 2999.")}

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        if not FIRST_DAY <= parsed <= LAST_DAY:
            self.fail("out_of_range")
        return parsed


@extend_schema_field(OpenApiTypes.INT)
class MinutesField(serializers.Field):
    """A duration as whole minutes."""

    default_error_messages = {
        "invalid": _("A whole number of minutes is required."),
        "range": _("Must be between %(low)s and %(high)s minutes."),
    }

    def __init__(self, *, low=0, high=366 * 24 * 60, **kwargs):
        self.low, self.high = low, high
        super().__init__(**kwargs)

    def to_representation(self, value: timedelta) -> int:
        return int(value.total_seconds() // 60)

    def to_internal_value(self, data) -> timedelta:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        if not self.low <= data <= self.high:
            raise serializers.ValidationError(self.error_messages["range"] % {"low": self.low, "high": self.high})
        return timedelta(minutes=data)


class MoneySerializer(serializers.Serializer):
    amount = serializers.CharField()
    currency = serializers.CharField()


class AwareIsoDateTimeFormField(django_filters.fields.IsoDateTimeField):
    """A query-string time (list filters) with its UTC offset; a naive one is a 400, not a guess."""

    default_error_messages = {"naive": AwareDateTimeField.default_error_messages["naive"], "out_of_range": OUT_OF_RANGE}

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                parsed = parse_datetime(value.strip()) if len(value) <= 64 else None
            except ValueError:
                parsed = None  # well formed but impossible (month 13): the parent says so
            if parsed is not None and parsed.tzinfo is None:
                raise forms.ValidationError(self.error_messages["naive"], code="naive")
        moment = super().to_python(value)
        if moment is not None and not in_range(moment):
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        return moment


class AwareIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = AwareIsoDateTimeFormField


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", "example": "08:00:00"})
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in the asset's zone ("08:00:00"). Documented as a pattern, not as format "time":
    RFC 3339 times carry an offset, and these do not."""


def iso_utc(moment) -> str:
    """A datetime as the API writes it: ISO 8601 in UTC with a Z (what DRF's DateTimeField gives here)."""
    text = moment.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class IntervalListField(serializers.Field):
    """[{start, end, kind?}] written straight to JSON: availability sends thousands of them per answer."""

    def __init__(self, item: serializers.Serializer, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)
        extend_schema_field(item.__class__(many=True))(self)

    def to_representation(self, intervals):
        return [{**item, "start": iso_utc(item["start"]), "end": iso_utc(item["end"])} for item in intervals]
