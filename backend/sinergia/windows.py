"""Query-string time windows shared by availability, lists and exports."""

from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from rest_framework import serializers

from .fields import AwareDateTimeField

MAX_WINDOW = timedelta(days=366)


class WindowSerializer(serializers.Serializer):
    start = AwareDateTimeField()
    end = AwareDateTimeField()

    def validate(self, attrs):
        if attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": _("The end must be after the start.")})
        if attrs["end"] - attrs["start"] > MAX_WINDOW:
            raise serializers.ValidationError({"end": _("The window may span at most 366 days.")})
        return attrs


def window_from(query_params) -> tuple[datetime, datetime]:
    window = WindowSerializer(data={key: query_params[key] for key in ("start", "end") if key in query_params})
    window.is_valid(raise_exception=True)
    return window.validated_data["start"], window.validated_data["end"]
