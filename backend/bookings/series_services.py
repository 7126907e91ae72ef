"""State changes of series: create (with a per-occurrence report), approve, reject, cancel from a date on.

Creation is one transaction after locking the asset row, like reservation_create:
every occurrence is checked against the asset's rules, the busy periods read once
for the whole span, and the occurrences accepted before it; then the reservations
and their audit events are written in bulk. The bulk decisions reuse the
single-reservation services inside one outer transaction, so a failure changes nothing.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from schedule.models import Calendar, Event, Rule
from waitlist.selectors import active_holds

from accounts.models import Member, User
from assets.models import Asset, OperatorMode
from assets.qualification_selectors import holdings
from insights import stale as insights_stale
from sinergia.exceptions import RuleViolation
from sinergia.intervals import overlaps

from . import services
from .alternatives import alternatives_for
from .errors import BookingConflict, SeriesConflict, SlotHeld
from .models import BLOCKING, Reservation, ReservationEvent, Series, Status
from .quotas import quota_check
from .rules import Holdings, blocked_period, booking_problems, needs_approval
from .selectors import busy_by_asset
from .series import expand, occurrence_row, parse_rrule, scheduler_rule
from .signals import reservation_changed
from .units import is_pooled, lowest_free

ON_CONFLICT = ("reject", "skip")
# Alternatives cost a few queries each; a report offers them for this many conflicting occurrences.
ALTERNATIVES_FOR = 5


def _problem(code: str, detail: str) -> dict:
    return {"code": code, "detail": detail}


def _check(asset: Asset, occurrences, now: datetime, booker: Holdings, member: Member) -> list[list[dict]]:
    """The problems of each occurrence: the asset's rules (the booker's qualifications on its end date among them,
    read once for the series), existing bookings and blackouts, other members' waitlist holds, earlier
    occurrences."""
    periods = [blocked_period(asset, start, end) for start, end in occurrences]
    busy = busy_by_asset([asset.id], periods[0][0], max(end for _start, end in periods))[asset.id]
    held = [
        blocked_period(asset, hold.start, hold.end)
        for hold in (active_holds(asset, now=now) if getattr(asset, "waitlist_offers", True) else [])
        if hold.member_id != member.id
    ]
    accepted: list[tuple] = []
    result = []
    for (start, end), period in zip(occurrences, periods, strict=True):
        problems = [
            p.as_dict() if p.missing is not None else _problem(p.code, p.detail)
            for p in booking_problems(asset=asset, start=start, end=end, now=now, holdings=booker)
        ]
        if lowest_free(busy, period, asset.capacity) is None:  # no unit free (bookings/units.py)
            problems.append(_problem("conflict", str(BookingConflict.default_detail)))
        elif any(overlaps(hold, period) for hold in held):
            problems.append(_problem(SlotHeld.code, str(SlotHeld.default_detail)))
        if any(overlaps(earlier, period) for earlier in accepted[-1:]):
            problems.append(
                _problem("overlaps_series", _("It overlaps the previous occurrence of this series (buffers included)."))
            )
        if not problems:
            accepted.append(period)
        result.append(problems)
    return result


def _add_alternatives(rows: list[dict], *, asset: Asset, member: Member, booker: User, now: datetime) -> None:
    conflicting = [row for row in rows if any(p["code"] == "conflict" for p in row["problems"])]
    for row in conflicting[:ALTERNATIVES_FOR]:
        row["alternatives"] = alternatives_for(
            asset=asset,
            member=member,
            booker=booker,
            start=datetime.fromisoformat(row["start"]),
            end=datetime.fromisoformat(row["end"]),
            now=now,
            limit=3,
        )


def _store_rule(*, asset: Asset, by: User, recurrence, start: datetime, end: datetime, title: str) -> Event:
    frequency, params = scheduler_rule(recurrence)
    rule = Rule.objects.create(name=title[:32], description=recurrence.text, frequency=frequency, params=params)
    calendar, _created = Calendar.objects.get_or_create(slug=f"asset-{asset.id}", defaults={"name": asset.name})
    return Event.objects.create(
        calendar=calendar,
        rule=rule,
        start=start,
        end=end,
        title=title,
        creator=by,
        end_recurring_period=recurrence.until(asset.tz),
    )


def _units(asset: Asset, occurrences) -> list[int]:
    """The unit each occurrence takes: the lowest free one of a pooled asset (one query), else 1 (none)."""
    if not is_pooled(asset):
        return [1] * len(occurrences)
    periods = [blocked_period(asset, start, end) for start, end in occurrences]
    busy = busy_by_asset([asset.id], periods[0][0], max(end for _start, end in periods))[asset.id]
    return [lowest_free(busy, period, asset.capacity) or 1 for period in periods]


def _create_occurrences(series: Series, occurrences, *, status: str, by: User) -> list[Reservation]:
    asset, member = series.asset, series.member
    taken = _units(asset, occurrences)
    reservations = Reservation.objects.bulk_create(
        [
            Reservation(
                asset=asset,
                unit=unit,
                member=member,
                booked_by=by,
                series=series,
                start=start,
                end=end,
                blocked_start=blocked_period(asset, start, end)[0],
                blocked_end=blocked_period(asset, start, end)[1],
                status=status,
                title=series.title,
                notes=series.notes,
                quote=services.frozen_quote(asset, member, start, end),
            )
            for (start, end), unit in zip(occurrences, taken, strict=True)
        ]
    )
    events = ReservationEvent.objects.bulk_create(
        [
            ReservationEvent(reservation=r, by=by, action="created", to_status=r.status, changes={"series": series.id})
            for r in reservations
        ]
    )
    insights_stale.reservations_created(reservations)  # one insert for the whole series
    for reservation, event in zip(reservations, events, strict=True):
        reservation_changed.send(sender=Reservation, reservation=reservation, event=event)
    return reservations


def series_create(
    *,
    asset: Asset,
    member: Member,
    by: User,
    start: datetime,
    end: datetime,
    rrule: str,
    title: str,
    notes: str = "",
    on_conflict: str = "reject",
    dry_run: bool = False,
    now: datetime | None = None,
) -> tuple[Series | None, list[dict]]:
    """Book every occurrence of `rrule` (first one `start`–`end`) and return the series and its report.

    `reject` creates nothing when any occurrence has a problem (SeriesConflict, 409); `skip`
    creates the good ones and lists the others. `dry_run` only returns the report.
    """
    now = now or timezone.now()
    if on_conflict not in ON_CONFLICT:
        raise RuleViolation(_("on_conflict is reject or skip."), code="invalid", field="on_conflict")
    if end <= start:
        raise RuleViolation(_("The end must be after the start."), code="end_before_start", field="end")
    services.check_can_book(by, member)
    if asset.operator == OperatorMode.REQUIRED:  # a series books no technicians (bookings/operators.py)
        raise RuleViolation(
            _("This asset needs an operator for every booking: book its occurrences one at a time."),
            code="operator_required",
            field="rrule",
        )
    if start < now:  # expansion scans from the first occurrence: it starts no earlier than now
        raise RuleViolation(_("The start is in the past."), code="in_the_past", field="start")
    recurrence = parse_rrule(rrule)
    occurrences = expand(recurrence, start=start, end=end, tz=asset.tz, horizon=now + asset.max_horizon)
    series = None
    try:
        with transaction.atomic():
            asset = services.lock_asset(asset.id)
            problems = _check(asset, occurrences, now, holdings(asset, by), member)
            rows = [
                occurrence_row(asset, o_start, o_end, problems=p)
                for (o_start, o_end), p in zip(occurrences, problems, strict=True)
            ]
            good = [occurrence for occurrence, p in zip(occurrences, problems, strict=True) if not p]
            refused = on_conflict == "reject" and len(good) < len(occurrences)
            status = Status.PENDING if needs_approval(asset, member) else Status.APPROVED
            if not dry_run and not refused and good:
                quota_check(asset=asset, member=member, periods=good, status=status)
                series = Series.objects.create(
                    asset=asset,
                    member=member,
                    booked_by=by,
                    event=_store_rule(asset=asset, by=by, recurrence=recurrence, start=start, end=end, title=title),
                    timezone=asset.timezone,
                    notes=notes,
                    skipped=[row for row in rows if not row["ok"]],
                )
                created = iter(_create_occurrences(series, good, status=status, by=by))
                rows = [row if not row["ok"] else {**row, **_created_fields(next(created))} for row in rows]
    except IntegrityError as error:
        if not services.is_exclusion_violation(error):
            raise
        raise BookingConflict(
            [], detail=_("Another booking took one of these periods meanwhile; try again.")
        ) from error
    _add_alternatives(rows, asset=asset, member=member, booker=by, now=now)
    if refused:
        raise SeriesConflict(rows)
    if not good and not dry_run:
        raise SeriesConflict(rows, detail=_("No occurrence of this series can be booked."))
    return series, rows


def _created_fields(reservation: Reservation) -> dict:
    return {"reservation": reservation.id, "status": reservation.status}


def _remaining(series: Series, *, statuses, now: datetime, since: datetime | None = None):
    queryset = series.occurrences.filter(status__in=statuses, end__gt=now).select_related("asset", "member")
    if since is not None:
        queryset = queryset.filter(start__gte=since)
    return list(queryset.order_by("start"))


def series_approve(*, series: Series, by: User, now: datetime | None = None) -> Series:
    """Approve every pending occurrence not yet started; each auto-rejects the pending requests it overlaps."""
    now = now or timezone.now()
    services.check_can_decide(by, series)
    with transaction.atomic():
        for reservation in _remaining(series, statuses=[Status.PENDING], now=now):
            if reservation.start >= now:
                services.reservation_approve(reservation=reservation, by=by, now=now)
    return series


def series_reject(*, series: Series, by: User, reason: str) -> Series:
    """Reject every pending occurrence with one reason."""
    services.check_can_decide(by, series)
    if not reason.strip():
        raise RuleViolation(_("Say why the request is rejected."), code="reason_required", field="reason")
    with transaction.atomic():
        for reservation in _remaining(series, statuses=[Status.PENDING], now=timezone.now()):
            services.reservation_reject(reservation=reservation, by=by, reason=reason)
    return series


def series_cancel(
    *, series: Series, by: User, since: datetime, reason: str = "", now: datetime | None = None
) -> Series:
    """Cancel "this and following": the pending and approved occurrences starting at or after `since`."""
    now = now or timezone.now()
    with transaction.atomic():
        for reservation in _remaining(series, statuses=BLOCKING, now=now, since=since):
            services.reservation_cancel(reservation=reservation, by=by, reason=reason, now=now)
    return series
