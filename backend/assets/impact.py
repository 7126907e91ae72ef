"""What a change of an asset's rules does to its future blocking bookings (pending or approved, starting later).

A booking is affected when it falls outside the new opening hours, outside the new minimum or maximum duration,
or when its blocked period under the new buffers ([start − setup, end + cleanup)) would overlap another booking
(approved on either side, as the database's exclusion constraint reads it) or a blackout. `plan` answers the list
with the reasons; the service decides with the manager's decisions.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils.translation import gettext as _

from bookings.models import BLOCKING, Reservation, Status
from sinergia.intervals import covers, overlaps

from .hours import weekly_intervals
from .models import Asset

OUTSIDE_HOURS = "outside_opening_hours"
TOO_SHORT = "too_short"
TOO_LONG = "too_long"
BUFFERS_OVERLAP = "buffers_overlap"


@dataclass
class Affected:
    reservation: Reservation
    reasons: list[dict] = field(default_factory=list)
    overlaps_with: set[int] = field(default_factory=set)  # ids of future bookings it would overlap

    @property
    def codes(self) -> set[str]:
        return {reason["code"] for reason in self.reasons}

    def add(self, code: str, detail: str) -> None:
        if code not in self.codes:
            self.reasons.append({"code": code, "detail": detail})


@dataclass
class Rules:
    """The rules a plan reads, as they would be after the change."""

    setup_buffer: timedelta
    cleanup_buffer: timedelta
    min_duration: timedelta | None  # None when it does not change, and so for the others
    max_duration: timedelta | None
    hours: list[tuple] | None  # (weekday, opens, closes)
    tz: ZoneInfo  # the zone the hours are read in (the new one when it changes)
    buffers_changed: bool = False

    def blocked(self, reservation: Reservation) -> tuple[datetime, datetime]:
        return (
            reservation.start.astimezone(UTC) - self.setup_buffer,
            reservation.end.astimezone(UTC) + self.cleanup_buffer,
        )


def future_blocking(asset: Asset, now: datetime):
    """The bookings a rule change applies to: blocking and not started yet, in start order."""
    return (
        Reservation.objects.filter(asset=asset, status__in=BLOCKING, start__gt=now)
        .select_related("member", "booked_by")
        .order_by("start", "id")
    )


def _clash(a: Reservation, b: Reservation) -> bool:
    """Two blocking bookings may not overlap on one unit unless both are pending (competing requests)."""
    return a.unit == b.unit and Status.APPROVED in (a.status, b.status)


def plan(asset: Asset, rules: Rules, *, now: datetime, cancelled: set[int] = frozenset()) -> list[Affected]:
    """The future blocking bookings the new `rules` affect, each with its reasons. Bookings in `cancelled` are
    taken as gone: they neither block others nor are listed again for overlaps they would no longer cause."""
    bookings = list(future_blocking(asset, now))
    affected: dict[int, Affected] = {}

    def mark(reservation: Reservation, code: str, detail: str) -> Affected:
        item = affected.setdefault(reservation.id, Affected(reservation))
        item.add(code, detail)
        return item

    for booking in bookings:
        duration = booking.end - booking.start
        if rules.min_duration is not None and duration < rules.min_duration:
            mark(booking, TOO_SHORT, _("Shorter than the new minimum duration."))
        if rules.max_duration is not None and duration > rules.max_duration:
            mark(booking, TOO_LONG, _("Longer than the new maximum duration."))
        if rules.hours is not None:
            open_now = weekly_intervals(rules.hours, rules.tz, booking.start, booking.end)
            if not covers(open_now, (booking.start, booking.end)):
                mark(booking, OUTSIDE_HOURS, _("Outside the new opening hours."))

    standing = [b for b in bookings if b.id not in cancelled]
    if not standing or not rules.buffers_changed:
        return list(affected.values())
    periods = {b.id: rules.blocked(b) for b in standing}
    low = min(start for start, _end in periods.values())
    high = max(end for _start, end in periods.values())
    # Bookings that have started keep their blocked periods; blackouts block everything.
    started = list(
        Reservation.objects.filter(asset=asset, status__in=BLOCKING, start__lte=now)
        .filter(blocked_start__lt=high, blocked_end__gt=low)
        .only("id", "status", "blocked_start", "blocked_end", "unit")
    )
    blackouts = list(asset.blackouts.filter(Q(start__lt=high) & Q(end__gt=low)))
    for index, booking in enumerate(standing):
        period = periods[booking.id]
        for other in standing[index + 1 :]:
            if _clash(booking, other) and overlaps(period, periods[other.id]):
                for one, two in ((booking, other), (other, booking)):
                    mark(one, BUFFERS_OVERLAP, _("Its setup and cleanup would overlap another booking."))
                    affected[one.id].overlaps_with.add(two.id)
        for other in started:
            if _clash(booking, other) and overlaps(period, (other.blocked_start, other.blocked_end)):
                mark(booking, BUFFERS_OVERLAP, _("Its setup and cleanup would overlap another booking."))
        for blackout in blackouts:
            if overlaps(period, (blackout.start, blackout.end)):
                mark(booking, BUFFERS_OVERLAP, _("Its setup and cleanup would overlap a closure."))
    return list(affected.values())
