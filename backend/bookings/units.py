"""Pooled assets: an asset of `capacity` interchangeable units (desks, lockers), each booking taking one unit.

The database keeps the units apart: the exclusion constraint `reservation_no_overlap` compares blocking rows of
one asset and one unit only (bookings/models.py), so the no-overlap guarantee of a single asset holds per unit.
A booking takes the lowest free unit, chosen here under the asset's row lock (services.lock_asset): "free" is
no overlapping blocking reservation on the unit; with none free, a pending request may join the lowest unit
held by pending requests only (a competing request, as on a single asset). A blackout closes every unit.

Everything here is a no-op for an asset of capacity one: unit 1, and no query.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sinergia.intervals import Interval, merge, overlaps

from .models import Status
from .rules import blocked_period


def is_pooled(asset) -> bool:
    return asset.capacity > 1


def choose(capacity: int, rows: Iterable, prefer: int | None = None) -> tuple[int | None, list]:
    """The unit to book among `capacity` given the overlapping blocking `rows` (with `unit` and `status`), and the
    rows it would collide with: `prefer` when free, else the lowest free unit (no rows), else the lowest unit
    held by pending rows only (those rows), else None and every row."""
    by_unit: dict[int, list] = defaultdict(list)
    rows = list(rows)
    for row in rows:
        by_unit[row.unit].append(row)
    units = range(1, capacity + 1)
    if prefer in units and not by_unit[prefer]:
        return prefer, []
    for unit in units:
        if not by_unit[unit]:
            return unit, []
    for unit in units:
        if all(row.status == Status.PENDING for row in by_unit[unit]):
            return unit, by_unit[unit]
    return None, rows


def free_unit(asset, start: datetime, end: datetime, *, exclude_id=None, prefer: int | None = None) -> int | None:
    """The unit a booking of `asset` from `start` to `end` (buffers added here) takes; see `choose`. Call it under
    the asset's lock, once the conflicts are checked. Capacity one: unit 1 without a query."""
    if not is_pooled(asset):
        return 1
    from .selectors import _overlapping_blocking  # selectors reads this module

    blocked_start, blocked_end = blocked_period(asset, start, end)
    rows = _overlapping_blocking([asset.id], blocked_start, blocked_end, exclude_id).only("unit", "status")
    return choose(asset.capacity, rows.order_by(), prefer)[0]


def units_taken(busy: Iterable[dict], period: Interval) -> set[int] | None:
    """The units that busy items (as `selectors.busy_by_asset` gives them, `unit` absent for unit 1) take during
    `period`; None when something that closes every unit (a blackout, a waitlist hold) overlaps it."""
    taken = set()
    for item in busy:
        if overlaps((item["start"], item["end"]), period):
            if item["kind"] != "reservation":
                return None
            taken.add(item.get("unit", 1))
    return taken


def free_count(busy: Iterable[dict], period: Interval, capacity: int) -> int:
    """How many units are free for the whole of `period`."""
    taken = units_taken(busy, period)
    return 0 if taken is None else len(set(range(1, capacity + 1)) - taken)


def lowest_free(busy: Iterable[dict], period: Interval, capacity: int) -> int | None:
    """The lowest unit free for the whole of `period` (None: none, or the asset is closed then)."""
    taken = units_taken(busy, period)
    if taken is None:
        return None
    return next((unit for unit in range(1, capacity + 1) if unit not in taken), None)


def pooled_busy(busy: list[dict], capacity: int) -> list[dict]:
    """Busy items of a pooled asset as availability shows them: the blackouts and holds as they are, and instead of
    the bookings, the periods some units are taken, each with `free_units` (0: the asset is full then)."""
    others = [item for item in busy if item["kind"] != "reservation"]
    per_unit: dict[int, list[Interval]] = defaultdict(list)
    for item in busy:
        if item["kind"] == "reservation":
            per_unit[item.get("unit", 1)].append((item["start"], item["end"]))
    edges: list[tuple[datetime, int]] = []
    for periods in per_unit.values():
        for start, end in merge(periods):
            edges += [(start, 1), (end, -1)]
    edges.sort(key=lambda edge: (edge[0], edge[1]))
    segments: list[dict] = []
    taken, since = 0, None
    for moment, step in edges:
        if taken and since is not None and moment > since:
            free = max(capacity - taken, 0)
            if segments and segments[-1]["end"] == since and segments[-1]["free_units"] == free:
                segments[-1]["end"] = moment
            else:
                segments.append({"kind": "reservation", "start": since, "end": moment, "free_units": free})
        taken += step
        since = moment
    return others + segments


def refit(asset, capacity: int, now: datetime) -> list:
    """Before `asset` shrinks to `capacity` units: move each blocking booking not yet ended from a unit above it to
    the lowest lower unit free for its blocked period (an approved booking overlaps nothing blocking on its unit;
    pending requests may share one). Returns the bookings that fit nowhere (none moved then: the caller refuses)."""
    from .models import BLOCKING, Reservation

    rows = list(
        Reservation.objects.filter(asset_id=asset.id, status__in=BLOCKING, blocked_end__gt=now)
        .select_related("member")
        .order_by("start", "id")
    )
    stranded, moved = [], []
    for row in (r for r in rows if r.unit > capacity):
        others = [o for o in rows if o is not row and o.unit <= capacity and o.blocked_start < row.blocked_end
                  and o.blocked_end > row.blocked_start and Status.APPROVED in (o.status, row.status)]  # fmt: skip
        taken = {o.unit for o in others}
        unit = next((u for u in range(1, capacity + 1) if u not in taken), None)
        if unit is None:
            stranded.append(row)
        else:
            row.unit = unit
            moved.append(row)
    if not stranded:
        for row in moved:
            Reservation.objects.filter(id=row.id).update(unit=row.unit)
    return stranded
