"""Reads: who sees which reservations, conflicts and availability."""

from collections import defaultdict
from datetime import datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.contrib.postgres.fields import RangeBoundary
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet, Value, prefetch_related_objects

from accounts.permissions import booking_seen_in_full, reservation_seen_in_full
from assets.hours import open_intervals, weekdays_read, weekly_intervals
from assets.models import Asset, Blackout, OpeningHours
from sinergia.db import plain_rows
from sinergia.intervals import Interval, covers, merge, overlaps, subtract

from . import units
from .models import BLOCKING, Reservation, ReservationEvent, Series, Status, TsTzRange
from .rules import blocked_period
from .series import occurrence_row


def reservations_visible_to(user) -> QuerySet:
    """Reservations the user sees in full: their members', their managed assets', or all for admins and accountants."""
    queryset = Reservation.objects.select_related("asset", "member", "booked_by", "cost_centre")
    condition = reservation_seen_in_full(user)
    return queryset if condition is None else queryset.filter(condition)


def _events_with_users() -> Prefetch:
    return Prefetch("events", queryset=ReservationEvent.objects.select_related("by"))


def reservation_detail() -> QuerySet:
    """Reservations with what the detail shows (asset, member, booker, audit trail with its users): 2 queries."""
    return Reservation.objects.select_related("asset", "member", "booked_by", "cost_centre").prefetch_related(
        _events_with_users()
    )


def with_events(reservation: Reservation) -> Reservation:
    """Read the audit trail of a reservation loaded without it (one query)."""
    prefetch_related_objects([reservation], _events_with_users())
    return reservation


# Creation order (id, created_at) would tell which busy block was booked first: never part of their order. With
# these columns every field a busy block shows is in its sort key, so equal keys mean indistinguishable blocks.
BUSY_BLOCK_ORDER = ("start", "asset_id", "end", "blocked_start", "blocked_end")


def busy_blocks(user) -> QuerySet:
    """The blocking reservations the user does not see in full, as busy blocks: where and when, nothing else.

    Callers narrow them by asset, group and time only; a status, a member or an ordering would tell them apart.
    """
    condition = reservation_seen_in_full(user)
    if condition is None:
        return Reservation.objects.none()
    return (
        Reservation.objects.filter(status__in=BLOCKING)
        .exclude(condition)
        .only("asset_id", "start", "end", "blocked_start", "blocked_end")
        .order_by(*BUSY_BLOCK_ORDER)
    )


def _overlapping_blocking(asset_ids, start: datetime, end: datetime, exclude_id=None) -> QuerySet:
    queryset = Reservation.objects.filter(asset_id__in=asset_ids, status__in=BLOCKING)
    if connection.vendor == "postgresql":
        # The exclusion constraint's own expression, so PostgreSQL searches its GiST index on both ends of
        # the period; `blocked_start < end` alone would walk an asset's whole past in the btree.
        blocked = TsTzRange("blocked_start", "blocked_end", RangeBoundary())
        queryset = queryset.alias(blocked=blocked).filter(blocked__overlap=(start, end))
    else:
        queryset = queryset.filter(blocked_start__lt=end, blocked_end__gt=start)
    if exclude_id is not None:
        queryset = queryset.exclude(id=exclude_id)
    return queryset


def _overlapping_blackouts(asset_ids, start: datetime, end: datetime) -> QuerySet:
    return Blackout.objects.filter(asset_id__in=asset_ids, start__lt=end, end__gt=start)


def conflicts_for(asset: Asset, start: datetime, end: datetime, *, exclude_id=None) -> list[dict]:
    """What a booking of `asset` from `start` to `end` (buffers added here) would collide with."""
    blocked_start, blocked_end = blocked_period(asset, start, end)
    rows = (
        _overlapping_blocking([asset.id], blocked_start, blocked_end, exclude_id)
        .only("id", "status", "blocked_start", "blocked_end", "unit")
        .order_by("blocked_start")
    )
    if units.is_pooled(asset):  # a conflict only when no unit is free: the rows of the unit a booking would take
        rows = units.choose(asset.capacity, rows)[1]
    conflicts = [
        {"kind": "reservation", "start": r.blocked_start, "end": r.blocked_end, "status": r.status, "id": r.id}
        for r in rows
    ]
    conflicts += [
        {"kind": "blackout", "start": b.start, "end": b.end, "reason": b.reason}
        for b in _overlapping_blackouts([asset.id], blocked_start, blocked_end).order_by("start")
    ]
    return conflicts


def busy_by_asset(asset_ids, start: datetime, end: datetime, *, exclude_id=None) -> dict[int, list[dict]]:
    """Blocked periods and blackouts per asset overlapping [start, end): two queries whatever the counts.
    `exclude_id`: a reservation left out (the one being moved)."""
    busy: dict[int, list[dict]] = defaultdict(list)
    reservations = _overlapping_blocking(asset_ids, start, end, exclude_id).order_by()
    rows = plain_rows(reservations.values_list("asset_id", "blocked_start", "blocked_end", "unit"))
    for asset_id, b_start, b_end, unit in rows:  # a pooled asset's unit, when not the first (bookings/units.py)
        busy[asset_id].append(
            {"kind": "reservation", "start": b_start, "end": b_end, **({"unit": unit} if unit > 1 else {})}
        )
    blackouts = _overlapping_blackouts(asset_ids, start, end).order_by()
    for asset_id, b_start, b_end in plain_rows(blackouts.values_list("asset_id", "start", "end")):
        busy[asset_id].append({"kind": "blackout", "start": b_start, "end": b_end})
    return busy


def assets_with_rules() -> QuerySet:
    return Asset.objects.select_related("group").prefetch_related(
        "opening_hours",
        "price_rules",
        "peak_windows",
        "auto_approved_members",
        "required_qualifications",
        "group__required_qualifications",
    )


def _busy_and_free(busy: list[dict], open_now: list[Interval], start: datetime, end: datetime) -> dict:
    closed = subtract((start, end), open_now)
    busy = busy + [{"kind": "closed", "start": c_start, "end": c_end} for c_start, c_end in closed]
    busy.sort(key=lambda item: (item["start"], item["end"]))
    # A pooled asset's period with a unit still free (`free_units`, bookings/units.py) leaves it free.
    clipped: list[Interval] = [(max(b["start"], start), min(b["end"], end)) for b in busy if not b.get("free_units")]
    free = [{"start": f_start, "end": f_end} for f_start, f_end in subtract((start, end), merge(clipped))]
    return {"busy": busy, "free_intervals": free}


def asset_availability(asset: Asset, start: datetime, end: datetime) -> dict:
    """Busy intervals (bookings with buffers, blackouts, closed hours) and the free rest of [start, end). On a
    pooled asset, the periods some units are taken (with their `free_units`), free while one unit is, and `free_units`:
    how many units are free for the whole window."""
    busy = busy_by_asset([asset.id], start, end)[asset.id]
    open_now = open_intervals(asset, start, end)
    found = _busy_and_free(_shown(busy, asset.capacity), open_now, start, end)
    return {
        "asset": asset.id,
        "timezone": asset.timezone,
        "start": start,
        "end": end,
        "busy": found["busy"],
        "free": found["free_intervals"],
        "capacity": asset.capacity,
        "free_units": _free_units(busy, open_now, (start, end), asset.capacity),
    }


def _shown(busy: list[dict], capacity: int) -> list[dict]:
    """Busy items as availability shows them; those of a pooled asset keep only its full periods as busy."""
    return busy if capacity == 1 else units.pooled_busy(busy, capacity)


def _free_units(busy: list[dict], open_now: list[Interval], period: Interval, capacity: int) -> int:
    """The units free for all of `period` (none while the asset is closed then)."""
    return units.free_count(busy, period, capacity) if covers(open_now, period) else 0


class _AssetRules(NamedTuple):
    """The few columns availability needs of an asset (model instances cost too much by the thousand)."""

    id: int
    name: str
    timezone: str
    requires_approval: bool
    setup_buffer: timedelta
    cleanup_buffer: timedelta
    capacity: int


def assets_availability(group_id: int | None, start: datetime, end: datetime, *, intervals=False) -> list[dict]:
    """For each active asset (of the group, or all): is [start, end) open and free of conflicts (buffers included)?

    With `intervals`, each row also carries its busy and free intervals, as asset_availability does.
    Four queries whatever the number of assets: assets, opening hours, reservations, blackouts.
    """
    queryset = Asset.objects.filter(is_active=True)
    if group_id is not None:
        queryset = queryset.filter(group_id=group_id)
    assets = [_AssetRules(*row) for row in queryset.values_list(*_AssetRules._fields)]
    hours = OpeningHours.objects.filter(asset_id__in=queryset.values("id")).order_by("asset_id", "weekday", "opens")
    # A short window needs the windows of two or three weekdays only, not the seven of a thousand assets.
    weekdays = weekdays_read({ZoneInfo(a.timezone) for a in assets}, start, end)
    if weekdays is not None:
        hours = hours.filter(weekday__in=weekdays)
    weekly = defaultdict(list)
    for asset_id, *window in hours.values_list("asset_id", "weekday", "opens", "closes"):
        weekly[asset_id].append(tuple(window))
    widest_start = start - max((a.setup_buffer for a in assets), default=timedelta(0))
    widest_end = end + max((a.cleanup_buffer for a in assets), default=timedelta(0))
    # A subquery rather than a thousand ids: shorter SQL, and the GiST index still drives the scan.
    busy = busy_by_asset(queryset.values("id"), widest_start, widest_end)
    # Assets of a cluster share a few weekly patterns: compute each pattern's open intervals once.
    patterns: dict[tuple, tuple[list[Interval], bool]] = {}
    result = []
    for asset in assets:
        wanted = blocked_period(asset, start, end)
        pattern = (asset.timezone, tuple(weekly[asset.id]))
        if pattern not in patterns:
            open_then = weekly_intervals(pattern[1], ZoneInfo(asset.timezone), start, end)
            patterns[pattern] = open_then, covers(open_then, (start, end))
        open_now, is_open = patterns[pattern]
        clashes = [b for b in busy.get(asset.id, []) if overlaps((b["start"], b["end"]), wanted)]
        free_units = units.free_count(clashes, wanted, asset.capacity) if is_open else 0
        row = {
            "asset": asset.id,
            "name": asset.name,
            "open": is_open,
            "free": free_units > 0,
            "requires_approval": asset.requires_approval,
            "capacity": asset.capacity,
            "free_units": free_units,
        }
        if intervals:
            inside = [b for b in busy.get(asset.id, []) if b["start"] < end and b["end"] > start]
            row.update(_busy_and_free(_shown(inside, asset.capacity), open_now, start, end), timezone=asset.timezone)
        result.append(row)
    return result


def pending_past_deadline(now: datetime) -> QuerySet:
    """Pending requests whose approval deadline (start − asset.approval_deadline) has passed."""
    deadline_passed = Q(start__lte=Value(now) + F("asset__approval_deadline"))
    return Reservation.objects.filter(deadline_passed, status=Status.PENDING).order_by("start")


def series_visible_to(user) -> QuerySet:
    """Series seen like their reservations: own members', managed assets', all for admins and accountants."""
    queryset = Series.objects.select_related("asset", "member", "booked_by", "event__rule")
    condition = booking_seen_in_full(user)
    return queryset if condition is None else queryset.filter(condition)


def series_report(series) -> list[dict]:
    """The occurrences of a series in time order: its reservations with their current status, then the skipped ones."""
    rows = [
        (r.start, occurrence_row(series.asset, r.start, r.end, reservation=r))
        for r in series.occurrences.order_by("start")
    ]
    rows += [(datetime.fromisoformat(row["start"]), row) for row in series.skipped]
    return [row for _start, row in sorted(rows, key=lambda pair: pair[0])]


def is_stranded(reservation: Reservation) -> bool:
    """Whether an out-of-service period (an incident's blackout) overlaps the booking, buffers included."""
    return Blackout.objects.filter(
        asset_id=reservation.asset_id,
        kind=Blackout.Kind.OUT_OF_SERVICE,
        start__lt=reservation.blocked_end,
        end__gt=reservation.blocked_start,
    ).exists()


def release_candidates(now: datetime) -> list[Reservation]:
    """Approved bookings, started and not checked in to, whose asset's release delay has passed by `now`. The
    started-and-unchecked rows are few at any moment (a release or a check-in takes them out), so the delay,
    minutes per asset, is compared here rather than in SQL."""
    rows = Reservation.objects.filter(
        status=Status.APPROVED, checked_in_at__isnull=True, start__lte=now, asset__release_after_minutes__isnull=False
    ).select_related("asset")
    return [r for r in rows if r.start + timedelta(minutes=r.asset.release_after_minutes) <= now]
