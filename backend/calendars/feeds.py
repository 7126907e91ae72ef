"""RFC 5545 feeds of reservations, built with icalendar.

UIDs are stable per reservation and independent of SITE_URL (moving the site keeps every event); SEQUENCE
counts the reservation's changes after creation (its audit events), so calendar clients replace a moved or
cancelled event. Times are UTC. Reservations of members the subscriber does not belong to appear as busy
blocks: "Busy", where and when, with an opaque UID, and nothing that tells their status, member, title or
history.

A feed has a version: the hash of everything it shows (for busy blocks, their DTSTAMP aside, which is when
the feed last changed). The view answers conditional requests from it (views.py).
"""

import hashlib
import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accounts import selectors as accounts
from accounts.models import Member, User
from accounts.permissions import sees_asset_bookings_in_full
from assets.models import Asset
from bookings.models import BLOCKING, Reservation, Status

ICAL_STATUS = {
    Status.PENDING: "TENTATIVE",
    Status.APPROVED: "CONFIRMED",
    Status.COMPLETED: "CONFIRMED",
    Status.NO_SHOW: "CONFIRMED",
    Status.REJECTED: "CANCELLED",
    Status.CANCELLED: "CANCELLED",
    Status.EXPIRED: "CANCELLED",
    Status.RELEASED: "CANCELLED",
}
SHOWN_AS_BUSY = (*BLOCKING, Status.COMPLETED, Status.NO_SHOW)

logger = logging.getLogger(__name__)


# How long the server remembers when a feed last changed (then it counts as changed: a full download).
CHANGE_MEMORY = timedelta(days=30)


def _window(queryset: QuerySet) -> QuerySet:
    since = timezone.now() - timedelta(days=settings.CALENDAR_FEED_PAST_DAYS)
    return (
        queryset.filter(end__gte=since)
        .select_related("asset", "member")
        .annotate(changes=Count("events"))
        .order_by("start", "id")
    )


def _where_and_when(event: Event, reservation: Reservation) -> Event:
    asset = reservation.asset
    event.add("dtstart", reservation.start.astimezone(UTC))
    event.add("dtend", reservation.end.astimezone(UTC))
    event.add("location", ", ".join(part for part in (asset.name, asset.location) if part))
    event.add("transp", "OPAQUE")
    return event


def _event(reservation: Reservation) -> Event:
    """A booking the subscriber sees in full: details, status and history (SEQUENCE counts its changes)."""
    event = Event()
    event.add("uid", reservation_uid(reservation.id))
    event.add("dtstamp", reservation.updated_at)
    event.add("created", reservation.created_at)
    event.add("last-modified", reservation.updated_at)
    event.add("sequence", max(reservation.changes - 1, 0))
    event.add("status", ICAL_STATUS[reservation.status])
    event.add("summary", f"{reservation.title} — {reservation.asset.name}")
    lines = [
        _("Member: %(member)s") % {"member": reservation.member.name},
        _("Status: %(status)s") % {"status": reservation.get_status_display()},
    ]
    if reservation.notes:
        lines.append(reservation.notes)
    event.add("description", "\n".join(lines))
    event.add("url", f"{settings.SITE_URL.rstrip('/')}/#/reservations/{reservation.id}")
    event.add("class", "PRIVATE")
    return _where_and_when(event, reservation)


def reservation_uid(reservation_id: int) -> str:
    """A booking shown in full: its id (the subscriber sees it anyway), not the site's host (SITE_URL may move)."""
    return f"reservation-{reservation_id}@sinergia"


def busy_uid(reservation_id: int) -> str:
    """Another member's booking's UID: stable for the booking, but keyed with SECRET_KEY so that it neither is
    nor leads to the id the API hides (and independent of SITE_URL, so moving the site keeps it)."""
    digest = salted_hmac("sinergia.calendars.busy-uid", str(reservation_id), algorithm="sha256").hexdigest()
    return f"busy-{digest[:32]}@sinergia"


def _busy_event(reservation: Reservation) -> Event:
    """Another member's booking: where and when only. No status (pending and approved look alike), no creation,
    change or sequence (no history); DTSTAMP is added by Feed.render: when the feed last changed."""
    event = Event()
    event.add("uid", busy_uid(reservation.id))
    event.add("summary", _("Busy"))
    event.add("class", "CONFIDENTIAL")
    return _where_and_when(event, reservation)


class Feed:
    """A feed about to be served. `version` names what it shows; `render(stamp)` gives its bytes, the busy
    blocks stamped with `stamp` (when the feed last changed: see `last_changed`)."""

    def __init__(self, calendar: Calendar, busy: list[Event]):
        self._calendar = calendar
        self._busy = busy

    @property
    def version(self) -> str:
        for event in self._busy:
            event.pop("DTSTAMP", None)
        return hashlib.sha256(self._calendar.to_ical()).hexdigest()

    def render(self, stamp: datetime) -> bytes:
        for event in self._busy:
            event.pop("DTSTAMP", None)
            event.add("dtstamp", stamp)
        return self._calendar.to_ical()


def last_changed(scope: str, version: str) -> tuple[datetime, bool]:
    """When the feed `scope` (a feed as one subscriber sees it, in one language) first showed `version`: the
    time it last changed, whole seconds (HTTP dates), strictly after the previous change; and whether that is
    news (this version was not known before: then the answer must be the feed in full, never a 304).

    Kept in the default cache (Redis, shared by the web processes, whenever REDIS_URL is set); a forgotten
    version counts as new, which costs the calendar app one full download and never a wrong 304. Nothing but
    the version is looked at, so the time tells nothing the feed does not show (another member's booking
    being approved, say)."""
    key = f"calendars:feed-changed:{scope}"
    now = timezone.now().replace(microsecond=0)
    try:
        known = cache.get(key)
        if known is not None and known[0] == version:
            return known[1], False
        changed = now if known is None else max(now, known[1] + timedelta(seconds=1))
        cache.set(key, (version, changed), timeout=CHANGE_MEMORY.total_seconds())
    except Exception as exc:  # the cache is down: the feed is still served, in full
        logger.warning("calendar feeds: cache unavailable: %s", exc)
        return now, True
    return changed, True


def _calendar(name: str, events) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Sinergia//Shared assets//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", timedelta(minutes=30), parameters={"VALUE": "DURATION"})
    for event in events:
        calendar.add_component(event)
    return calendar


def asset_feed(*, asset: Asset, user: User) -> Feed:
    """Every booking of the asset: in full for its managers, accountants and the booking member's users;
    as busy blocks for everyone else. Texts in the active language."""
    own = accounts.member_ids(user)
    sees_all = sees_asset_bookings_in_full(user, asset)
    events, busy = [], []
    for reservation in _window(Reservation.objects.filter(asset=asset)):
        if sees_all or reservation.member_id in own:
            events.append(_event(reservation))
        elif reservation.status in SHOWN_AS_BUSY:
            busy.append(_busy_event(reservation))
            events.append(busy[-1])
    return Feed(_calendar(f"Sinergia — {asset.name}", events), busy)


def member_feed(*, member: Member, user: User) -> Feed:
    """Every booking of a member the subscriber belongs to, in full. Texts in the active language."""
    events = [_event(r) for r in _window(Reservation.objects.filter(member=member))]
    return Feed(_calendar(f"Sinergia — {member.name}", events), [])


def feed_urls(user: User) -> dict:
    """The subscriber's feed URLs (absolute, under SITE_URL), with the secret token in them."""
    base = settings.SITE_URL.rstrip("/")
    token = user.calendar_token
    member_ids = sorted(accounts.member_ids(user))
    return {
        "token": token,
        "asset_feed_url_template": f"{base}/ical/assets/{{id}}.ics?token={token}",
        "member_feed_urls": {
            str(member_id): f"{base}/ical/members/{member_id}.ics?token={token}" for member_id in member_ids
        },
    }
