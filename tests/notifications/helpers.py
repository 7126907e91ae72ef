from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import formats, translation


def subject_time(moment: datetime, zone: str = "Europe/Madrid") -> str:
    """A start as e-mail subjects show it, in English, in the asset's zone."""
    with translation.override("en"):
        return formats.date_format(moment.astimezone(ZoneInfo(zone)), "SHORT_DATETIME_FORMAT")
