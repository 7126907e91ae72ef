"""Insights of the day of use: booked against used hours of the bookings that came due (released, not shown up, or
checked in to), and release and no-show rates, per member and per asset, with the tenancy of the other figures."""

from datetime import date

import pytest

from bookings.models import Status
from insights import rollups
from tests.billing.helpers import past_reservation
from tests.conftest import as_user, local
from tests.factories import PriceRuleFactory, UserFactory
from tests.insights.test_api import MEMBERS, UTILISATION, by_name, weekday_asset

pytestmark = pytest.mark.django_db

WEEK = {"from": "2025-03-03", "to": "2025-03-09"}


def day(n: int) -> date:
    return date(2025, 3, n)


@pytest.fixture
def week_of_use(member, booker, other_member, other_booker):
    """Sala 1, week of 3 March 2025. Norte Films: Tuesday 10–14 checked in 10:30, out 13:30 (3 h used of 4);
    Wednesday 10–12 released; Thursday 10–12 not shown up; Friday 10–12 completed with no check-in (no recorded
    use: left out). Sur Producciones: Tuesday 15–17 checked in, billed for 15–16 (the used quote's period)."""
    asset = weekday_asset()
    PriceRuleFactory(asset=asset, vat_rate="0")

    def booking(who, by, n, start, end, status=Status.COMPLETED, **use):
        reservation = past_reservation(asset=asset, member=who, booked_by=by, start=local(day(n), start),
                                       end=local(day(n), end), status=status)  # fmt: skip
        for field, value in use.items():
            setattr(reservation, field, value)
        reservation.save()

    booking(member, booker, 4, 10, 14, checked_in_at=local(day(4), 10, 30), checked_out_at=local(day(4), 13, 30))
    booking(member, booker, 5, 10, 12, status=Status.RELEASED)
    booking(member, booker, 6, 10, 12, status=Status.NO_SHOW)
    booking(member, booker, 7, 10, 12)
    billed = {"start": local(day(4), 15).isoformat(), "end": local(day(4), 16).isoformat(), "total_minor": 0}
    booking(other_member, other_booker, 4, 15, 17, checked_in_at=local(day(4), 15), checked_out_at=local(day(4), 16),
            used_quote=billed)  # fmt: skip
    rollups.rebuild()
    return asset


USE = ("due_bookings", "due_hours", "used_hours", "use_rate", "released", "release_rate", "no_show_rate")


def use_of(row: dict) -> tuple:
    return tuple(row[key] for key in USE)


def test_members_booked_against_used_hours_and_their_release_and_no_show_rates(api, week_of_use):
    accountant = UserFactory(username="accountant", is_accountant=True)
    body = as_user(api, accountant).get(MEMBERS, WEEK).json()
    rows = by_name(body["members"])
    assert use_of(rows["Norte Films"]) == (3, 8.0, 3.0, 37.5, 1, 33.3, 33.3)
    assert use_of(rows["Sur Producciones"]) == (1, 2.0, 1.0, 50.0, 0, 0.0, 0.0)
    assert use_of(body["totals"]) == (4, 10.0, 4.0, 40.0, 1, 25.0, 25.0)


def test_assets_booked_against_used_hours_and_their_release_and_no_show_rates(api, week_of_use):
    accountant = UserFactory(username="accountant", is_accountant=True)
    [row] = as_user(api, accountant).get(UTILISATION, WEEK).json()["assets"]
    assert use_of(row) == (4, 10.0, 4.0, 40.0, 1, 25.0, 25.0)
    nothing_due = as_user(api, accountant).get(UTILISATION, {"from": "2025-03-10", "to": "2025-03-16"}).json()
    assert use_of(nothing_due["assets"][0]) == (0, 0.0, 0.0, None, 0, None, None)


def test_a_member_admin_sees_its_own_use_and_not_the_assets_when_too_few_others_booked(api, week_of_use, member_admin):
    members = as_user(api, member_admin).get(MEMBERS, WEEK).json()
    assert [row["name"] for row in members["members"]] == ["Norte Films"]
    assert use_of(members["members"][0]) == (3, 8.0, 3.0, 37.5, 1, 33.3, 33.3)
    assert members["totals"] is None
    [asset] = as_user(api, member_admin).get(UTILISATION, WEEK).json()["assets"]
    assert use_of(asset) == (None,) * len(USE)
