"""Alternatives offered when a requested slot conflicts.

Two kinds: the same period on other assets of the group, and the nearest free
slots of the same length on the same asset, earlier and later. Ranked by how far
they move the booking, then by price. Busy periods are read once per asset, and
candidates are checked in memory against the same rules as a real booking.
"""

from datetime import datetime, timedelta

from accounts.models import Member
from assets.models import Asset
from assets.pricing import quote
from sinergia.intervals import overlaps

from .rules import blocked_period, booking_problems, needs_approval
from .selectors import assets_with_rules, busy_by_asset

SEARCH_SPAN = timedelta(days=14)
PER_DIRECTION = 3


def _is_free(asset: Asset, start: datetime, end: datetime, busy: list[dict], now: datetime) -> bool:
    if booking_problems(asset=asset, start=start, end=end, now=now):
        return False
    wanted = blocked_period(asset, start, end)
    return not any(overlaps((b["start"], b["end"]), wanted) for b in busy)


def _nearest_on_asset(asset, start, end, busy, now, direction: int) -> list[tuple[datetime, datetime]]:
    step = timedelta(minutes=asset.slot_minutes) * direction
    found = []
    candidate_start, candidate_end = start + step, end + step
    while abs(candidate_start - start) <= SEARCH_SPAN and len(found) < PER_DIRECTION:
        if direction < 0 and candidate_start < now:
            break
        if _is_free(asset, candidate_start, candidate_end, busy, now):
            found.append((candidate_start, candidate_end))
        candidate_start, candidate_end = candidate_start + step, candidate_end + step
    return found


def alternatives_for(
    *, asset: Asset, member: Member, start: datetime, end: datetime, now: datetime, limit: int = 5,
    closed: list[tuple[datetime, datetime]] = (), exclude_id: int | None = None,
):  # fmt: skip
    """Up to `limit` bookable slots close to the requested one, nearest first, cheaper first on ties.
    `closed`: periods of `asset` about to be closed (a blackout being planned); `exclude_id`: a reservation
    whose own period does not count as busy (the booking being moved)."""
    siblings = []
    if asset.group_id:
        siblings = list(assets_with_rules().filter(group_id=asset.group_id, is_active=True).exclude(id=asset.id))
    asset = assets_with_rules().get(id=asset.id)
    margin = SEARCH_SPAN + timedelta(days=1)
    busy = busy_by_asset([asset.id] + [s.id for s in siblings], start - margin, end + margin, exclude_id=exclude_id)
    busy[asset.id] = [*busy[asset.id], *({"kind": "blackout", "start": s, "end": e} for s, e in closed)]

    candidates = [(sibling, start, end) for sibling in siblings if _is_free(sibling, start, end, busy[sibling.id], now)]
    for direction in (-1, 1):
        candidates += [
            (asset, c_start, c_end)
            for c_start, c_end in _nearest_on_asset(asset, start, end, busy[asset.id], now, direction)
        ]

    offers = []
    for candidate_asset, c_start, c_end in candidates:
        priced = quote(asset=candidate_asset, tier=member.tier, start=c_start, end=c_end)
        offers.append(
            {
                "asset": candidate_asset.id,
                "asset_name": candidate_asset.name,
                "start": c_start,
                "end": c_end,
                "price": priced.price() if priced else None,
                "requires_approval": needs_approval(candidate_asset, member),
                "_rank": (abs(c_start - start), priced.total_minor if priced else float("inf"), candidate_asset.id),
            }
        )
    offers.sort(key=lambda offer: offer["_rank"])
    return [{key: value for key, value in offer.items() if key != "_rank"} for offer in offers[:limit]]
