"""Cluster insights: how full each asset is, who uses how much of it against its fair share, what sharing saved.

Every figure comes from a fixed number of queries whatever the number of assets, members or reservations:
booked hours, spend and counts are SQL aggregates; open hours come from the opening hours (computed once per
distinct weekly pattern and time zone) minus the blackouts; the weekday × hour grid reads the booked intervals
of the window in one streamed query.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Case as CaseWhen
from django.db.models import Count, F, FloatField, Func, Prefetch, Q, Sum, Value, When
from django.db.models.fields import DateTimeField
from django.db.models.functions import Greatest, Least, TruncWeek
from django.utils import timezone

from accounts import selectors as accounts
from accounts.models import Member, Membership
from assets.hours import weekly_intervals
from assets.models import Asset, Blackout
from assets.pricing import money
from billing.models import CostShare
from bookings.models import Reservation, Status
from sinergia.intervals import Interval, merge

from .models import AssetStandaloneRate, FairShare

BOOKED = (Status.APPROVED, Status.COMPLETED)
SPENDING = (Status.APPROVED, Status.COMPLETED, Status.CANCELLED, Status.NO_SHOW)


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


# --- Helpers ------------------------------------------------------------------------------------------------


def sees_everyone(user) -> bool:
    return accounts.is_cluster_admin(user) or accounts.is_accountant(user)


def may_see_insights(user) -> bool:
    return sees_everyone(user) or bool(accounts.member_ids(user, role=Membership.Role.MEMBER_ADMIN))


def hours(seconds: float) -> float:
    return round(seconds / 3600, 2)


def percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _at(value: datetime) -> Value:
    return Value(value, output_field=DateTimeField())


def _clipped_seconds(start: datetime, end: datetime, prefix: str = "") -> Seconds:
    return Seconds(Least(F(f"{prefix}end"), _at(end)), Greatest(F(f"{prefix}start"), _at(start)))


def _week_of(moment: datetime, zone) -> date:
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def _split(intervals: list[Interval], boundary_after) -> list[tuple[datetime, datetime]]:
    """Cut intervals where `boundary_after(moment)` (the next boundary after a moment) falls."""
    pieces = []
    for start, end in intervals:
        cursor = start
        while cursor < end:
            piece_end = min(boundary_after(cursor), end)
            pieces.append((cursor, piece_end))
            cursor = piece_end
    return pieces


def _next_week(zone):
    def after(moment: datetime) -> datetime:
        monday = _week_of(moment, zone) + timedelta(days=7)
        return datetime.combine(monday, time(0), tzinfo=zone).astimezone(UTC)

    return after


def _next_hour(zone: ZoneInfo):
    def after(moment: datetime) -> datetime:
        local = moment.astimezone(zone).replace(minute=0, second=0, microsecond=0)
        return local.astimezone(UTC) + timedelta(hours=1)

    return after


@dataclass
class OpenTime:
    """Open seconds in the window, per cluster week and per local (weekday, hour)."""

    seconds: float
    weeks: Counter
    grid: Counter

    @classmethod
    def of(cls, intervals: list[Interval], asset_zone: ZoneInfo, cluster_zone) -> "OpenTime":
        weeks, grid = Counter(), Counter()
        for start, end in _split(intervals, _next_week(cluster_zone)):
            weeks[_week_of(start, cluster_zone)] += (end - start).total_seconds()
        for start, end in _split(intervals, _next_hour(asset_zone)):
            local = start.astimezone(asset_zone)
            grid[(local.weekday(), local.hour)] += (end - start).total_seconds()
        return cls(sum(weeks.values()), weeks, grid)


def _intersect(open_intervals: list[Interval], holes: list[Interval]) -> list[Interval]:
    return [
        (max(start, hole_start), min(end, hole_end))
        for hole_start, hole_end in merge(holes)
        for start, end in open_intervals
        if start < hole_end and hole_start < end
    ]


# --- Utilisation --------------------------------------------------------------------------------------------


def utilisation(*, start: datetime, end: datetime, group_id: int | None = None) -> dict:
    """Per asset: open hours (opening hours minus blackouts, in the asset's zone), booked hours (approved and
    completed, clipped to the window), utilisation, the same per week; and the weekday × hour grid in local time."""
    cluster_zone = timezone.get_default_timezone()
    assets = Asset.objects.filter(is_active=True)
    if group_id is not None:
        assets = assets.filter(group_id=group_id)
    assets = list(
        assets.select_related("group").prefetch_related(
            "opening_hours",
            Prefetch("blackouts", queryset=Blackout.objects.filter(start__lt=end, end__gt=start).order_by("start")),
        )
    )
    booked = Reservation.objects.filter(
        asset__in=[asset.id for asset in assets], status__in=BOOKED, start__lt=end, end__gt=start
    )
    clipped = _clipped_seconds(start, end)
    booked_seconds = dict(booked.values("asset_id").annotate(s=Sum(clipped)).values_list("asset_id", "s"))
    booked_weeks: dict[int, Counter] = defaultdict(Counter)
    week_start = TruncWeek(Greatest(F("start"), _at(start)), tzinfo=cluster_zone, output_field=DateTimeField())
    for asset_id, week, seconds in (
        booked.annotate(week=week_start)
        .values("asset_id", "week")
        .annotate(s=Sum(clipped))
        .values_list("asset_id", "week", "s")
    ):
        booked_weeks[asset_id][_week_of(week, cluster_zone)] += seconds or 0

    patterns: dict[tuple, tuple[list[Interval], OpenTime]] = {}
    grid_open, grid_booked = Counter(), Counter()
    rows, total_open, total_booked = [], 0.0, 0.0
    for asset in assets:
        windows = tuple(sorted((h.weekday, h.opens, h.closes) for h in asset.opening_hours.all()))
        key = (asset.timezone, windows)
        if key not in patterns:
            intervals = weekly_intervals(windows, asset.tz, start, end)
            patterns[key] = (intervals, OpenTime.of(intervals, asset.tz, cluster_zone))
        intervals, open_time = patterns[key]
        seconds, weeks = open_time.seconds, Counter(open_time.weeks)
        grid_open.update(open_time.grid)
        blackouts = [(b.start, b.end) for b in asset.blackouts.all()]
        if blackouts:
            closed = OpenTime.of(_intersect(intervals, blackouts), asset.tz, cluster_zone)
            seconds -= closed.seconds
            weeks.subtract(closed.weeks)
            grid_open.subtract(closed.grid)
        booked_total = booked_seconds.get(asset.id) or 0.0
        total_open += seconds
        total_booked += booked_total
        rows.append(
            {
                "id": asset.id,
                "name": asset.name,
                "group": asset.group.name if asset.group else None,
                "timezone": asset.timezone,
                "open_hours": hours(seconds),
                "booked_hours": hours(booked_total),
                "utilisation": percent(booked_total, seconds),
                "weeks": [
                    {
                        "week": week.isoformat(),
                        "open_hours": hours(weeks[week]),
                        "booked_hours": hours(booked_weeks[asset.id][week]),
                        "utilisation": percent(booked_weeks[asset.id][week], weeks[week]),
                    }
                    for week in sorted(set(weeks) | set(booked_weeks[asset.id]))
                ],
            }
        )

    # Bookings at the same times in the same zone are counted once and weighted: recurring slots collapse.
    same_times = booked.values("asset__timezone", "start", "end").annotate(n=Count("id")).order_by()
    for zone_name, booked_start, booked_end, count in same_times.values_list(
        "asset__timezone", "start", "end", "n"
    ).iterator(chunk_size=5000):
        zone = ZoneInfo(zone_name)
        for piece_start, piece_end in _split([(max(booked_start, start), min(booked_end, end))], _next_hour(zone)):
            local = piece_start.astimezone(zone)
            grid_booked[(local.weekday(), local.hour)] += count * (piece_end - piece_start).total_seconds()

    return {
        "assets": rows,
        "totals": {
            "open_hours": hours(total_open),
            "booked_hours": hours(total_booked),
            "utilisation": percent(total_booked, total_open),
        },
        "heatmap": [
            [
                {
                    "weekday": weekday,
                    "hour": hour,
                    "open_hours": hours(grid_open[(weekday, hour)]),
                    "booked_hours": hours(grid_booked[(weekday, hour)]),
                    "occupancy": percent(grid_booked[(weekday, hour)], grid_open[(weekday, hour)]),
                }
                for hour in range(24)
            ]
            for weekday in range(7)
        ],
    }


# --- Members ------------------------------------------------------------------------------------------------


def fair_shares(*, members: list[Member], first: date, last: date) -> dict[int, float]:
    """Each member's fair share of the cluster in %, averaged over the days of [first, last] with the weights
    each day had (a member with no weight yet weighs 1)."""
    history: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for member_id, valid_from, weight in FairShare.objects.filter(member__in=members, valid_from__lte=last).values_list(
        "member_id", "valid_from", "weight"
    ):
        history[member_id].append((valid_from, weight))
    changes = sorted({first} | {day for rows in history.values() for day, _ in rows if day > first})
    totals: dict[int, float] = defaultdict(float)
    days = (last - first).days + 1
    for index, day in enumerate(changes):
        until = changes[index + 1] if index + 1 < len(changes) else last + timedelta(days=1)
        weights = {}
        for member in members:
            past = [weight for valid_from, weight in sorted(history[member.id]) if valid_from <= day]
            weights[member.id] = float(past[-1]) if past else 1.0
        whole = sum(weights.values())
        for member_id, weight in weights.items():
            totals[member_id] += (weight / whole if whole else 0) * (until - day).days
    return {member_id: round(100 * total / days, 1) for member_id, total in totals.items()}


def _money_list(amounts: dict[str, int]) -> list[dict]:
    return [money(amount, currency) for currency, amount in sorted(amounts.items())]


def member_figures(*, start: datetime, end: datetime, first: date, last: date, group_id: int | None = None) -> dict:
    """Per member: hours, bookings, cancellations, no-shows, spend per currency, usage share against fair share
    (points over or under), and savings per currency against renting the same hours alone.

    Reservations count when they start in the window. Hours of a priced booking go to its payers in proportion
    to their cost shares; an unpriced one counts for the booking member. Spend never adds currencies together.
    """
    members = list(Member.objects.filter(is_active=True))
    reservations = Reservation.objects.filter(start__gte=start, start__lt=end)
    shares = CostShare.objects.filter(
        reservation__start__gte=start, reservation__start__lt=end, reservation__status__in=SPENDING
    ).exclude(state=CostShare.State.DECLINED)
    if group_id is not None:
        reservations = reservations.filter(asset__group_id=group_id)
        shares = shares.filter(reservation__asset__group_id=group_id)
    seconds = Seconds(F("reservation__end"), F("reservation__start"))
    hours_part = CaseWhen(
        When(
            reservation__status__in=BOOKED,
            reservation__charge__total_minor__gt=0,
            then=seconds * F("amount_minor") / F("reservation__charge__total_minor"),
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )
    per_payer = shares.values("member_id", "reservation__asset_id", "currency").annotate(
        paid=Sum("amount_minor"), seconds=Sum(hours_part)
    )
    unpriced = Q(status__in=BOOKED) & (Q(charge__isnull=True) | Q(charge__total_minor=0))
    per_booker = reservations.values("member_id", "asset_id").annotate(
        booked=Count("id", filter=Q(status__in=BOOKED)),
        cancelled=Count("id", filter=Q(status=Status.CANCELLED)),
        no_shows=Count("id", filter=Q(status=Status.NO_SHOW)),
        seconds=Sum(CaseWhen(When(unpriced, then=Seconds(F("end"), F("start"))), default=Value(0.0))),
    )
    rates = {rate.asset_id: rate for rate in AssetStandaloneRate.objects.all()}

    figures = {
        member.id: {
            "seconds": 0.0,
            "bookings": 0,
            "cancellations": 0,
            "no_shows": 0,
            "spend": Counter(),
            "asset_seconds": Counter(),
            "paid_rated": Counter(),
        }
        for member in members
    }
    for row in per_booker:
        figure = figures.get(row["member_id"])
        if figure is None:
            continue
        figure["bookings"] += row["booked"]
        figure["cancellations"] += row["cancelled"]
        figure["no_shows"] += row["no_shows"]
        figure["seconds"] += row["seconds"] or 0
        figure["asset_seconds"][row["asset_id"]] += row["seconds"] or 0
    for row in per_payer:
        figure = figures.get(row["member_id"])
        if figure is None:
            continue
        figure["spend"][row["currency"]] += row["paid"] or 0
        figure["seconds"] += row["seconds"] or 0
        figure["asset_seconds"][row["reservation__asset_id"]] += row["seconds"] or 0
        if row["reservation__asset_id"] in rates:
            figure["paid_rated"][row["currency"]] += row["paid"] or 0

    cluster_seconds = sum(figure["seconds"] for figure in figures.values())
    cluster_spend: Counter = Counter()
    fair = fair_shares(members=members, first=first, last=last)
    rows = []
    for member in members:
        figure = figures[member.id]
        cluster_spend.update(figure["spend"])
        standalone: Counter = Counter()
        for asset_id, asset_seconds in figure["asset_seconds"].items():
            rate = rates.get(asset_id)
            if rate is not None and asset_seconds:
                cost = Decimal(asset_seconds) / 3600 * rate.hourly_rate_minor
                standalone[rate.currency] += int(cost.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        savings = {
            currency: standalone[currency] - figure["paid_rated"][currency]
            for currency in set(standalone) | set(figure["paid_rated"])
        }
        usage = percent(figure["seconds"], cluster_seconds) or 0.0
        rows.append(
            {
                "id": member.id,
                "name": member.name,
                "hours": hours(figure["seconds"]),
                "bookings": figure["bookings"],
                "cancellations": figure["cancellations"],
                "no_shows": figure["no_shows"],
                "spend": _money_list(figure["spend"]),
                "usage_share": usage,
                "fair_share": fair[member.id],
                "fair_share_delta": round(usage - fair[member.id], 1),
                "standalone_cost": _money_list(standalone),
                "savings": _money_list(savings),
            }
        )
    return {
        "members": rows,
        "totals": {
            "hours": hours(cluster_seconds),
            "bookings": sum(figure["bookings"] for figure in figures.values()),
            "cancellations": sum(figure["cancellations"] for figure in figures.values()),
            "no_shows": sum(figure["no_shows"] for figure in figures.values()),
            "spend": _money_list(cluster_spend),
        },
    }
