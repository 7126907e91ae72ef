"""The waitlist's operations on an entry: join, withdraw, accept. One function per operation, one transaction each.

Each locks the asset's row first (bookings.services.lock_asset), the lock every booking and every offer takes, so
a hold and a booking of the same period are decided one after the other: an offered entry is checked inside
reservation_create's transaction (bookings.services.refuse_waitlist_holds). Offers are in waitlist.offers.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Member, User
from accounts.permissions import can_act_on_entry
from assets.models import Asset
from assets.qualification_selectors import holdings
from bookings import services as booking_services
from bookings.rules import refuse_broken_rules
from bookings.selectors import conflicts_for
from sinergia.exceptions import Conflict, Forbidden, InvalidTransition, RuleViolation

from . import offers
from .models import TRANSITIONS, EntryState, WaitlistEntry
from .selectors import holds_overlapping


def transition(entry: WaitlistEntry, to: str, **fields) -> WaitlistEntry:
    """Move a locked entry to `to` (409 `invalid_transition` unless TRANSITIONS allows it), saving `fields` too."""
    if to not in TRANSITIONS[entry.state]:
        raise InvalidTransition(
            _("A %(state)s waitlist entry cannot become %(to)s.")
            % {"state": entry.get_state_display().lower(), "to": EntryState(to).label.lower()},
            status=entry.state,
        )
    entry.state = to
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.save(update_fields=["state", "updated_at", *fields])
    return entry


def locked(entry: WaitlistEntry):
    """Lock the entry's asset, then re-read the entry under the lock: (asset, entry)."""
    asset = booking_services.lock_asset(entry.asset_id)
    entry = WaitlistEntry.objects.select_for_update(of=("self",)).select_related("member").get(id=entry.id)
    entry.asset = asset
    return asset, entry


def waitlist_join(
    *, asset: Asset, member: Member, by: User, start: datetime, end: datetime, title: str = "", now=None
) -> WaitlistEntry:
    """Wait for a taken period of `asset`. The period must be one `by` could book for `member` (every rule of the
    asset, qualifications included) and taken now: a free period is a 400 `slot_free` telling them to book it."""
    now = now or timezone.now()
    booking_services.check_can_book(by, member)
    try:
        with transaction.atomic():
            asset = booking_services.lock_asset(asset.id)
            refuse_broken_rules(asset=asset, start=start, end=end, now=now, holdings=holdings(asset, by))
            taken = conflicts_for(asset, start, end) or holds_overlapping(
                asset, start, end, now=now, member_id=member.id
            )
            if not taken:
                raise RuleViolation(_("That period is free: book it instead of waiting."), code="slot_free")
            return WaitlistEntry.objects.create(
                asset=asset, member=member, user=by, start=start, end=end, title=title.strip(), joined_at=now
            )
    except IntegrityError as error:
        if "waitlist_one_open_entry" not in str(error) and "waitlist_waitlistentry.member_id" not in str(error):
            raise
        raise Conflict(_("Your company is already on the waitlist for this period."), code="already_waiting") from error


def _check_may_act(by: User, entry: WaitlistEntry) -> None:
    if not can_act_on_entry(by, entry):
        raise Forbidden(_("Only whoever joined the waitlist, or the company's admins, can do this."))


def waitlist_withdraw(*, entry: WaitlistEntry, by: User, now=None) -> WaitlistEntry:
    """Leave the waitlist. An offered entry gives its hold up at once: the period is offered to the next."""
    now = now or timezone.now()
    _check_may_act(by, entry)
    with transaction.atomic():
        asset, entry = locked(entry)
        was_offered = entry.state == EntryState.OFFERED
        transition(entry, EntryState.WITHDRAWN)
        if was_offered:
            offers.offer_waiting(asset, entry.start, entry.end, now=now)
        return entry


def waitlist_accept(*, entry: WaitlistEntry, by: User, title: str = "", now=None) -> WaitlistEntry:
    """Book the period an offer holds, as a normal booking (bookings.services.reservation_create: every rule,
    quota, qualification and price). Only while the hold lasts: 409 `hold_lapsed` after it, `invalid_transition`
    for an entry not offered. Two accepts of one period at once: the asset's lock orders them, one books."""
    now = now or timezone.now()
    _check_may_act(by, entry)
    with transaction.atomic():
        _asset, entry = locked(entry)
        if entry.state != EntryState.OFFERED:
            raise InvalidTransition(
                _("Only an offered waitlist entry can be accepted; this one is %(state)s.")
                % {"state": entry.get_state_display().lower()},
                status=entry.state,
            )
        if entry.hold_until <= now:
            raise Conflict(
                _("The offer lapsed; the period passed to the next member on the waitlist."),
                code="hold_lapsed",
                held_until=entry.hold_until.isoformat(),
            )
        reservation = booking_services.reservation_create(
            asset=entry.asset, member=entry.member, by=by, start=entry.start, end=entry.end,
            title=title.strip() or entry.title or _("Booked from the waitlist"), now=now,
        )  # fmt: skip
        return transition(entry, EntryState.BOOKED, reservation=reservation)
