"""Each booking rule, through the service, and that a refused request writes nothing."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bookings import services
from bookings.models import Reservation, ReservationEvent
from bookings.rules import blocked_period, booking_problems
from sinergia.exceptions import RuleViolation
from tests.conftest import future_day, local
from tests.factories import AssetFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


def book(asset, member, user, start, end, **kwargs):
    return services.reservation_create(
        asset=asset, member=member, by=user, start=start, end=end, title="Shoot", **kwargs
    )


def refused_code(asset, member, user, start, end, **kwargs) -> str:
    before = (Reservation.objects.count(), ReservationEvent.objects.count())
    with pytest.raises(RuleViolation) as refused:
        book(asset, member, user, start, end, **kwargs)
    assert (Reservation.objects.count(), ReservationEvent.objects.count()) == before
    return refused.value.code


def test_a_valid_booking_is_approved_on_an_asset_without_approval(asset, member, booker):
    reservation = book(asset, member, booker, local(MONDAY, 10), local(MONDAY, 12))
    assert reservation.status == "approved"
    assert reservation.events.get().action == "created"


def test_end_must_be_after_start(asset, member, booker):
    assert refused_code(asset, member, booker, local(MONDAY, 12), local(MONDAY, 10)) == "end_before_start"
    assert refused_code(asset, member, booker, local(MONDAY, 12), local(MONDAY, 12)) == "end_before_start"


def test_times_must_fall_on_the_slot_grid(asset, member, booker):
    assert refused_code(asset, member, booker, local(MONDAY, 10, 15), local(MONDAY, 12)) == "granularity"


def test_minimum_and_maximum_duration(member, booker):
    asset = AssetFactory(min_duration=timedelta(hours=1), max_duration=timedelta(hours=4))
    assert refused_code(asset, member, booker, local(MONDAY, 10), local(MONDAY, 10, 30)) == "too_short"
    assert refused_code(asset, member, booker, local(MONDAY, 10), local(MONDAY, 15)) == "too_long"
    assert book(asset, member, booker, local(MONDAY, 10), local(MONDAY, 14)).status == "approved"


def test_booking_must_lie_inside_opening_hours(asset, member, booker):
    assert refused_code(asset, member, booker, local(MONDAY, 7), local(MONDAY, 9)) == "outside_opening_hours"
    assert refused_code(asset, member, booker, local(MONDAY, 21), local(MONDAY, 23)) == "outside_opening_hours"
    assert book(asset, member, booker, local(MONDAY, 8), local(MONDAY, 20)).status == "approved"
    assert book(asset, member, booker, local(MONDAY, 20), local(MONDAY, 22)).status == "approved"


def test_minimum_notice_and_past(member, booker):
    asset = AssetFactory(min_notice=timedelta(hours=24), hours=(time(0), time(0)))
    now = local(MONDAY, 10)
    with pytest.raises(RuleViolation) as past:
        book(asset, member, booker, local(MONDAY, 8), local(MONDAY, 9), now=now)
    assert past.value.code == "in_the_past"
    with pytest.raises(RuleViolation) as soon:
        book(asset, member, booker, local(MONDAY, 20), local(MONDAY, 21), now=now)
    assert soon.value.code == "too_soon"
    assert book(
        asset, member, booker, local(MONDAY + timedelta(days=1), 10), local(MONDAY + timedelta(days=1), 11), now=now
    )


def test_maximum_horizon(member, booker):
    asset = AssetFactory(max_horizon=timedelta(days=30))
    far = future_day(0, weeks_ahead=6)
    assert refused_code(asset, member, booker, local(far, 10), local(far, 11)) == "beyond_horizon"


def test_inactive_asset_cannot_be_booked(member, booker):
    asset = AssetFactory(is_active=False)
    assert refused_code(asset, member, booker, local(MONDAY, 10), local(MONDAY, 11)) == "asset_inactive"


def test_user_must_book_for_one_of_their_own_members(asset, booker):
    stranger_member = MemberFactory()
    assert refused_code(asset, stranger_member, booker, local(MONDAY, 10), local(MONDAY, 11)) == "not_a_booker"


def test_user_without_membership_cannot_book(asset, member):
    assert refused_code(asset, member, UserFactory(), local(MONDAY, 10), local(MONDAY, 11)) == "not_a_booker"


def test_the_error_lists_every_broken_rule(member, booker):
    asset = AssetFactory(max_duration=timedelta(hours=2))
    with pytest.raises(RuleViolation) as refused:
        book(asset, member, booker, local(MONDAY, 5, 10), local(MONDAY, 23))
    codes = [problem["code"] for problem in refused.value.extra["problems"]]
    assert codes == ["granularity", "too_long", "outside_opening_hours"]


def test_opening_hours_are_read_in_the_assets_own_time_zone(member, booker):
    lima = AssetFactory(timezone="America/Lima", hours=(time(8), time(18)))
    madrid = AssetFactory(timezone="Europe/Madrid", hours=(time(8), time(18)))
    # 09:00 in Lima is 15:00 in Madrid (winter) or 16:00 (summer): open in both.
    # 17:00–19:00 Madrid is 11:00–13:00 Lima: open in Lima, closed in Madrid.
    start, end = local(MONDAY, 17, zone="Europe/Madrid"), local(MONDAY, 19, zone="Europe/Madrid")
    assert book(lima, member, booker, start, end).status == "approved"
    assert refused_code(madrid, member, booker, start, end) == "outside_opening_hours"


def test_whole_day_bookings_span_midnight_on_an_asset_open_all_day(member, booker):
    cellar = AssetFactory(timezone="America/Lima", hours=(time(0), time(0)), max_duration=timedelta(days=7))
    start = local(MONDAY, 0, zone="America/Lima")
    reservation = book(cellar, member, booker, start, start + timedelta(days=3))
    assert reservation.end - reservation.start == timedelta(days=3)


def test_granularity_follows_local_time_on_a_daylight_saving_day(member, booker):
    asset = AssetFactory(slot_minutes=60, hours=(time(0), time(0)), max_horizon=timedelta(days=3 * 365))
    # 2027-10-31: Madrid goes from UTC+2 to UTC+1 at 03:00 local.
    now = local(MONDAY, 0).replace(year=2027, month=10, day=1)
    start = local(MONDAY, 10).replace(year=2027, month=10, day=31)
    reservation = book(asset, member, booker, start, start + timedelta(hours=2), now=now)
    assert reservation.start.astimezone(asset.tz).utcoffset() == timedelta(hours=1)
    assert reservation.start == start


def test_buffers_are_added_in_real_time_across_a_daylight_saving_change(member, booker):
    """Found by the scheduling state machine: a booking ending at 02:30 on the morning Madrid skips from 02:00
    to 03:00 got its cleanup added on the wall clock (03:00 local, 01:00 UTC), before its own end."""
    asset = AssetFactory(
        cleanup_buffer=timedelta(minutes=30), hours=(time(0), time(0)), max_horizon=timedelta(days=3 * 365)
    )
    madrid = ZoneInfo("Europe/Madrid")
    start, end = datetime(2027, 3, 27, 22, 30, tzinfo=madrid), datetime(2027, 3, 28, 2, 30, tzinfo=madrid)
    reservation = book(asset, member, booker, start, end, now=datetime(2027, 3, 1, tzinfo=UTC))
    assert reservation.blocked_end - reservation.end == timedelta(minutes=30)
    assert reservation.blocked_end == datetime(2027, 3, 28, 2, 0, tzinfo=UTC)


def test_buffers_and_durations_count_real_time_whatever_zone_the_times_come_in():
    """Series and alternatives hand the rules local times. On the night Madrid skips 02:00–03:00, 00:30–03:30
    local lasts two hours, and a 90-minute setup before 03:30 starts at 01:00 local, not 02:00."""
    asset = AssetFactory(setup_buffer=timedelta(minutes=90), cleanup_buffer=timedelta(minutes=90),
                         max_duration=timedelta(hours=2, minutes=30))  # fmt: skip
    madrid = ZoneInfo("Europe/Madrid")
    at = lambda hour, minute: datetime(2027, 3, 28, hour, minute, tzinfo=madrid)  # noqa: E731
    assert blocked_period(asset, at(3, 30), at(4, 30)) == (datetime(2027, 3, 28, 0, 0, tzinfo=UTC),
                                                           datetime(2027, 3, 28, 4, 0, tzinfo=UTC))  # fmt: skip
    codes = [problem.code for problem in booking_problems(asset=asset, start=at(0, 30), end=at(3, 30), now=at(0, 0))]
    assert "too_long" not in codes
