from datetime import datetime
from zoneinfo import ZoneInfo


def subject_time(start: datetime, end: datetime | None = None, zone: str = "Europe/Madrid") -> str:
    """A booking as English e-mails write it: "Tue 10 Mar 2026, 17:00–19:00 (Europe/Madrid)" (same-day end)."""
    local = start.astimezone(ZoneInfo(zone))
    text = f"{local:%a} {local.day} {local:%b %Y, %H:%M}"
    if end is not None:
        text += f"–{end.astimezone(ZoneInfo(zone)):%H:%M}"
    return f"{text} ({zone})"


SPANISH_DAYS = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")
SPANISH_MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")


def spanish_time(start: datetime, end: datetime, zone: str = "Europe/Madrid") -> str:
    """The same in Spanish: "mar 10 mar 2026, 17:00–19:00 (Europe/Madrid)"."""
    local, until = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
    day = f"{SPANISH_DAYS[local.weekday()]} {local.day} {SPANISH_MONTHS[local.month - 1]} {local.year}"
    return f"{day}, {local:%H:%M}–{until:%H:%M} ({zone})"
