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
