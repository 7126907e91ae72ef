"""Day-of-use races with real parallel connections (SQLite and PostgreSQL): two beats' release sweeps, a check-in
against the sweep, two check-ins at once. Each booking ends in one consistent state."""

from datetime import timedelta

import pytest
import time_machine

from bookings import services, tasks
from bookings.models import Reservation, Status
from sinergia.exceptions import Conflict, InvalidTransition
from tests.conftest import local
from tests.factories import AssetFactory, MemberFactory, MembershipFactory, PriceRuleFactory

from .test_concurrency import MONDAY, race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bookings_to_release():
    asset = AssetFactory(release_after_minutes=15)
    PriceRuleFactory(asset=asset)
    booker = MembershipFactory(member=MemberFactory())
    return [
        services.reservation_create(
            asset=asset,
            member=booker.member,
            by=booker.user,
            start=local(MONDAY, hour),
            end=local(MONDAY, hour, 30),
            title=f"{hour}",
        )  # fmt: skip
        for hour in (9, 10, 11)
    ]


def test_four_parallel_sweeps_release_each_booking_once(bookings_to_release):
    with time_machine.travel(local(MONDAY, 11, 20), tick=False):
        counts = race(4, lambda i: tasks.release_unused_reservations())
    assert all(isinstance(count, int) for count in counts) and sum(counts) == 3, counts
    for reservation in Reservation.objects.all():
        assert reservation.status == Status.RELEASED
        assert reservation.events.filter(action="released").count() == 1
        assert reservation.charge.kind == "released"


def test_a_check_in_racing_the_sweep_either_wins_or_is_refused(bookings_to_release):
    reservation = bookings_to_release[0]  # 09:00, released from 09:15
    booker = reservation.booked_by

    def job(i):
        if i == 0:
            return tasks.release_unused_reservations()
        return services.reservation_check_in(reservation=reservation, by=booker, now=local(MONDAY, 9, 15))

    with time_machine.travel(local(MONDAY, 9, 15), tick=False):
        swept, checked = race(2, job)
    reservation.refresh_from_db()
    if reservation.status == Status.RELEASED:
        assert swept == 1 and isinstance(checked, InvalidTransition) and reservation.checked_in_at is None
    else:
        assert swept == 0 and isinstance(checked, Reservation)
        assert (reservation.status, reservation.checked_in_at) == (Status.APPROVED, local(MONDAY, 9, 15))


def test_two_parallel_check_ins_record_one(bookings_to_release):
    reservation = bookings_to_release[1]
    booker = reservation.booked_by
    results = race(
        2, lambda i: services.reservation_check_in(reservation=reservation, by=booker, now=local(MONDAY, 10, i))
    )
    done = [r for r in results if isinstance(r, Reservation)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(done) == 1 and len(refused) == 1 and refused[0].code == "already_checked_in", results
    assert Reservation.objects.get(id=reservation.id).events.filter(action="checked_in").count() == 1
    assert timedelta(0) <= done[0].checked_in_at - local(MONDAY, 10) <= timedelta(minutes=1)
