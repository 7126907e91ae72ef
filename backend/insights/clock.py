"""Time cut at local hours, exact across daylight-saving changes and fast for the usual case without one."""

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

DAY, HOUR = 86400, 3600

Piece = tuple[int, int, float]  # local weekday, local hour, seconds


def local_hours(start: datetime, end: datetime, zone: ZoneInfo) -> tuple[Piece, ...]:
    """The seconds of [start, end) per local (weekday, hour) of `zone`."""
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    if local_start.utcoffset() == local_end.utcoffset():
        # No change of offset inside: wall-clock arithmetic gives the same pieces, and repeats are cached.
        at = local_start.weekday() * DAY + local_start.hour * HOUR + local_start.minute * 60 + local_start.second
        return _wall_pieces(at + local_start.microsecond / 1e6, (end - start).total_seconds())
    pieces = []
    cursor = start
    while cursor < end:
        local = cursor.astimezone(zone)
        next_hour = local.replace(minute=0, second=0, microsecond=0).astimezone(UTC) + timedelta(hours=1)
        piece_end = min(next_hour, end)
        pieces.append((local.weekday(), local.hour, (piece_end - cursor).total_seconds()))
        cursor = piece_end
    return tuple(pieces)


@lru_cache(maxsize=4096)
def _wall_pieces(at: float, length: float) -> tuple[Piece, ...]:
    pieces = []
    cursor, stop = at, at + length
    while cursor < stop:
        piece_end = min((cursor // HOUR + 1) * HOUR, stop)
        pieces.append((int(cursor // DAY) % 7, int(cursor % DAY // HOUR), piece_end - cursor))
        cursor = piece_end
    return tuple(pieces)
