"""Cluster insights: how full each asset is, who uses how much of it against its fair share, what sharing saved.

Every figure comes from a fixed number of queries whatever the number of assets, members or reservations:
booked hours, the weekday × hour grid, spend and counts are SQL sums over the daily roll-ups (`rollups`); open
hours come from the opening hours (computed once per distinct weekly pattern and time zone) minus the blackouts.
Reads only: Celery keeps the roll-ups up to date, and each answer carries `as_of`, the time up to which they are.
"""

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Member
from accounts.permissions import money_member_ids
from assets.hours import weekly_intervals
from assets.models import Asset, Blackout
from assets.pricing import money
from billing.selectors import day_window
from sinergia.intervals import Interval, merge

from . import rollups
from .clock import local_hours
from .models import HOURS, AssetDay, FairShare, MemberDay, UseDay

# --- Helpers ------------------------------------------------------------------------------------------------


# A member admin sees the cluster's figures of a group and window only when at least this many other member
# companies booked there: with fewer, the totals less its own figures would be one or two competitors' own.
MIN_OTHER_MEMBERS = 3


def _member_days(first: date, last: date, group_id: int | None) -> QuerySet:
    days = MemberDay.objects.filter(day__gte=first, day__lte=last)
    return days if group_id is None else days.filter(group_id=group_id)


def withheld_reason(user, *, first: date, last: date, group_id: int | None) -> dict | None:
    """Why the cluster's figures of this group and window are withheld from the user ({code, detail}), or None.

    Withheld from a member admin when fewer than MIN_OTHER_MEMBERS other members had a booking there (by the
    day it starts, as the member figures count it). Reads the roll-ups."""
    shown = money_member_ids(user)
    if shown is None:
        return None
    booked = _member_days(first, last, group_id).filter(Q(bookings__gt=0) | Q(no_shows__gt=0))
    others = booked.exclude(member_id__in=shown).values("member_id").distinct().count()
    if others >= MIN_OTHER_MEMBERS:
        return None
    detail = _(
        "Fewer than %(count)s other member companies booked in this group and period: the cluster's figures "
        "would reveal theirs, so they are not shown."
    ) % {"count": MIN_OTHER_MEMBERS}
    return {"code": "too_few_members", "detail": detail}


def _unless(withheld, value):
    return None if withheld else value


def hours(seconds: float) -> float:
    return round(seconds / 3600, 2)


def percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _week_of(moment: datetime, zone) -> date:
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def _week_starts(first: datetime, last: datetime, zone) -> tuple[list[datetime], list[date]]:
    """The instants at which the cluster's weeks containing [first, last] begin, and their Mondays."""
    monday = _week_of(first, zone)
    instants, mondays = [], []
    while not instants or instants[-1] <= last:
        instants.append(datetime.combine(monday, time(0), tzinfo=zone).astimezone(UTC))
        mondays.append(monday)
        monday += timedelta(days=7)
    return instants, mondays


@dataclass
class OpenTime:
    """Open seconds in the window, per cluster week and per local (weekday, hour)."""

    seconds: float
    weeks: Counter
    grid: Counter

    @classmethod
    def of(cls, intervals: list[Interval], asset_zone: ZoneInfo, cluster_zone) -> "OpenTime":
        weeks, grid = Counter(), Counter()
        if intervals:
            first, last = min(start for start, _end in intervals), max(end for _start, end in intervals)
            instants, mondays = _week_starts(first, last, cluster_zone)
            for start, end in intervals:
                week = bisect_right(instants, start) - 1
                cursor = start
                while cursor < end:
                    piece_end = min(instants[week + 1], end) if week + 1 < len(instants) else end
                    weeks[mondays[week]] += (piece_end - cursor).total_seconds()
                    cursor, week = piece_end, week + 1
                for weekday, hour, seconds in local_hours(start, end, asset_zone):
                    grid[(weekday, hour)] += seconds
        return cls(sum(weeks.values()), weeks, grid)

    def times(self, units: int) -> "OpenTime":
        """The open time of `units` units (a pooled asset's desks, each open as the asset is)."""
        if units == 1:
            return self
        scale = lambda counts: Counter({key: value * units for key, value in counts.items()})  # noqa: E731
        return OpenTime(self.seconds * units, scale(self.weeks), scale(self.grid))


@lru_cache(maxsize=512)
def _open_pattern(zone_name: str, windows: tuple, start: datetime, end: datetime, cluster_zone_name: str):
    """The open intervals and open time of a weekly pattern over a window. Assets of a cluster share a few
    patterns and people ask for the same periods, so this pure computation is kept between requests."""
    zone = ZoneInfo(zone_name)
    intervals = tuple(weekly_intervals(windows, zone, start, end))
    return intervals, OpenTime.of(list(intervals), zone, ZoneInfo(cluster_zone_name))


def _intersect(open_intervals: list[Interval], holes: list[Interval]) -> list[Interval]:
    return [
        (max(start, hole_start), min(end, hole_end))
        for hole_start, hole_end in merge(holes)
        for start, end in open_intervals
        if start < hole_end and hole_start < end
    ]


# --- Actual use ---------------------------------------------------------------------------------------------

USE_SUMS = {
    "due": Sum("due"),
    "checked_in": Sum("checked_in"),
    "released": Sum("released"),
    "no_shows_due": Sum("no_shows"),
    "due_seconds": Sum("due_seconds"),
    "used_seconds": Sum("used_seconds"),
}
NO_USE = dict.fromkeys(USE_SUMS, 0)


def _use_days(first: date, last: date, group_id: int | None) -> QuerySet:
    days = UseDay.objects.filter(day__gte=first, day__lte=last)
    return days if group_id is None else days.filter(asset__group_id=group_id)


def use_sums(days: QuerySet, by: str | None) -> dict:
    """The use roll-ups summed per `by` (member_id or asset_id; None: one total under the key None)."""
    if by is None:
        return {None: {key: value or 0 for key, value in days.aggregate(**USE_SUMS).items()}}
    return {row.pop(by): row for row in days.values(by).annotate(**USE_SUMS).order_by()}


def use_figure(sums: dict) -> dict:
    """Booked against used hours of the bookings that came due, and the share of them released or not shown up."""
    return {
        "due_bookings": sums["due"],
        "due_hours": hours(sums["due_seconds"]),
        "used_hours": hours(sums["used_seconds"]),
        "use_rate": percent(sums["used_seconds"], sums["due_seconds"]),
        "released": sums["released"],
        "release_rate": percent(sums["released"], sums["due"]),
        "no_show_rate": percent(sums["no_shows_due"], sums["due"]),
    }


def _withheld_use() -> dict:
    return dict.fromkeys(use_figure(NO_USE))


# --- Utilisation --------------------------------------------------------------------------------------------


def utilisation(*, user, first: date, last: date, group_id: int | None = None) -> dict:
    """Per asset: open hours (opening hours minus blackouts, out-of-service periods included, in the asset's
    zone; times its units for a pooled asset, so a full pool of desks is 100 %), booked hours (approved and
    completed, clipped to the window), utilisation, the same per week; booked against used hours of the bookings
    that came due and their release and no-show rates (`use_figure`); and the weekday × hour grid in local time.

    Booked hours and what derives from them are None (and not read) when withheld from the user."""
    as_of = rollups.as_of()
    withheld = withheld_reason(user, first=first, last=last, group_id=group_id)
    start, end = day_window(first, last)
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
    booked_days = AssetDay.objects.filter(asset_id__in=[asset.id for asset in assets], day__gte=first, day__lte=last)
    if withheld:
        booked_days = booked_days.none()
    booked_seconds: Counter = Counter()
    booked_weeks: dict[int, Counter] = defaultdict(Counter)
    per_week = booked_days.annotate(week=TruncWeek("day")).values_list("asset_id", "week")
    for asset_id, week, seconds in per_week.annotate(Sum("booked_seconds")).order_by():
        booked_seconds[asset_id] += seconds
        booked_weeks[asset_id][week] += seconds

    use = {} if withheld else use_sums(_use_days(first, last, group_id), "asset_id")

    grid_open = Counter()
    rows, total_open, total_booked = [], 0.0, 0.0
    for asset in assets:
        windows = tuple(sorted((h.weekday, h.opens, h.closes) for h in asset.opening_hours.all()))
        intervals, open_time = _open_pattern(asset.timezone, windows, start, end, cluster_zone.key)
        open_time = open_time.times(asset.capacity)  # a pooled asset: open hours of all its units
        seconds, weeks = open_time.seconds, Counter(open_time.weeks)
        grid_open.update(open_time.grid)
        blackouts = [(b.start, b.end) for b in asset.blackouts.all()]
        if blackouts:
            closed = OpenTime.of(_intersect(intervals, blackouts), asset.tz, cluster_zone).times(asset.capacity)
            seconds -= closed.seconds
            weeks.subtract(closed.weeks)
            grid_open.subtract(closed.grid)
        booked_total = booked_seconds[asset.id]
        total_open += seconds
        total_booked += booked_total
        rows.append(
            {
                "id": asset.id,
                "name": asset.name,
                "group": asset.group.name if asset.group else None,
                "timezone": asset.timezone,
                "open_hours": hours(seconds),
                "booked_hours": _unless(withheld, hours(booked_total)),
                "utilisation": _unless(withheld, percent(booked_total, seconds)),
                **(_withheld_use() if withheld else use_figure(use.get(asset.id, NO_USE))),
                "weeks": [
                    {
                        "week": week.isoformat(),
                        "open_hours": hours(weeks[week]),
                        "booked_hours": _unless(withheld, hours(booked_weeks[asset.id][week])),
                        "utilisation": _unless(withheld, percent(booked_weeks[asset.id][week], weeks[week])),
                    }
                    for week in sorted(set(weeks) | set(booked_weeks[asset.id]))
                ],
            }
        )

    grid_booked = Counter()
    by_weekday = booked_days.values("weekday").annotate(**{hour: Sum(hour) for hour in HOURS}).order_by()
    for cells in by_weekday:
        for index, hour in enumerate(HOURS):
            grid_booked[(cells["weekday"], index)] = cells[hour] or 0.0

    return {
        "assets": rows,
        "totals": {
            "open_hours": hours(total_open),
            "booked_hours": _unless(withheld, hours(total_booked)),
            "utilisation": _unless(withheld, percent(total_booked, total_open)),
        },
        "heatmap": [
            [
                {
                    "weekday": weekday,
                    "hour": hour,
                    "open_hours": hours(grid_open[(weekday, hour)]),
                    "booked_hours": _unless(withheld, hours(grid_booked[(weekday, hour)])),
                    "occupancy": _unless(withheld, percent(grid_booked[(weekday, hour)], grid_open[(weekday, hour)])),
                }
                for hour in range(24)
            ]
            for weekday in range(7)
        ],
        "withheld": withheld,
        "as_of": as_of,
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


SUMS = {
    "bookings": Sum("bookings"),
    "cancellations": Sum("cancellations"),
    "no_shows": Sum("no_shows"),
    "seconds": Sum("seconds"),
    "paid": Sum("paid_minor"),
    "paid_rated": Sum("paid_rated_minor"),
    "standalone": Sum("standalone_minor"),
}
COUNTS = ("seconds", "bookings", "cancellations", "no_shows")


def _empty_figure() -> dict:
    return {count: 0 for count in COUNTS} | {"spend": Counter(), "paid_rated": Counter(), "standalone": Counter()}


def _add(figure: dict, row: dict) -> None:
    """Add one summed roll-up row (of one currency) to a figure."""
    for count in COUNTS:
        figure[count] += row[count] or 0
    if row["currency"]:
        if row["paid"]:
            figure["spend"][row["currency"]] += row["paid"]
        figure["paid_rated"][row["currency"]] += row["paid_rated"] or 0
        if row["standalone"]:
            figure["standalone"][row["currency"]] += row["standalone"]


def _member_row(member: Member, figure: dict, fair_share: float, cluster: dict | None, use: dict) -> dict:
    standalone = {
        currency: int(Decimal(cost).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for currency, cost in figure["standalone"].items()
    }
    savings = {
        currency: standalone.get(currency, 0) - figure["paid_rated"][currency]
        for currency in set(standalone) | {currency for currency, paid in figure["paid_rated"].items() if paid}
    }
    usage = None if cluster is None else percent(figure["seconds"], cluster["seconds"]) or 0.0
    return {
        "id": member.id,
        "name": member.name,
        "hours": hours(figure["seconds"]),
        "bookings": figure["bookings"],
        "cancellations": figure["cancellations"],
        "no_shows": figure["no_shows"],
        "spend": _money_list(figure["spend"]),
        "usage_share": usage,
        "fair_share": fair_share,
        "fair_share_delta": None if usage is None else round(usage - fair_share, 1),
        "standalone_cost": _money_list(standalone),
        "savings": _money_list(savings),
        **use_figure(use),
    }


def _cluster_figure(days: QuerySet, every_member: Iterable[dict] | None) -> dict:
    """The cluster's totals: added up from every member's figure when the caller read them all (one pass over
    the roll-ups instead of two), else summed by the database without reading any member's own row."""
    cluster = _empty_figure()
    if every_member is None:
        for row in days.values("currency").annotate(**SUMS).order_by():
            _add(cluster, row)
        return cluster
    for figure in every_member:
        for count in COUNTS:
            cluster[count] += figure[count]
        for money_kind in ("spend", "paid_rated", "standalone"):
            cluster[money_kind].update(figure[money_kind])
    return cluster


def member_figures(*, user, first: date, last: date, group_id: int | None = None) -> dict:
    """Per member the user may see: hours, bookings, cancellations, no-shows, spend per currency, usage share
    against fair share (points over or under), and savings per currency against renting the same hours alone;
    and the cluster's totals, None (with usage shares) when withheld from the user.

    Booked against used hours and the release and no-show rates count the member's own bookings that came due
    (`use_figure`). Reservations count on the day they start. Hours of a priced booking go to its payers in
    proportion to their cost shares; an unpriced one counts for the booking member. Spend never adds currencies
    together. Only the shown members' figures are read; the totals are added up from them when every member was
    read, else summed by the database.
    """
    as_of = rollups.as_of()
    shown = money_member_ids(user)
    withheld = withheld_reason(user, first=first, last=last, group_id=group_id)
    everyone = list(Member.objects.filter(is_active=True))
    members = everyone if shown is None else [member for member in everyone if member.id in shown]
    days = _member_days(first, last, group_id).filter(member__is_active=True)
    figures = {member.id: _empty_figure() for member in members}
    own_days = days if shown is None else days.filter(member_id__in=shown)
    for row in own_days.values("member_id", "currency").annotate(**SUMS).order_by():
        _add(figures[row["member_id"]], row)
    cluster = None if withheld else _cluster_figure(days, figures.values() if shown is None else None)
    fair = fair_shares(members=everyone, first=first, last=last)
    use_days = _use_days(first, last, group_id)
    use = use_sums(use_days if shown is None else use_days.filter(member_id__in=shown), "member_id")
    return {
        "members": [
            _member_row(member, figures[member.id], fair[member.id], cluster, use.get(member.id, NO_USE))
            for member in members
        ],
        "totals": None
        if cluster is None
        else {
            "hours": hours(cluster["seconds"]),
            "bookings": cluster["bookings"],
            "cancellations": cluster["cancellations"],
            "no_shows": cluster["no_shows"],
            "spend": _money_list(cluster["spend"]),
            **use_figure(use_sums(use_days, None)[None]),
        },
        "withheld": withheld,
        "as_of": as_of,
    }
