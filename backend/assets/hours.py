"""Weekly local-time windows (opening hours, peak windows) turned into UTC intervals.

Each day is built in the asset's zone, so 09:00–18:00 stays 09:00–18:00 local on
both sides of a daylight-saving change.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sinergia.intervals import Interval, merge


def _local(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def weekly_intervals(windows, tz: ZoneInfo, start: datetime, end: datetime) -> list[Interval]:
    """Merged UTC intervals of `windows`, (weekday, begins, finishes) triples, within [start, end).

    A window that finishes at 00:00 runs to midnight at the end of its day.
    """
    by_weekday: dict[int, list[tuple[time, time]]] = {}
    for weekday, begins, finishes in windows:
        by_weekday.setdefault(weekday, []).append((begins, finishes))
    intervals = []
    day = start.astimezone(tz).date() - timedelta(days=1)
    last_day = end.astimezone(tz).date()
    while day <= last_day:
        for begins, finishes in by_weekday.get(day.weekday(), ()):
            close_day = day + timedelta(days=1) if finishes == time(0) else day
            interval_start = max(_local(day, begins, tz), start)
            interval_end = min(_local(close_day, finishes, tz), end)
            if interval_start < interval_end:
                intervals.append((interval_start, interval_end))
        day += timedelta(days=1)
    return merge(intervals)


def weekdays_read(zones, start: datetime, end: datetime) -> set[int] | None:
    """The weekdays whose windows weekly_intervals reads for [start, end) in any of `zones`; None when all seven."""
    weekdays: set[int] = set()
    for tz in zones:
        day = start.astimezone(tz).date() - timedelta(days=1)
        last_day = end.astimezone(tz).date()
        if (last_day - day).days >= 6:
            return None
        while day <= last_day:
            weekdays.add(day.weekday())
            day += timedelta(days=1)
    return weekdays


def open_intervals(asset, start: datetime, end: datetime) -> list[Interval]:
    """When `asset` is open within [start, end), in UTC. Uses the prefetched opening hours when present."""
    windows = [(hours.weekday, hours.opens, hours.closes) for hours in asset.opening_hours.all()]
    return weekly_intervals(windows, asset.tz, start, end)
