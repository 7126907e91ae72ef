"""Offering freed periods to the waitlist, and the sweep that passes lapsed holds on and expires entries.

When a booking stops blocking without being used, bookings.signals.slot_freed (on commit) enqueues
`tasks.offer_freed_slot`. Under the asset's lock, the waiting entries whose period overlaps the freed one and is
now wholly free (no booking, closure or other hold) are offered in the order they joined: each gets a hold of the
asset's `waitlist_hold_minutes` (never past its start) and an e-mail. A hold that lapses passes (`passed`) and the
period goes to the next; an entry expires at its start. Every step re-reads the entry under the lock, so two
sweeps or two tasks change each entry once.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from assets.models import Asset
from bookings import services as booking_services
from bookings.rules import blocked_period
from bookings.selectors import conflicts_for
from notifications import services as notify
from sinergia.intervals import overlaps

from .models import OPEN, EntryState, WaitlistEntry
from .selectors import holds_overlapping


def _tell_offered(entry: WaitlistEntry, asset: Asset) -> None:
    context = {
        "asset": asset.name,
        "timezone": asset.timezone,
        "start": entry.start,
        "end": entry.end,
        "deadline": entry.hold_until,
        "link": notify.app_link("waitlist"),
    }
    notify.queue_notification(kind="waitlist_offer", users=[entry.user], context=context,
                              key=f"waitlist-offer:{entry.id}")  # fmt: skip


def offer_waiting(asset: Asset, start: datetime, end: datetime, *, now: datetime) -> list[WaitlistEntry]:
    """Offer, in join order, the waiting entries of the locked `asset` overlapping [start, end) (buffers included)
    whose whole period is free now. Called inside the transaction that freed the period or holds the lock."""
    freed = blocked_period(asset, start, end)
    waiting = WaitlistEntry.objects.select_for_update().filter(asset_id=asset.id, state=EntryState.WAITING,
                                                               start__gt=now).order_by("joined_at", "id")  # fmt: skip
    offered = []
    for entry in waiting.select_related("user"):
        if not overlaps(blocked_period(asset, entry.start, entry.end), freed):
            continue
        if conflicts_for(asset, entry.start, entry.end) or holds_overlapping(asset, entry.start, entry.end, now=now):
            continue
        hold_until = min(now + timedelta(minutes=asset.waitlist_hold_minutes), entry.start)
        entry.state, entry.offered_at, entry.hold_until = EntryState.OFFERED, now, hold_until
        entry.save(update_fields=["state", "offered_at", "hold_until", "updated_at"])
        _tell_offered(entry, asset)
        offered.append(entry)
    return offered


def offer_freed(*, asset_id: int, start: datetime, end: datetime, now: datetime | None = None) -> int:
    """Offer a freed period to the waitlist (the slot_freed task): how many entries were offered."""
    now = now or timezone.now()
    if not WaitlistEntry.objects.filter(asset_id=asset_id, state=EntryState.WAITING, start__gt=now).exists():
        return 0
    with transaction.atomic():
        asset = booking_services.lock_asset(asset_id)
        return len(offer_waiting(asset, start, end, now=now))


def _sweep_one(entry_id: int, now: datetime) -> str | None:
    """Expire the entry at its start, or pass its lapsed hold on; the new state, or None when nothing was due."""
    from .services import locked, transition

    with transaction.atomic():
        asset, entry = locked(WaitlistEntry.objects.get(id=entry_id))
        if entry.state in OPEN and entry.start <= now:
            transition(entry, EntryState.EXPIRED)
        elif entry.state == EntryState.OFFERED and entry.hold_until <= now:
            transition(entry, EntryState.PASSED)
            offer_waiting(asset, entry.start, entry.end, now=now)
        else:
            return None
        return entry.state


def sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Expire the entries whose start has come and pass the lapsed holds to the next waiting entry. Safe with two
    beats: each entry is re-read under its asset's lock and changed once."""
    now = now or timezone.now()
    due = WaitlistEntry.objects.filter(state__in=OPEN, start__lte=now) | WaitlistEntry.objects.filter(
        state=EntryState.OFFERED, hold_until__lte=now
    )
    counts = {EntryState.EXPIRED.value: 0, EntryState.PASSED.value: 0}
    for entry_id in due.order_by("hold_until", "joined_at", "id").values_list("id", flat=True):
        state = _sweep_one(entry_id, now)
        if state is not None:
            counts[state] += 1
    return counts
