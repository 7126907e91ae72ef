"""Alternatives offered when a requested slot conflicts.

Two kinds: the same period on other assets of the group, and the nearest free
slots of the same length on the same asset, earlier and later (a pooled asset is free
while one unit is). Ranked by how far they move the booking, then by price. A period
the waitlist holds for another member is busy too (read only on
the assets with an offer out). Busy periods are read once per asset, and
candidates are checked in memory against the same rules as a real booking, the
booker's qualifications included (an asset or group it is not trained for, or a
grant that lapses before the candidate's end, is never offered).
"""

from datetime import date, datetime, timedelta

from waitlist.selectors import hold_periods_by_asset, offers_exist

from accounts.models import Member, User
from assets.models import Asset, QualificationGrant
from assets.pricing import quote

from .operators import operator_free_filter
from .rules import NO_REQUIREMENTS, Holdings, blocked_period, booking_problems, needs_approval
from .selectors import assets_with_rules, busy_by_asset
from .units import lowest_free

SEARCH_SPAN = timedelta(days=14)
PER_DIRECTION = 3


def _required(asset: Asset) -> dict[int, str]:
    """What `asset` requires, its own and its group's qualifications, from the prefetched rows (assets_with_rules)."""
    required = {q.id: q.name for q in asset.required_qualifications.all()}
    if asset.group_id:
        required |= {q.id: q.name for q in asset.group.required_qualifications.all()}
    return required


def _holdings_by_asset(assets: list[Asset], booker: User | int | None) -> dict[int, Holdings]:
    """What each asset requires and until when `booker` holds it: one query for the grants, none when nothing is
    required. Without a booker (None), nobody holds anything."""
    required = {asset.id: _required(asset) for asset in assets}
    wanted = {id_ for needs in required.values() for id_ in needs}
    held: dict[int, date] = {}
    if wanted and booker is not None:
        grants = QualificationGrant.objects.filter(user=booker, revoked_at__isnull=True, qualification_id__in=wanted)
        for qualification_id, expires_on in grants.values_list("qualification_id", "expires_on"):
            held[qualification_id] = max(expires_on, held.get(qualification_id, expires_on))
    return {
        asset_id: Holdings(tuple((id_, name, held.get(id_)) for id_, name in sorted(needs.items(), key=lambda i: i[1])))
        if needs
        else NO_REQUIREMENTS
        for asset_id, needs in required.items()
    }


def _is_free(asset: Asset, start: datetime, end: datetime, busy: list[dict], now: datetime, holdings: Holdings) -> bool:
    if booking_problems(asset=asset, start=start, end=end, now=now, holdings=holdings):
        return False
    return lowest_free(busy, blocked_period(asset, start, end), asset.capacity) is not None  # a unit is free


def _nearest_on_asset(asset, start, end, busy, now, holdings, direction: int) -> list[tuple[datetime, datetime]]:
    step = timedelta(minutes=asset.slot_minutes) * direction
    found = []
    candidate_start, candidate_end = start + step, end + step
    while abs(candidate_start - start) <= SEARCH_SPAN and len(found) < PER_DIRECTION:
        if direction < 0 and candidate_start < now:
            break
        if _is_free(asset, candidate_start, candidate_end, busy, now, holdings):
            found.append((candidate_start, candidate_end))
        candidate_start, candidate_end = candidate_start + step, candidate_end + step
    return found


def alternatives_for(
    *, asset: Asset, member: Member, booker: User | int | None, start: datetime, end: datetime, now: datetime,
    limit: int = 5, closed: list[tuple[datetime, datetime]] = (), exclude_id: int | None = None,
    operator: bool = False,
):  # fmt: skip
    """Up to `limit` slots close to the requested one that `booker` (a user or its id) may book for `member`,
    nearest first, cheaper first on ties. `closed`: periods of `asset` about to be closed (a blackout being
    planned); `exclude_id`: a reservation whose own period does not count as busy (the booking being moved);
    `operator`: the booking asks for an operator, so on an asset offering one a technician must be free too."""
    with_offers = assets_with_rules().annotate(waitlist_offers=offers_exist())
    siblings = []
    if asset.group_id:
        siblings = list(with_offers.filter(group_id=asset.group_id, is_active=True).exclude(id=asset.id))
    asset = with_offers.get(id=asset.id)
    margin = SEARCH_SPAN + timedelta(days=1)
    busy = busy_by_asset([asset.id] + [s.id for s in siblings], start - margin, end + margin, exclude_id=exclude_id)
    busy[asset.id] = [*busy[asset.id], *({"kind": "blackout", "start": s, "end": e} for s, e in closed)]
    held = [a for a in (asset, *siblings) if a.waitlist_offers]
    for asset_id, holds in hold_periods_by_asset(held, now=now, member_id=member.id).items():
        busy[asset_id] = [*busy[asset_id], *holds]

    holdings = _holdings_by_asset([asset, *siblings], booker)

    candidates = [
        (sibling, start, end)
        for sibling in siblings
        if _is_free(sibling, start, end, busy[sibling.id], now, holdings[sibling.id])
    ]
    for direction in (-1, 1):
        candidates += [
            (asset, c_start, c_end)
            for c_start, c_end in _nearest_on_asset(
                asset, start, end, busy[asset.id], now, holdings[asset.id], direction
            )
        ]

    offers = []
    for candidate_asset, c_start, c_end in operator_free_filter(candidates, wanted=operator, now=now):
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
