"""The e-mails: one per person and occasion, in the person's language, with a link back to the app.

`deliver_once` is the only place that sends. It records a Delivery under the occasion's key in the
same transaction as the send, so a task that runs twice (a retry, a redelivery after a worker was
killed, two beat ticks) mails nobody twice; if the worker dies mid-send the transaction rolls back
and the redelivered task sends it.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, User
from bookings.fees import release_fee_waived
from bookings.models import AUTO_REJECTION_REASON, Reservation, ReservationEvent, Status

from .formatting import display_values
from .models import Delivery

logger = logging.getLogger(__name__)

# Subjects are built from the asset, the local time and names the cluster keeps (a member, a period), never from
# text a user wrote (title, notes, reasons): a hostile booker must not put words in a manager's or payer's inbox
# under Sinergia's name. Bodies may quote such text, labelled as the booker's own.
SUBJECTS = {
    "request_received": _("New request for %(asset)s on %(when)s"),
    "approved": _("Approved: %(asset)s on %(when)s"),
    "rejected": _("Rejected: %(asset)s on %(when)s"),
    "auto_rejected": _("Not approved: %(asset)s on %(when)s"),
    "cancelled": _("Cancelled: %(asset)s on %(when)s"),
    "moved": _("Moved: %(asset)s, now on %(when)s"),
    "closure_moved": _("Moved for maintenance: %(asset)s, now on %(when)s"),
    "closure_cancelled": _("Cancelled for maintenance: %(asset)s on %(when)s"),
    "incident_stranded": _("Out of service: %(asset)s, your booking on %(when)s needs a new slot"),
    "expired": _("Expired: %(asset)s on %(when)s"),
    "released": _("Released: %(asset)s on %(when)s"),
    "expiring_soon": _("Decide soon: the request for %(asset)s on %(when)s is about to expire"),
    "reminder": _("Reminder: %(asset)s on %(when)s"),
    "kiosk_pin": _("Your check-in PIN for %(asset)s on %(when)s"),
    "cost_share_proposed": _("Please confirm your share of %(asset)s on %(when)s"),
    "series_shares_proposed": _("Please confirm your shares of a recurring booking of %(asset)s from %(when)s"),
    "cost_share_accepted": _("Share accepted: %(asset)s on %(when)s"),
    "cost_share_declined": _("Share declined: %(asset)s on %(when)s"),
    "series_shares_accepted": _("Shares accepted: recurring booking of %(asset)s from %(when)s"),
    "series_shares_declined": _("Shares declined: recurring booking of %(asset)s from %(when)s"),
    "statement_issued": _("Statement for %(member)s, %(period)s"),
    "period_close_reminder": _("Time to close the billing period %(period)s"),
    "qualification_expiring": _("Your qualification %(qualification)s expires soon"),
    "incident_reported": _("Problem reported: %(asset)s, %(when)s"),
    "rating_received": _("New rating: %(asset)s on %(when)s"),
    "rating_answered": _("Your rating was answered: %(asset)s on %(when)s"),
    "waitlist_offer": _("Free for you: %(asset)s on %(when)s"),
}
SUBJECT_KEYS = ("asset", "member", "period", "when", "qualification")
KINDS = frozenset(SUBJECTS)


def _subject(kind: str, context: dict) -> str:
    """The subject of `kind` from whitelisted context keys; `when` is the booking in the asset's zone, named."""
    values = {key: context.get(key, "") for key in SUBJECT_KEYS}
    return " ".join((str(SUBJECTS[kind]) % values).split())


def app_link(fragment: str) -> str:
    """An absolute link to a page of the browser app (hash routes under SITE_URL)."""
    return f"{settings.SITE_URL.rstrip('/')}/#/{fragment.lstrip('/')}"


@dataclass(frozen=True)
class Recipient:
    """Who an e-mail goes to: a user, or an address that is nobody's account (a member's billing e-mail)."""

    email: str
    language: str
    name: str
    user: User | None = None

    @classmethod
    def of(cls, user: User) -> "Recipient":
        return cls(user.email, user.language or settings.LANGUAGE_CODE, user.first_name or user.username, user)


def compose(*, kind: str, user: User | Recipient, context: dict) -> EmailMultiAlternatives:
    """The plain-text and HTML e-mail of `kind` for `user` (or a Recipient), in their language; times in the
    asset's zone with the zone named and amounts in the recipient's number format (notifications.formatting)."""
    recipient = user if isinstance(user, Recipient) else Recipient.of(user)
    language = recipient.language if recipient.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(context.get("timezone") or settings.TIME_ZONE):
        context = {**context, **display_values(context)}
        context.update(user=recipient.user, recipient_name=recipient.name, kind=kind, site_url=settings.SITE_URL)
        subject = _subject(kind, context)
        text = render_to_string(f"notifications/{kind}.txt", context)
        html = render_to_string(f"notifications/{kind}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    return message


def deliver_once(*, key: str, kind: str, user: User, context: dict) -> bool:
    """Send the e-mail unless the occasion `key` was already mailed. True when this call sent it."""
    if not user.email or not user.is_active:
        return False
    return _deliver_once(key=key, kind=kind, recipient=Recipient.of(user), context=context)


def deliver_to_address_once(*, key: str, kind: str, email: str, language: str, name: str, context: dict) -> bool:
    """`deliver_once` for an address that is no user's (a member's billing e-mail)."""
    if not email:
        return False
    return _deliver_once(key=key, kind=kind, recipient=Recipient(email, language, name), context=context)


def _deliver_once(*, key: str, kind: str, recipient: Recipient, context: dict) -> bool:
    if Delivery.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            # The unique key makes a concurrent run of the same task wait here, then skip.
            Delivery.objects.create(key=key, kind=kind, recipient=recipient.user, email=recipient.email)
            message = compose(kind=kind, user=recipient, context=context)
            message.send()
    except IntegrityError:
        return False
    logger.info("sent %s to %s", key, recipient.email)
    return True


# --- Reservations ---------------------------------------------------------------------------------


def _managers(reservation: Reservation) -> list[User]:
    asset = reservation.asset
    users = list(asset.managers.all())
    if asset.group_id:
        users += list(asset.group.managers.all())
    return users


def reservation_context(reservation: Reservation, event: ReservationEvent | None = None) -> dict:
    asset = reservation.asset
    return {
        "reservation_id": reservation.id,
        "title": reservation.title,
        "asset": asset.name,
        "location": asset.location,
        "timezone": asset.timezone,
        "member": reservation.member.name,
        "booked_by": reservation.booked_by.get_full_name() or reservation.booked_by.username,
        "start": reservation.start,
        "end": reservation.end,
        "deadline": reservation.start - asset.approval_deadline,
        # The system's own reason is stored in the actor's language; the e-mail says it in the recipient's.
        "reason": (AUTO_REJECTION_REASON if event.action == "auto_rejected" else event.reason) if event else "",
        "by": (event.by.get_full_name() or event.by.username) if event and event.by else "",
        "link": app_link(f"reservations/{reservation.id}"),
        "release_after_minutes": asset.release_after_minutes,
        "no_show_fee_percent": asset.no_show_fee_percent,
    }


def _holders(reservation: Reservation) -> list[User]:
    """The booker and its member's admins: who holds a booking and hears when the facility changes it."""
    admins = User.objects.filter(
        memberships__member_id=reservation.member_id, memberships__role=Membership.Role.MEMBER_ADMIN
    ).order_by("id")
    return [reservation.booked_by, *admins]


def _moved(event: ReservationEvent) -> bool:
    """Someone other than the booker (a manager, a member admin) changed the booking's time."""
    return (
        event.action == "updated"
        and bool({"start", "end"} & set(event.changes))
        and event.by_id != event.reservation.booked_by_id
    )


def event_context(event: ReservationEvent) -> dict:
    """The e-mail context of an audit event: the reservation as it is now, plus what a move or a closure changed
    (the previous time and asset) and the alternatives a closure's cancellation offers."""
    context = reservation_context(event.reservation, event)
    changes = event.changes or {}
    if "start" in changes and "end" in changes:
        context["previous_start"] = parse_datetime(changes["start"][0])
        context["previous_end"] = parse_datetime(changes["end"][0])
        context["previous_asset"] = changes["asset"][0] if "asset" in changes else ""
    if event.action == "released":
        context["no_show_fee_waived"] = release_fee_waived(event.reservation)
    context["alternatives"] = [
        {**offer, "start": parse_datetime(offer["start"]), "end": parse_datetime(offer["end"])}
        for offer in changes.get("alternatives", [])
    ]
    return context


def reservation_recipients(event: ReservationEvent) -> list[tuple[str, User]]:
    """Who hears about an audit event of a reservation, and with which e-mail kind. Never the actor."""
    reservation = event.reservation
    booker = reservation.booked_by
    action = event.action
    new_request = action == "created" or (action == "updated" and "start" in event.changes)
    if new_request and event.to_status == Status.PENDING:
        pairs = [("request_received", user) for user in _managers(reservation)]
    elif action == "moved_for_maintenance":
        pairs = [("closure_moved", user) for user in _holders(reservation)]
    elif action == "cancelled_for_maintenance":
        pairs = [("closure_cancelled", user) for user in _holders(reservation)]
    elif action == "released":
        pairs = [("released", user) for user in _holders(reservation)]
    elif action == "stranded":
        pairs = [("incident_stranded", user) for user in _holders(reservation)]
    elif _moved(event):
        pairs = [("moved", user) for user in _holders(reservation)]
    elif action in ("approved", "rejected", "auto_rejected", "expired"):
        pairs = [(action, booker)]
    elif action == "cancelled":
        pairs = [("cancelled", user) for user in [booker, *_managers(reservation)]]
    else:
        pairs = []
    seen, result = set(), []
    for kind, user in pairs:
        if user.id != event.by_id and user.id not in seen:
            seen.add(user.id)
            result.append((kind, user))
    return result


NOTIFYING_ACTIONS = frozenset({"created", "updated", "approved", "rejected", "auto_rejected", "expired", "cancelled",
                               "moved_for_maintenance", "cancelled_for_maintenance", "released",
                               "stranded"})  # fmt: skip
# Told per occurrence even in a series: each has its own new time or its own alternatives.
_PER_OCCURRENCE = frozenset({"moved_for_maintenance", "cancelled_for_maintenance", "stranded"})


def notify_reservation_event(*, event_id: int) -> int:
    """Mail everyone an audit event concerns; returns how many e-mails this call sent."""
    event = (
        ReservationEvent.objects.select_related(
            "by", "reservation__asset__group", "reservation__member", "reservation__booked_by"
        )
        .filter(id=event_id)
        .first()
    )
    if event is None:
        return 0
    context = event_context(event)
    occasion = f"event:{event.id}"
    if event.reservation.series_id and event.action not in _PER_OCCURRENCE:
        # One e-mail per series for what happens to many occurrences at once (create, approve all, cancel
        # this and following), not one per occurrence.
        occasion = f"series:{event.reservation.series_id}:{event.action}:{event.at:%Y%m%d%H%M}"
    return sum(
        deliver_once(key=f"{occasion}:{user.id}", kind=kind, user=user, context=context)
        for kind, user in reservation_recipients(event)
    )


def _now_plus_deadline(now: datetime):
    return Value(now) + F("asset__approval_deadline")


def send_reminders(*, now: datetime) -> int:
    """Remind bookers of approved reservations starting within REMINDER_HOURS; once per start time."""
    horizon = now + timedelta(hours=settings.REMINDER_HOURS)
    sent = 0
    for reservation in Reservation.objects.filter(
        status=Status.APPROVED, start__gt=now, start__lte=horizon
    ).select_related("asset", "member", "booked_by"):
        sent += deliver_once(
            key=f"reminder:{reservation.id}:{reservation.start.isoformat()}",
            kind="reminder",
            user=reservation.booked_by,
            context=reservation_context(reservation),
        )
    return sent


def warn_expiring_requests(*, now: datetime) -> int:
    """Tell managers about pending requests whose approval deadline falls within EXPIRY_WARNING_HOURS."""
    soon = now + timedelta(hours=settings.EXPIRY_WARNING_HOURS)
    expiring = Reservation.objects.filter(
        status=Status.PENDING,
        start__gt=_now_plus_deadline(now),
        start__lte=Value(soon) + F("asset__approval_deadline"),
    ).select_related("asset__group", "member", "booked_by")
    sent = 0
    for reservation in expiring:
        context = reservation_context(reservation)
        for user in {user.id: user for user in _managers(reservation)}.values():
            sent += deliver_once(
                key=f"expiring:{reservation.id}:{reservation.start.isoformat()}:{user.id}",
                kind="expiring_soon",
                user=user,
                context=context,
            )
    return sent


def remind_accountants_to_close_periods(*, now: datetime) -> int:
    """In the first week of a month, remind each accountant once to close the previous month's period."""
    if now.day > 7:
        return 0
    previous = (now.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    sent = 0
    for user in User.objects.filter(is_accountant=True, is_active=True):
        sent += deliver_once(
            key=f"period-close:{previous}:{user.id}",
            kind="period_close_reminder",
            user=user,
            context={"period": previous, "link": app_link("billing")},
        )
    return sent


def remind_expiring_grants(*, today: date) -> int:
    """Tell each holder once, QUALIFICATION_REMINDER_DAYS before (or once within that many days of) the expiry of a
    standing grant, which assets need it. Two beats running at once send it once: the Delivery key is the grant."""
    from assets.models import Asset, QualificationGrant

    horizon = today + timedelta(days=settings.QUALIFICATION_REMINDER_DAYS)
    grants = (
        QualificationGrant.objects.filter(revoked_at__isnull=True, expires_on__gte=today, expires_on__lte=horizon)
        .select_related("qualification", "user")
        .order_by("expires_on", "id")
    )
    sent = 0
    for grant in grants:
        key = f"qualification-expiring:{grant.id}"
        if Delivery.objects.filter(key=key).exists():
            continue
        qualification = grant.qualification
        assets = Asset.objects.filter(
            Q(required_qualifications=qualification) | Q(group__required_qualifications=qualification),
            is_active=True,
        ).distinct()
        sent += deliver_once(
            key=key,
            kind="qualification_expiring",
            user=grant.user,
            context={
                "qualification": qualification.name,
                "expires_on": grant.expires_on,
                "assets": sorted(asset.name for asset in assets),
                "link": app_link("book"),
            },
        )
    return sent


# --- Billing: the billing app calls these from its receivers, inside its transaction --------------


def _plain(data):
    """JSON-safe context: datetimes as ISO strings (in nested lists and dicts too), everything else as given."""
    if isinstance(data, datetime):
        return data.isoformat()
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(value) for value in data]
    return data


def queue_notification(*, kind: str, users, context: dict, key: str, addresses=()) -> None:
    """Mail `users` about one occasion after the current transaction commits; `key` names the occasion.
    `addresses`: (email, language, name) of recipients that are not users (a member's billing e-mail)."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    from .tasks import send_notification

    user_ids = [user.id for user in users]
    addresses = [list(address) for address in addresses]
    context = _plain(context)
    transaction.on_commit(
        lambda: send_notification.delay(kind=kind, user_ids=user_ids, context=context, key=key, addresses=addresses),
        robust=True,
    )


def notify_users(*, kind: str, user_ids: list[int], context: dict, key: str, addresses=()) -> int:
    sent = sum(
        deliver_once(key=f"{key}:{user.id}", kind=kind, user=user, context=context)
        for user in User.objects.filter(id__in=user_ids)
    )
    return sent + sum(
        deliver_to_address_once(
            key=f"{key}:{email}", kind=kind, email=email, language=language, name=name, context=context
        )
        for email, language, name in addresses
    )


def cost_share_proposed(*, recipients, share: dict, proposal_id: int) -> None:
    """Ask the payer's member_admins to accept or decline a share.

    `share`: id, reservation_id, title, asset, timezone, start and end (datetimes), payer, amount_minor (int),
    currency, accepted_amount_minor (None if never accepted) and accepted_currency, proposed_by. Amounts and times
    are formatted at render time, in each recipient's language (notifications.formatting). One e-mail per
    proposal: billing records and rate-limits proposals (billing.ShareProposal).
    """
    context = {**share, "link": app_link(f"reservations/{share['reservation_id']}")}
    queue_notification(kind="cost_share_proposed", users=recipients, context=context, key=f"proposal:{proposal_id}")


def series_shares_proposed(*, recipients, share: dict) -> None:
    """Ask the payer's member_admins, once, to consent to its shares of a new series. `share`: as for
    cost_share_proposed with `series_id`, `occurrences` (count), `amount_minor` (their sum) and the first
    occurrence's `start` and `end`."""
    context = {**share, "link": app_link("consent")}
    key = f"series-proposal:{share['series_id']}:{share['id']}"
    queue_notification(kind="series_shares_proposed", users=recipients, context=context, key=key)


def cost_share_decided(*, recipients, share: dict, accepted: bool) -> None:
    """Tell the booker (and whoever proposed) that a payer accepted or declined; `share` as above plus
    `decided_by` and optionally `reason`."""
    kind = "cost_share_accepted" if accepted else "cost_share_declined"
    context = {**share, "link": app_link(f"reservations/{share['reservation_id']}")}
    queue_notification(kind=kind, users=recipients, context=context, key=f"share:{share['id']}:{kind}")


def series_shares_decided(*, recipients, share: dict, accepted: bool) -> None:
    """Tell the booker and its member's admins, once, that a payer accepted or declined all its shares of a
    series; `share` as for series_shares_proposed plus `decided_by`."""
    kind = "series_shares_accepted" if accepted else "series_shares_declined"
    context = {**share, "link": app_link(f"reservations/{share['reservation_id']}")}
    key = f"series-decision:{share['series_id']}:{share['id']}:{kind}"
    queue_notification(kind=kind, users=recipients, context=context, key=key)


def statement_issued(*, recipients, statement: dict, addresses=()) -> None:
    """Tell a member's admins (or, when it has none, its billing e-mail: `addresses`, as for queue_notification)
    that its statement is out. `statement`: id, member, period ("2026-05"), totals ({currency: minor units}),
    lines (count)."""
    context = {**statement, "link": app_link(f"statements/{statement['id']}")}
    queue_notification(
        kind="statement_issued", users=recipients, context=context, key=f"statement:{statement['id']}",
        addresses=addresses,
    )  # fmt: skip


# --- Incidents ---------------------------------------------------------------------------------------------


def incident_reported(*, incident) -> None:
    """Tell the asset's managers (but not the reporter) that a problem was reported, once the report commits."""
    asset = incident.asset
    managers = {user.id: user for user in asset.managers.all()}
    if asset.group_id:
        managers.update({user.id: user for user in asset.group.managers.all()})
    managers.pop(incident.reported_by_id, None)
    context = {
        "asset": asset.name,
        "timezone": asset.timezone,
        "severity": incident.severity,
        "description": incident.description,
        "reported_by": incident.reported_by.get_full_name() or incident.reported_by.username,
        "start": incident.reported_at,
        "down_until": incident.blackout.end if incident.blackout else None,
        "link": app_link(f"incidents?asset={asset.id}"),
    }
    queue_notification(kind="incident_reported", users=managers.values(), context=context,
                       key=f"incident:{incident.id}")  # fmt: skip


# --- Ratings ------------------------------------------------------------------------------------------------


def _rating_context(rating) -> dict:
    reservation = rating.reservation
    return {
        **reservation_context(reservation),
        "booked_by": rating.rated_by.get_full_name() or rating.rated_by.username,
        "asset_score": rating.asset_score,
        "service_score": rating.service_score,
        "comment": rating.comment,
        "answer": rating.answer,
        "by": (rating.answered_by.get_full_name() or rating.answered_by.username) if rating.answered_by else "",
    }


def rating_received(*, rating) -> None:
    """Tell the rated asset's managers (but not the rater) about a new rating, once it commits."""
    managers = {user.id: user for user in _managers(rating.reservation)}
    managers.pop(rating.rated_by_id, None)
    context = {**_rating_context(rating), "link": app_link(f"manage?asset={rating.reservation.asset_id}")}
    queue_notification(kind="rating_received", users=managers.values(), context=context, key=f"rating:{rating.id}")


def rating_answered(*, rating) -> None:
    """Tell the rater the managers' answer, once it commits."""
    queue_notification(kind="rating_answered", users=[rating.rated_by], context=_rating_context(rating),
                       key=f"rating-answer:{rating.id}")  # fmt: skip
