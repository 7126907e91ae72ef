"""Daily roll-ups behind the insights, kept up to date by Celery and never by a reader.

The services record the time range of every change they make (`insights.stale`) in StaleRange, in their own
transaction. `refresh` (Celery beat, every minute) claims the ranges it sees, recomputes the cluster days they
touch and deletes exactly those ranges, so a change committed meanwhile keeps its range for the next refresh;
`rebuild` (beat, nightly) recomputes every day, catching any write that went around the services. A reader asks
`as_of` how far the roll-ups are complete instead of waiting for them.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import OperationalError, connection, transaction
from django.db.models import Case as CaseWhen
from django.db.models import Count, F, FloatField, Func, Max, Min, Q, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from billing.models import CostShare
from billing.selectors import day_window
from bookings.models import Reservation, Status
from sinergia.db import insert_rows

from .clock import local_hours
from .models import HOURS, AssetDay, MemberDay, StaleRange, UseDay

BOOKED = (Status.APPROVED, Status.COMPLETED)
SPENDING = (Status.APPROVED, Status.COMPLETED, Status.CANCELLED, Status.NO_SHOW, Status.RELEASED)
CHUNK_DAYS = 14
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when LOCK … NOWAIT finds the lock taken


class Seconds(Func):
    """Seconds from the second datetime to the first, as a float, on PostgreSQL and SQLite."""

    arity = 2
    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )


def refresh(*, everything: bool = False) -> int:
    """Recompute the roll-ups of the days that changed since the last refresh (with `everything`, of every day);
    returns how many days. Returns 0 at once when another refresh is running (PostgreSQL): the ranges it did not
    see wait for the next one."""
    if not everything and not StaleRange.objects.exists():
        return 0
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # One refresher at a time. Readers take no lock they would wait on: they read the last commit.
                with connection.cursor() as cursor:
                    cursor.execute(f"LOCK TABLE {AssetDay._meta.db_table} IN EXCLUSIVE MODE NOWAIT")
            return _refresh(everything)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            return 0
        raise


def rebuild() -> int:
    """Recompute every day (the nightly safety net); returns how many days."""
    return refresh(everything=True)


def as_of() -> datetime:
    """The time up to which the roll-ups are complete: the oldest change recorded and not rolled up yet, or now
    when every recorded change is. Read it before the roll-ups, so that it never claims more than they hold."""
    return StaleRange.objects.aggregate(oldest=Min("created_at"))["oldest"] or timezone.now()


def _refresh(everything: bool) -> int:
    stale = list(StaleRange.objects.values_list("id", "start", "end"))
    ranges = [(start, end) for _id, start, end in stale]
    if everything or any(start is None for start, _end in ranges):  # start again from the reservations
        AssetDay.objects.all().delete()
        MemberDay.objects.all().delete()
        UseDay.objects.all().delete()
        bounds = Reservation.objects.aggregate(start=Min("start"), end=Max("end"))
        ranges = [(bounds["start"], bounds["end"])] if bounds["start"] else []
    days = _days_of(ranges)
    for first, last in _runs(days):
        _recompute(first, last)
    ids = [row[0] for row in stale]
    for offset in range(0, len(ids), 5000):
        StaleRange.objects.filter(id__in=ids[offset : offset + 5000]).delete()
    return len(days)


def _days_of(ranges: list[tuple[datetime, datetime]]) -> set[date]:
    """The cluster days the ranges touch."""
    zone = timezone.get_default_timezone()
    days = set()
    for start, end in ranges:
        day, last = start.astimezone(zone).date(), max(end - timedelta(microseconds=1), start).astimezone(zone).date()
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return days


def _runs(days: set[date]):
    """Consecutive days as (first, last) pairs of at most CHUNK_DAYS days."""
    run: list[date] = []
    for day in sorted(days):
        if run and (day - run[-1] != timedelta(days=1) or len(run) == CHUNK_DAYS):
            yield run[0], run[-1]
            run = []
        run.append(day)
    if run:
        yield run[0], run[-1]


ASSET_DAY_COLUMNS = ["day", "asset_id", "weekday", "booked_seconds", *HOURS]
MEMBER_DAY_COLUMNS = ["day", "member_id", "group_id", "currency", "bookings", "cancellations", "no_shows", "seconds",
                      "paid_minor", "paid_rated_minor", "standalone_minor"]  # fmt: skip


def _recompute(first: date, last: date) -> None:
    start, end = day_window(first, last)
    AssetDay.objects.filter(day__gte=first, day__lte=last).delete()
    MemberDay.objects.filter(day__gte=first, day__lte=last).delete()
    UseDay.objects.filter(day__gte=first, day__lte=last).delete()
    # Sorted as the figures read them, so that one asset's or one group's days share pages.
    insert_rows(AssetDay, ASSET_DAY_COLUMNS, sorted(_asset_days(start, end), key=lambda row: (row[1], row[0], row[2])))
    member_days = sorted(_member_days(start, end), key=lambda row: (row[2] or 0, row[1], row[0]))
    insert_rows(MemberDay, MEMBER_DAY_COLUMNS, member_days)
    insert_rows(UseDay, USE_DAY_COLUMNS, sorted(_use_days(start, end), key=lambda row: (row[2], row[1], row[0])))


# --- Asset days ---------------------------------------------------------------------------------------------


def _asset_days(start: datetime, end: datetime) -> list[tuple]:
    """Booked seconds per (cluster day, asset, local weekday, local hour), the bookings clipped to [start, end)."""
    cluster_zone = timezone.get_default_timezone()
    zones: dict[str, ZoneInfo] = {}
    cells: dict[tuple[date, int, int], list[float]] = defaultdict(lambda: [0.0] * 24)
    booked = Reservation.objects.filter(status__in=BOOKED, start__lt=end, end__gt=start).values_list(
        "asset_id", "asset__timezone", "start", "end"
    )
    for asset_id, zone_name, booked_start, booked_end in booked.iterator(chunk_size=5000):
        zone = zones.get(zone_name) or zones.setdefault(zone_name, ZoneInfo(zone_name))
        cursor, stop = max(booked_start, start), min(booked_end, end)
        while cursor < stop:
            day = cursor.astimezone(cluster_zone).date()
            piece_end = min(datetime.combine(day + timedelta(days=1), time(0), cluster_zone), stop)
            for weekday, hour, seconds in local_hours(cursor, piece_end, zone):
                cells[(day, asset_id, weekday)][hour] += seconds
            cursor = piece_end
    return [(day, asset_id, weekday, sum(hours), *hours) for (day, asset_id, weekday), hours in cells.items()]


# --- Use days -----------------------------------------------------------------------------------------------

USE_DAY_COLUMNS = ["day", "member_id", "asset_id", "due", "checked_in", "released", "no_shows", "due_seconds",
                   "used_seconds"]  # fmt: skip
DUE, CHECKED_IN, RELEASED, NO_SHOWS_DUE, DUE_SECONDS, USED_SECONDS = range(6)


def _used_seconds(start, end, checked_in_at, checked_out_at, used_quote) -> float:
    """The time used, as billed: the used quote's period once priced, else from check-in (not before the start)
    to the check-out or the end."""
    if used_quote and "start" in used_quote:
        used_start, used_end = datetime.fromisoformat(used_quote["start"]), datetime.fromisoformat(used_quote["end"])
    else:
        used_start = min(max(checked_in_at, start), end)
        used_end = max(checked_out_at or end, used_start)
    return (used_end - used_start).total_seconds()


def _use_days(start: datetime, end: datetime) -> list[tuple]:
    """Per (cluster day of the start, member, asset): the bookings that came due (released, no-show, or checked in
    to) and their booked and used seconds. A booking completed without a check-in has no recorded use: left out."""
    zone = timezone.get_default_timezone()
    rows: dict[tuple, list] = defaultdict(lambda: [0, 0, 0, 0, 0.0, 0.0])
    due = Q(status__in=(Status.RELEASED, Status.NO_SHOW)) | Q(status__in=BOOKED, checked_in_at__isnull=False)
    reservations = Reservation.objects.filter(due, start__gte=start, start__lt=end).values_list(
        "member_id", "asset_id", "status", "start", "end", "checked_in_at", "checked_out_at", "used_quote"
    )
    for member_id, asset_id, status, booked_start, booked_end, checked_in_at, checked_out_at, used in reservations:
        sums = rows[(booked_start.astimezone(zone).date(), member_id, asset_id)]
        sums[DUE] += 1
        sums[DUE_SECONDS] += (booked_end - booked_start).total_seconds()
        if status == Status.RELEASED:
            sums[RELEASED] += 1
        elif status == Status.NO_SHOW:
            sums[NO_SHOWS_DUE] += 1
        else:
            sums[CHECKED_IN] += 1
            sums[USED_SECONDS] += _used_seconds(booked_start, booked_end, checked_in_at, checked_out_at, used)
    return [(*key, *sums) for key, sums in rows.items()]


# --- Member days --------------------------------------------------------------------------------------------


BOOKINGS, CANCELLATIONS, NO_SHOWS, SECONDS, PAID, PAID_RATED, STANDALONE = range(7)


def _member_days(start: datetime, end: datetime) -> list[tuple]:
    """Per (cluster day of the start, member, asset group, currency): counts and unpriced hours for the booking
    member; spend, the hours it paid for and their standalone cost for each payer. Four grouped queries."""
    zone = timezone.get_default_timezone()
    rows: dict[tuple, list] = defaultdict(lambda: [0, 0, 0, 0.0, 0, 0, 0.0])

    def row(values: dict, currency: str) -> list:
        return rows[(values["day"], values["member_id"], values["group"], currency)]

    reservations = Reservation.objects.filter(start__gte=start, start__lt=end).annotate(
        day=TruncDate("start", tzinfo=zone), group=F("asset__group_id")
    )
    unpriced = Q(status__in=BOOKED) & (Q(charge__isnull=True) | Q(charge__total_minor=0))
    duration = Seconds(F("end"), F("start"))
    for values in reservations.values("day", "member_id", "group").annotate(
        booked=Count("id", filter=Q(status__in=BOOKED)),
        cancelled=Count("id", filter=Q(status=Status.CANCELLED)),
        no_shows=Count("id", filter=Q(status=Status.NO_SHOW)),
        seconds=Sum(CaseWhen(When(unpriced, then=duration), default=Value(0.0))),
    ):
        row(values, "")[:4] = values["booked"], values["cancelled"], values["no_shows"], values["seconds"] or 0.0
    rated_unpriced = reservations.filter(unpriced, asset__standalone_rate__isnull=False)
    rate = "asset__standalone_rate__"
    for values in rated_unpriced.values("day", "member_id", "group", rate_currency=F(f"{rate}currency")).annotate(
        standalone=Sum(duration * F(f"{rate}hourly_rate_minor") / 3600.0)
    ):
        row(values, values["rate_currency"])[STANDALONE] += values["standalone"] or 0.0

    shares = (
        CostShare.objects.filter(
            reservation__start__gte=start, reservation__start__lt=end, reservation__status__in=SPENDING
        )
        .exclude(state=CostShare.State.DECLINED)
        .annotate(day=TruncDate("reservation__start", tzinfo=zone), group=F("reservation__asset__group_id"))
    )
    paid_for = CaseWhen(
        When(
            reservation__status__in=BOOKED,
            reservation__charge__total_minor__gt=0,
            then=Seconds(F("reservation__end"), F("reservation__start"))
            * F("amount_minor")
            / F("reservation__charge__total_minor"),
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )
    for values in shares.values("day", "member_id", "group", "currency").annotate(
        paid=Sum("amount_minor"),
        paid_rated=Sum("amount_minor", filter=Q(reservation__asset__standalone_rate__isnull=False)),
        seconds=Sum(paid_for),
    ):
        sums = row(values, values["currency"])
        sums[PAID], sums[PAID_RATED] = values["paid"] or 0, values["paid_rated"] or 0
        sums[SECONDS] += values["seconds"] or 0.0
    rated = shares.filter(reservation__asset__standalone_rate__isnull=False)
    rate = "reservation__asset__standalone_rate__"
    for values in rated.values("day", "member_id", "group", rate_currency=F(f"{rate}currency")).annotate(
        standalone=Sum(paid_for * F(f"{rate}hourly_rate_minor") / 3600.0)
    ):
        row(values, values["rate_currency"])[STANDALONE] += values["standalone"] or 0.0
    return _fold_counts(rows)


def _fold_counts(rows: dict[tuple, list]) -> list[tuple]:
    """Counts and unpriced hours join a spend row of the same day, member and group when there is one: readers
    sum them over every row, and the roll-up holds half the rows."""
    spend_rows = {key[:3]: sums for key, sums in rows.items() if key[3]}
    kept = {}
    for key, sums in rows.items():
        into = spend_rows.get(key[:3]) if not key[3] else None
        if into is None:
            kept[key] = sums
            continue
        into[BOOKINGS], into[CANCELLATIONS], into[NO_SHOWS] = sums[BOOKINGS], sums[CANCELLATIONS], sums[NO_SHOWS]
        into[SECONDS] += sums[SECONDS]
    return [(*key, *sums) for key, sums in kept.items()]
