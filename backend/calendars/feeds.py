"""RFC 5545 feeds of reservations, built with icalendar.

UIDs are stable per reservation; SEQUENCE counts the reservation's changes after creation (its audit
events), so calendar clients replace a moved or cancelled event. Times are UTC. Reservations of
members the subscriber does not belong to appear as busy blocks: "Busy", where and when, with an opaque
UID, and nothing that tells their status, member, title or history.
"""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
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
}
SHOWN_AS_BUSY = (*BLOCKING, Status.COMPLETED, Status.NO_SHOW)


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "sinergia.local"


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
    event.add("uid", f"reservation-{reservation.id}@{_host()}")
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


def busy_uid(reservation_id: int) -> str:
    """Another member's booking's UID: stable for the booking, but keyed with SECRET_KEY so that it neither is
    nor leads to the id the API hides (and independent of SITE_URL, so moving the site keeps it)."""
    digest = salted_hmac("sinergia.calendars.busy-uid", str(reservation_id), algorithm="sha256").hexdigest()
    return f"busy-{digest[:32]}@sinergia"


def _busy_event(reservation: Reservation, *, stamp) -> Event:
    """Another member's booking: where and when only. No status (pending and approved look alike), no creation,
    change or sequence (no history); DTSTAMP is when the feed was made."""
    event = Event()
    event.add("uid", busy_uid(reservation.id))
    event.add("dtstamp", stamp)
    event.add("summary", _("Busy"))
    event.add("class", "CONFIDENTIAL")
    return _where_and_when(event, reservation)


def _calendar(name: str, events) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Sinergia//Shared assets//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", timedelta(minutes=30), parameters={"VALUE": "DURATION"})
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def asset_feed(*, asset: Asset, user: User) -> bytes:
    """Every booking of the asset: in full for its managers, accountants and the booking member's users;
    as busy blocks for everyone else."""
    own = accounts.member_ids(user)
    sees_all = sees_asset_bookings_in_full(user, asset)
    stamp = timezone.now().replace(microsecond=0)
    events = []
    for reservation in _window(Reservation.objects.filter(asset=asset)):
        if sees_all or reservation.member_id in own:
            events.append(_event(reservation))
        elif reservation.status in SHOWN_AS_BUSY:
            events.append(_busy_event(reservation, stamp=stamp))
    return _calendar(f"Sinergia — {asset.name}", events)


def member_feed(*, member: Member, user: User) -> bytes:
    """Every booking of a member the subscriber belongs to, in full."""
    events = [_event(r) for r in _window(Reservation.objects.filter(member=member))]
    return _calendar(f"Sinergia — {member.name}", events)


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
