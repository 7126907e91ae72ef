"""Recurring bookings: expansion in the asset's local time, per-occurrence checks, bulk decisions, races.

"Now" is pinned through the services' `now` argument and the assets get a long horizon,
so the 2027 daylight-saving dates keep working as the calendar moves.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.db.models import Q
from hypothesis import given, settings
from hypothesis import strategies as st
from schedule.models import Event, Rule

from bookings import series_services, services
from bookings.errors import SeriesConflict
from bookings.models import BLOCKING, Reservation, ReservationEvent, Series, Status
from bookings.series import expand, localize, parse_rrule, scheduler_rule
from bookings.signals import reservation_changed
from sinergia.exceptions import Forbidden, RuleViolation
from tests.bookings.test_concurrency import race
from tests.factories import AssetFactory, MemberFactory, MembershipFactory

NOW = datetime(2027, 1, 4, 9, tzinfo=UTC)
LONG = timedelta(days=3650)
MADRID = ZoneInfo("Europe/Madrid")
TORONTO = ZoneInfo("America/Toronto")


def at(year, month, day, hour, minute=0, tz=MADRID) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def occurrences(rule: str, start: datetime, end: datetime, tz=MADRID, horizon=NOW + LONG):
    return expand(parse_rrule(rule), start=start, end=end, tz=tz, horizon=horizon)


def wall_clock(pairs, tz=MADRID) -> list[tuple[str, str]]:
    return [(s.astimezone(tz).strftime("%Y-%m-%d %H:%M"), e.astimezone(tz).strftime("%H:%M")) for s, e in pairs]


def utc_offsets(pairs) -> list[float]:
    return [s.utcoffset().total_seconds() / 3600 for s, _e in pairs]


# --- expansion ------------------------------------------------------------------------------------


def test_weekly_series_stays_at_ten_local_across_the_october_change_in_madrid():
    pairs = occurrences("FREQ=WEEKLY;BYDAY=TU;COUNT=4", at(2027, 10, 19, 10), at(2027, 10, 19, 12))
    assert wall_clock(pairs) == [
        ("2027-10-19 10:00", "12:00"), ("2027-10-26 10:00", "12:00"),
        ("2027-11-02 10:00", "12:00"), ("2027-11-09 10:00", "12:00"),
    ]  # fmt: skip
    assert utc_offsets(pairs) == [2, 2, 1, 1]
    assert pairs[2][0].astimezone(UTC).hour == 9


def test_weekly_series_stays_at_ten_local_across_the_march_change_in_madrid():
    pairs = occurrences("FREQ=WEEKLY;BYDAY=TU;COUNT=3", at(2027, 3, 23, 10), at(2027, 3, 23, 12))
    assert wall_clock(pairs) == [
        ("2027-03-23 10:00", "12:00"),
        ("2027-03-30 10:00", "12:00"),
        ("2027-04-06 10:00", "12:00"),
    ]
    assert utc_offsets(pairs) == [1, 2, 2]


@pytest.mark.parametrize(
    "first_day,offsets",
    [((2027, 3, 12), [-5, -5, -4, -4, -4]), ((2027, 11, 5), [-4, -4, -5, -5, -5])],
    ids=["march-14", "november-7"],
)
def test_daily_series_keeps_wall_clock_across_both_toronto_changes(first_day, offsets):
    pairs = occurrences("FREQ=DAILY;COUNT=5", at(*first_day, 9, tz=TORONTO), at(*first_day, 17, tz=TORONTO), TORONTO)
    assert {(start[11:], end) for start, end in wall_clock(pairs, TORONTO)} == {("09:00", "17:00")}
    assert utc_offsets(pairs) == offsets


def test_a_local_time_in_the_spring_gap_moves_forward_and_an_ambiguous_one_takes_the_first():
    spring = occurrences("FREQ=DAILY;COUNT=3", at(2027, 3, 27, 2, 30), at(2027, 3, 27, 4))
    assert [s.isoformat() for s, _e in spring] == [
        "2027-03-27T02:30:00+01:00", "2027-03-28T03:30:00+02:00", "2027-03-29T02:30:00+02:00",
    ]  # fmt: skip
    autumn = occurrences("FREQ=DAILY;COUNT=2", at(2027, 10, 30, 2, 30), at(2027, 10, 30, 4))
    assert [s.isoformat() for s, _e in autumn] == ["2027-10-30T02:30:00+02:00", "2027-10-31T02:30:00+02:00"]


def test_monthly_first_monday():
    pairs = occurrences("FREQ=MONTHLY;BYDAY=1MO;COUNT=4", at(2027, 10, 4, 8), at(2027, 10, 4, 14))
    assert [s.date().isoformat() for s, _e in pairs] == ["2027-10-04", "2027-11-01", "2027-12-06", "2028-01-03"]
    assert wall_clock(pairs)[1] == ("2027-11-01 08:00", "14:00")


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271109T100000",  # local time, inclusive
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271109T090000Z",  # the same instant in UTC
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271109",  # a date: up to the end of that local day
        "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20271110T000000",
    ],
)
def test_until_and_count_bound_the_series_alike(rule):
    pairs = occurrences(rule, at(2027, 10, 19, 10), at(2027, 10, 19, 12))
    assert wall_clock(pairs)[-1] == ("2027-11-09 10:00", "12:00")
    assert len(pairs) == 4


def test_an_unbounded_rule_stops_at_the_horizon():
    pairs = occurrences("FREQ=WEEKLY;BYDAY=TU", at(2027, 1, 5, 10), at(2027, 1, 5, 12), horizon=at(2027, 2, 2, 10))
    assert len(pairs) == 5


@pytest.mark.parametrize(
    "rule,code",
    [
        ("FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231", "no_occurrences"),
        ("FREQ=DAILY", "too_many_occurrences"),  # unbounded, with a ten-year horizon
        ("FREQ=DAILY;UNTIL=20290101", "too_many_occurrences"),
    ],
)
def test_rules_yielding_none_or_too_many_are_refused(rule, code):
    with pytest.raises(RuleViolation) as error:
        occurrences(rule, at(2027, 1, 5, 10), at(2027, 1, 5, 12))
    assert (error.value.code, error.value.field) == (code, "rrule")


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=HOURLY;COUNT=3",
        "BYDAY=TU;COUNT=3",
        "FREQ=WEEKLY;COUNT=0",
        "FREQ=WEEKLY;COUNT=367",
        "FREQ=WEEKLY;COUNT=2;UNTIL=20270101",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;BYHOUR=10",
        "FREQ=WEEKLY;UNTIL=tomorrow",
        "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=MONTHLY;BYDAY=6MO",
        "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2",
        "FREQ=MONTHLY;BYDAY=1MO,3WE",  # django-scheduler's Rule holds one numbered weekday, no more
        "FREQ=MONTHLY;BYDAY=2MO;BYSETPOS=1",
        "FREQ=WEEKLY;INTERVAL=x",
        "weekly please",
    ],
)
def test_malformed_or_impossible_rules_are_a_field_error(rule):
    with pytest.raises(RuleViolation) as error:
        parse_rrule(rule)
    assert error.value.field == "rrule"


def _plain_dateutil(rule: str, start: datetime, end: datetime, until: datetime) -> list[tuple[str, str]]:
    """The same occurrences straight from dateutil on the real years (only for rules that match often)."""
    local_start = start.replace(tzinfo=None)
    pairs = []
    for naive in rrulestr(parse_rrule(rule).without_until, dtstart=local_start):
        occurrence = localize(naive, MADRID)
        if occurrence > until or len(pairs) == 400:
            break
        pairs.append((occurrence, localize(naive + (end - start), MADRID)))
    return wall_clock(pairs)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    frequency=st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    interval=st.integers(1, 3),
    weekdays=st.sets(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), min_size=1, max_size=7),
    position=st.sampled_from(["", "1", "-1", "2"]),
    count=st.integers(1, 40),
    first=st.dates(date(2027, 1, 1), date(2032, 12, 31)),
)
def test_expanding_on_twin_years_gives_the_occurrences_dateutil_gives_on_the_real_ones(
    frequency, interval, weekdays, position, count, first
):
    """The expansion runs dateutil on years near 9999 with the same calendar (see series._twin_offset)."""
    byday = ",".join(sorted(weekdays))
    setpos = f";BYSETPOS={position}" if position and frequency in ("MONTHLY", "YEARLY") else ""
    rule = f"FREQ={frequency};INTERVAL={interval};BYDAY={byday}{setpos};COUNT={count}"
    start, end = at(first.year, first.month, first.day, 10), at(first.year, first.month, first.day, 12)
    horizon = start + timedelta(days=3 * 366)
    try:
        ours = wall_clock(occurrences(rule, start, end, horizon=horizon))
    except RuleViolation as error:
        assert error.code in ("beyond_horizon", "no_occurrences"), error.code
        return
    assert ours == _plain_dateutil(rule, start, end, horizon + timedelta(days=366))[:count]


def test_a_29_february_rule_lands_on_the_real_leap_days():
    pairs = occurrences("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=2", at(2027, 3, 1, 10), at(2027, 3, 1, 11))
    assert [s.date().isoformat() for s, _e in pairs] == ["2028-02-29", "2032-02-29"]


def test_the_stored_django_scheduler_rule_holds_a_first_monday():
    assert scheduler_rule(parse_rrule("FREQ=MONTHLY;BYDAY=1MO;COUNT=4")) == (
        "MONTHLY",
        "byweekday:MO;bysetpos:1;count:4",
    )
    assert scheduler_rule(parse_rrule("FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=2")) == ("WEEKLY", "byweekday:TU,TH;interval:2")


# --- creation -------------------------------------------------------------------------------------


@pytest.fixture
def asset():
    return AssetFactory(name="Plató A", max_horizon=LONG)


@pytest.fixture
def booking(member, booker):
    return {"member": member, "by": booker, "title": "Rodaje", "now": NOW}


def create(asset, booking, rule, start, end, **kwargs):
    return series_services.series_create(asset=asset, rrule=rule, start=start, end=end, **{**booking, **kwargs})


@pytest.mark.django_db
def test_a_series_creates_one_linked_reservation_per_occurrence_with_its_audit_event(asset, booking):
    sent = []

    def receiver(sender, reservation, event, **kwargs):
        sent.append((reservation.id, event.action))

    reservation_changed.connect(receiver)
    try:
        series, report = create(
            asset, booking, "FREQ=WEEKLY;BYDAY=TU;COUNT=4", at(2027, 10, 19, 10), at(2027, 10, 19, 12)
        )
    finally:
        reservation_changed.disconnect(receiver)
    rows = list(series.occurrences.order_by("start"))
    assert [(r.start, r.end, r.status) for r in rows] == [
        (at(2027, 10, 19, 10), at(2027, 10, 19, 12), Status.APPROVED),
        (at(2027, 10, 26, 10), at(2027, 10, 26, 12), Status.APPROVED),
        (at(2027, 11, 2, 10), at(2027, 11, 2, 12), Status.APPROVED),
        (at(2027, 11, 9, 10), at(2027, 11, 9, 12), Status.APPROVED),
    ]
    assert [row["reservation"] for row in report] == [r.id for r in rows]
    assert all(row["ok"] and row["status"] == "approved" for row in report)
    assert report[2]["start"] == "2027-11-02T10:00:00+01:00"
    assert sorted(sent) == [(r.id, "created") for r in rows]
    assert ReservationEvent.objects.filter(reservation__series=series, action="created").count() == 4


@pytest.mark.django_db
def test_the_stored_django_scheduler_event_expands_like_the_series_with_named_zone_bounds(asset, booking):
    rule = "FREQ=MONTHLY;BYDAY=1MO;UNTIL=20280301"
    series, _report = create(asset, booking, rule, at(2027, 10, 4, 10), at(2027, 10, 4, 12))
    event = Event.objects.get(id=series.event_id)
    stored = [(o.start, o.end) for o in event.get_occurrences(at(2027, 10, 1, 0), at(2028, 4, 1, 0))]
    assert stored == [(r.start, r.end) for r in series.occurrences.order_by("start")]
    assert len(stored) == 5
    assert event.calendar.slug == f"asset-{asset.id}"


@pytest.mark.django_db
def test_a_series_shows_the_rule_and_title_that_django_scheduler_holds(asset, booking):
    series, _report = create(asset, booking, "FREQ=MONTHLY;BYDAY=1MO;UNTIL=20280301", at(2027, 10, 4, 10),
                             at(2027, 10, 4, 12))  # fmt: skip
    shown = Series.objects.select_related("event__rule").get(id=series.id)
    assert (shown.rrule, shown.title) == ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1;UNTIL=20280301T225959Z", "Rodaje")
    Rule.objects.filter(id=shown.event.rule_id).update(params="byweekday:MO;bysetpos:1;count:2")
    Event.objects.filter(id=shown.event_id).update(end_recurring_period=None, title="Rodaje mensual")
    shown = Series.objects.select_related("event__rule").get(id=series.id)
    assert (shown.rrule, shown.title) == ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1;COUNT=2", "Rodaje mensual")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rule,first",
    [
        ("FREQ=WEEKLY;BYDAY=TU;COUNT=4", (2027, 10, 19)),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20271231T100000", (2027, 10, 19)),
        ("FREQ=MONTHLY;BYDAY=1MO;UNTIL=20280301", (2027, 10, 4)),
        ("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", (2027, 10, 31)),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=2", (2027, 3, 28)),  # the spring-forward Sundays
        ("FREQ=DAILY;BYDAY=MO,WE;BYSETPOS=1;WKST=MO;UNTIL=20271110", (2027, 10, 25)),
    ],
)
def test_the_rule_a_series_shows_expands_to_its_occurrences(asset, booking, rule, first):
    start, end = at(*first, 10), at(*first, 12)
    series, _report = create(asset, booking, rule, start, end)
    shown = Series.objects.select_related("event__rule").get(id=series.id).rrule
    booked = [(r.start, r.end) for r in series.occurrences.order_by("start")]
    assert occurrences(shown, start, end) == booked, shown


@pytest.fixture
def approving_manager(asset):
    """Make `asset` need approval; its manager."""
    asset.requires_approval = True
    asset.save()
    manager = MembershipFactory().user
    asset.managers.add(manager)
    return manager


@pytest.mark.django_db
def test_a_series_on_an_approval_asset_is_pending_and_approved_in_one_call_or_per_occurrence(
    asset, booking, approving_manager
):
    manager = approving_manager
    series, report = create(asset, booking, "FREQ=WEEKLY;BYDAY=TU;COUNT=3", at(2027, 10, 19, 10), at(2027, 10, 19, 12))
    assert {row["status"] for row in report} == {"pending"}
    first = series.occurrences.order_by("start").first()
    services.reservation_approve(reservation=first, by=manager, now=NOW)

    with pytest.raises(Forbidden):
        series_services.series_approve(series=series, by=booking["by"], now=NOW)
    series_services.series_approve(series=series, by=manager, now=NOW)

    assert set(series.occurrences.values_list("status", flat=True)) == {Status.APPROVED}
    assert ReservationEvent.objects.filter(reservation__series=series, action="approved").count() == 3


@pytest.mark.django_db
def test_rejecting_a_series_rejects_its_pending_occurrences_and_needs_a_reason(asset, booking, approving_manager):
    manager = approving_manager
    series, _report = create(asset, booking, "FREQ=DAILY;COUNT=3", at(2027, 10, 19, 10), at(2027, 10, 19, 12))
    with pytest.raises(RuleViolation):
        series_services.series_reject(series=series, by=manager, reason=" ")
    series_services.series_reject(series=series, by=manager, reason="Stage under repair")
    assert set(series.occurrences.values_list("status", flat=True)) == {Status.REJECTED}


@pytest.mark.django_db
def test_reject_refuses_the_whole_series_with_a_per_occurrence_report(asset, booking, other_member, other_booker):
    services.reservation_create(
        asset=asset, member=other_member, by=other_booker, start=at(2027, 11, 2, 11), end=at(2027, 11, 2, 13),
        title="Otro", now=NOW,
    )  # fmt: skip
    with pytest.raises(SeriesConflict) as error:
        create(asset, booking, "FREQ=WEEKLY;BYDAY=TU;COUNT=4", at(2027, 10, 19, 10), at(2027, 10, 19, 12))
    report = error.value.extra["occurrences"]
    assert [row["ok"] for row in report] == [True, True, False, True]
    assert [p["code"] for p in report[2]["problems"]] == ["conflict"]
    assert report[2]["alternatives"], "a conflicting occurrence offers alternatives"
    assert report[2]["reservation"] is None
    assert Reservation.objects.count() == 1
    assert not Series.objects.exists() and not Event.objects.exists()


@pytest.mark.django_db
def test_skip_creates_the_free_occurrences_and_lists_the_others_with_their_reasons(asset, booking, other_member):
    services.blackout_create(
        asset=asset, by=MembershipFactory(user__is_staff=True).user, start=at(2027, 10, 26, 0), end=at(2027, 10, 27, 0)
    )
    series, report = create(
        asset, booking, "FREQ=WEEKLY;BYDAY=TU;COUNT=4", at(2027, 10, 19, 18), at(2027, 10, 19, 21), on_conflict="skip"
    )
    assert [row["ok"] for row in report] == [True, False, True, True]
    assert series.occurrences.count() == 3
    assert [row["start"] for row in series.skipped] == ["2027-10-26T18:00:00+02:00"]


@pytest.mark.django_db
def test_a_series_with_nothing_bookable_is_refused_even_with_skip(asset, booking):
    with pytest.raises(SeriesConflict) as error:
        create(
            asset,
            booking,
            "FREQ=WEEKLY;BYDAY=TU;COUNT=2",
            at(2027, 10, 19, 21),
            at(2027, 10, 19, 23),
            on_conflict="skip",
        )
    report = error.value.extra["occurrences"]
    assert [[p["code"] for p in row["problems"]] for row in report] == [["outside_opening_hours"]] * 2
    assert not Series.objects.exists()


@pytest.mark.django_db
def test_occurrences_that_would_overlap_each_other_are_checked_against_the_series_itself(asset, booking):
    asset.cleanup_buffer = timedelta(hours=15)
    asset.save()
    series, report = create(
        asset, booking, "FREQ=DAILY;COUNT=4", at(2027, 10, 19, 10), at(2027, 10, 19, 20), on_conflict="skip"
    )
    assert [row["ok"] for row in report] == [True, False, True, False]
    assert report[1]["problems"][0]["code"] == "overlaps_series"
    assert series.occurrences.count() == 2


@pytest.mark.django_db
def test_each_occurrence_is_checked_against_the_asset_rules(asset, booking):
    asset.max_horizon = timedelta(days=300)  # from NOW: until 2027-11-01
    asset.save()
    with pytest.raises(SeriesConflict) as error:
        create(asset, booking, "FREQ=WEEKLY;BYDAY=TU;COUNT=3", at(2027, 10, 19, 10), at(2027, 10, 19, 12))
    assert [[p["code"] for p in row["problems"]] for row in error.value.extra["occurrences"]] == [
        [], [], ["beyond_horizon"],
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_dry_run_reports_and_creates_nothing(asset, booking):
    series, report = create(
        asset, booking, "FREQ=WEEKLY;BYDAY=TU;COUNT=3", at(2027, 10, 19, 10), at(2027, 10, 19, 12), dry_run=True
    )
    assert series is None
    assert [row["ok"] for row in report] == [True, True, True]
    assert not Reservation.objects.exists() and not Event.objects.exists()


@pytest.mark.django_db
def test_cancelling_this_and_following_leaves_earlier_occurrences_booked(asset, booking):
    series, _report = create(asset, booking, "FREQ=WEEKLY;BYDAY=TU;COUNT=5", at(2027, 10, 19, 10), at(2027, 10, 19, 12))
    series_services.series_cancel(series=series, by=booking["by"], since=at(2027, 11, 2, 10), reason="Wrapped", now=NOW)
    assert list(series.occurrences.order_by("start").values_list("status", flat=True)) == [
        Status.APPROVED, Status.APPROVED, Status.CANCELLED, Status.CANCELLED, Status.CANCELLED,
    ]  # fmt: skip
    assert ReservationEvent.objects.filter(action="cancelled", reason="Wrapped").count() == 3


@pytest.mark.django_db
def test_another_members_user_cannot_cancel_a_series(asset, booking, other_booker):
    series, _report = create(asset, booking, "FREQ=WEEKLY;BYDAY=TU;COUNT=2", at(2027, 10, 19, 10), at(2027, 10, 19, 12))
    with pytest.raises(Forbidden):
        series_services.series_cancel(series=series, by=other_booker, since=at(2027, 10, 1, 0), now=NOW)
    assert set(series.occurrences.values_list("status", flat=True)) == {Status.APPROVED}


@pytest.mark.django_db
def test_a_52_week_series_takes_a_bounded_number_of_queries(asset, booking, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        series, report = create(
            asset, booking, "FREQ=WEEKLY;BYDAY=TU;COUNT=52", at(2027, 1, 12, 10), at(2027, 1, 12, 12)
        )
    assert series.occurrences.count() == 52 and all(row["ok"] for row in report)


# --- races (PostgreSQL) ---------------------------------------------------------------------------


def _blocking_overlaps(asset) -> int:
    rows = list(Reservation.objects.filter(asset=asset, status__in=BLOCKING))
    return sum(
        1
        for a in rows
        for b in rows
        if a.id < b.id and a.blocked_start < b.blocked_end and b.blocked_start < a.blocked_end
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("on_conflict", ["reject", "skip"])
def test_two_parallel_series_overlapping_on_one_occurrence_never_both_hold_it(on_conflict):
    asset = AssetFactory(max_horizon=LONG)
    bookers = [MembershipFactory(member=MemberFactory()) for _ in range(2)]
    starts = [at(2027, 10, 19, 10), at(2027, 11, 9, 11)]  # weekly Tuesdays, and weekly from the 4th Tuesday

    def post(i):
        return series_services.series_create(
            asset=asset, member=bookers[i].member, by=bookers[i].user, start=starts[i],
            end=starts[i] + timedelta(hours=2), rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=4", title=f"#{i}",
            on_conflict=on_conflict, now=NOW,
        )  # fmt: skip

    results = race(2, post)
    assert _blocking_overlaps(asset) == 0
    held = Reservation.objects.filter(asset=asset, start__lt=at(2027, 11, 9, 13), end__gt=at(2027, 11, 9, 10))
    assert held.count() == 1
    winners = [r for r in results if isinstance(r, tuple)]
    if on_conflict == "reject":
        assert len(winners) == 1 and sum(isinstance(r, SeriesConflict) for r in results) == 1
        assert Reservation.objects.count() == 4
    else:
        assert len(winners) == 2
        skipped = [row for _series, report in winners for row in report if not row["ok"]]
        assert len(skipped) == 1 and skipped[0]["problems"][0]["code"] == "conflict"
        assert Reservation.objects.filter(~Q(status__in=BLOCKING)).count() == 0
        assert Reservation.objects.count() == 7
