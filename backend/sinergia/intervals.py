"""Half-open [start, end) intervals of aware datetimes."""

from collections.abc import Iterable
from datetime import datetime

Interval = tuple[datetime, datetime]


def overlaps(a: Interval, b: Interval) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted union; touching intervals join (10–12 and 12–14 make 10–14)."""
    merged: list[list[datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def subtract(window: Interval, holes: Iterable[Interval]) -> list[Interval]:
    """What is left of `window` after removing `holes`."""
    free = []
    cursor, window_end = window
    for start, end in merge(holes):
        if end <= cursor or start >= window_end:
            continue
        if start > cursor:
            free.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < window_end:
        free.append((cursor, window_end))
    return free


def covers(intervals: Iterable[Interval], target: Interval) -> bool:
    """True when one merged interval holds all of `target`."""
    return any(start <= target[0] and target[1] <= end for start, end in merge(intervals))


def total_seconds(intervals: Iterable[Interval]) -> float:
    return sum((end - start).total_seconds() for start, end in merge(intervals))
