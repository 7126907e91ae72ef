"""Reads of the waitlist: who sees which entries, and the holds an offer keeps on a period."""

from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet

from accounts.permissions import waitlist_seen_condition
from assets.models import Asset
from bookings.rules import blocked_period
from sinergia.intervals import overlaps

from .models import EntryState, WaitlistEntry


def entries_visible_to(user) -> QuerySet:
    queryset = WaitlistEntry.objects.select_related("asset", "member", "user", "reservation")
    condition = waitlist_seen_condition(user)
    return queryset if condition is None else queryset.filter(condition)


def offers_exist() -> Exists:
    """An annotation for an Asset queryset: whether any entry holds one of its periods (so a booking check reads
    the holds only on the few assets with an offer out; bookings.services.lock_asset)."""
    return Exists(WaitlistEntry.objects.filter(asset_id=OuterRef("id"), state=EntryState.OFFERED))


def active_holds(asset: Asset, *, now: datetime) -> list[WaitlistEntry]:
    """The offered entries of `asset` whose hold still runs."""
    return list(
        WaitlistEntry.objects.filter(asset_id=asset.id, state=EntryState.OFFERED, hold_until__gt=now).order_by(
            "start", "id"
        )
    )


def hold_periods_by_asset(assets: list[Asset], *, now: datetime, member_id: int | None = None) -> dict[int, list]:
    """The periods running holds keep on each of `assets`, buffers included (as a booking's blocked period), in the
    shape of bookings.selectors.busy_by_asset (kind `waitlist_hold`); `member_id`'s own holds left out. One query;
    none without assets (pass only those with an offer out, see offers_exist)."""
    holds: dict[int, list[dict]] = {}
    if not assets:
        return holds
    by_id = {asset.id: asset for asset in assets}
    running = WaitlistEntry.objects.filter(asset_id__in=by_id, state=EntryState.OFFERED, hold_until__gt=now)
    if member_id is not None:
        running = running.exclude(member_id=member_id)
    for asset_id, start, end in running.order_by("start", "id").values_list("asset_id", "start", "end"):
        hold_start, hold_end = blocked_period(by_id[asset_id], start, end)
        holds.setdefault(asset_id, []).append({"kind": "waitlist_hold", "start": hold_start, "end": hold_end})
    return holds


def holds_overlapping(
    asset: Asset, start: datetime, end: datetime, *, now: datetime, member_id: int | None = None
) -> list[WaitlistEntry]:
    """Running holds on `asset` that a booking from `start` to `end` would collide with, buffers included on both
    sides (as the booking the hold keeps room for would have them); `member_id`'s own holds left out."""
    wanted = blocked_period(asset, start, end)
    return [
        hold
        for hold in active_holds(asset, now=now)
        if hold.member_id != member_id and overlaps(blocked_period(asset, hold.start, hold.end), wanted)
    ]
