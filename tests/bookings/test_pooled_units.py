"""Pooled assets (desks, lockers): N interchangeable units, each booking taking one (bookings/units.py)."""

import pytest
import time_machine
from django.db import IntegrityError, transaction

from assets import services as asset_services
from assets.models import Blackout
from bookings import selectors, services
from bookings.errors import BookingConflict
from bookings.models import Reservation, Status
from sinergia import triggers
from sinergia.exceptions import Conflict
from tests.bookings.test_concurrency import race
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, MemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


def at(hour, minute=0):
    return local(MONDAY, hour, minute)


@pytest.fixture
def desks(manager):
    asset = AssetFactory(name="Desks", kind="desk", capacity=3)
    asset.managers.add(manager)
    return asset


def book(asset, member, user, start=10, end=12, **kwargs):
    return services.reservation_create(
        asset=asset, member=member, by=user, start=at(start), end=at(end), title="desk", **kwargs
    )


def test_each_booking_takes_the_lowest_free_unit_and_a_fourth_gets_409_with_alternatives(desks, member, booker):
    taken = [book(desks, member, booker).unit for _ in range(3)]
    assert taken == [1, 2, 3]
    with pytest.raises(BookingConflict) as refused:
        book(desks, member, booker)
    assert refused.value.code == "conflict"
    assert len(refused.value.extra["conflicts"]) == 3
    alternatives = refused.value.extra["alternatives"]
    assert alternatives and all(offer["start"] != at(10) for offer in alternatives)
    assert (alternatives[0]["start"], alternatives[0]["end"]) in {(at(8), at(10)), (at(12), at(14))}
    # A booking touching the others, or in another period, takes unit 1 again.
    assert book(desks, member, booker, 12, 13).unit == 1
    assert Reservation.objects.count() == 4


def test_a_freed_unit_is_taken_again_and_conflicts_only_when_none_is_free(desks, member, booker):
    first, second, _third = (book(desks, member, booker) for _ in range(3))
    services.reservation_cancel(reservation=second, by=booker)
    assert selectors.conflicts_for(desks, at(10), at(12)) == []
    assert book(desks, member, booker, 11, 13).unit == 2
    assert len(selectors.conflicts_for(desks, at(11), at(12))) == 3
    assert first.unit == 1


def test_a_single_asset_keeps_unit_one(asset, member, booker):
    reservation = book(asset, member, booker)
    assert reservation.unit == 1
    with pytest.raises(BookingConflict):
        book(asset, member, booker, 11, 13)


def test_approval_re_picks_a_unit_when_its_own_is_taken(desks, member, booker, manager):
    desks.requires_approval = True
    desks.capacity = 1
    desks.save()
    request = book(desks, member, booker)
    rival = book(desks, member, booker, compete=True)
    assert (request.unit, rival.unit, rival.status) == (1, 1, Status.PENDING)
    desks.capacity = 3
    desks.save()
    services.reservation_approve(reservation=request, by=manager)
    approved = services.reservation_approve(reservation=rival, by=manager)
    request.refresh_from_db()
    # Its unit shared with a pending rival, the approved request took free unit 2; the rival keeps unit 1,
    # and is approved too, not auto-rejected.
    assert (request.status, request.unit) == (Status.APPROVED, 2)
    assert (approved.status, approved.unit) == (Status.APPROVED, 1)


def test_a_move_keeps_its_unit_while_free_and_changes_it_otherwise(desks, member, booker):
    early = book(desks, member, booker, 8, 10)
    late = book(desks, member, booker, 12, 14)
    assert (early.unit, late.unit) == (1, 1)
    moved = services.reservation_update(reservation=late, by=booker, start=at(13), end=at(15))
    assert moved.unit == 1
    book(desks, member, booker, 8, 10)  # unit 2
    moved = services.reservation_update(reservation=moved, by=booker, start=at(9), end=at(11))
    assert moved.unit == 3
    assert moved.events.last().changes["unit"] == [1, 3]


def test_a_move_into_a_full_period_is_refused(desks, member, booker):
    for _ in range(3):
        book(desks, member, booker)
    later = book(desks, member, booker, 14, 15)
    with pytest.raises(BookingConflict):
        services.reservation_update(reservation=later, by=booker, start=at(11), end=at(12))


def test_a_booking_in_use_is_extended_on_its_unit_or_another_free_one(desks, member, booker):
    using = book(desks, member, booker)
    book(desks, member, booker, 12, 13)  # unit 1 is taken after it
    book(desks, member, booker, 12, 13)  # and unit 2
    with time_machine.travel(at(10), tick=False):
        services.reservation_check_in(reservation=using, by=booker)
    with time_machine.travel(at(11), tick=False):
        extended = services.reservation_extend(reservation=using, by=booker, end=at(13))
    assert (extended.end, extended.unit) == (at(13), 3)
    assert extended.events.get(action="extended").changes["unit"] == [1, 3]
    book(desks, member, booker, 13, 14)
    book(desks, member, booker, 13, 14)
    book(desks, member, booker, 13, 14)
    with time_machine.travel(at(12), tick=False), pytest.raises(BookingConflict):
        services.reservation_extend(reservation=extended, by=booker, end=at(14))


def test_lowering_the_capacity_fits_bookings_into_free_lower_units_or_is_refused(desks, member, booker, manager):
    first = book(desks, member, booker, 8, 9)
    second = book(desks, member, booker, 8, 9)
    third = book(desks, member, booker, 8, 9)
    later = book(desks, member, booker, 10, 11)
    services.reservation_cancel(reservation=first, by=booker)
    assert asset_services.asset_update(asset=desks, by=manager, changes={"capacity": 2}).capacity == 2
    third.refresh_from_db()
    assert (third.unit, second.unit, later.unit) == (1, 2, 1)
    with pytest.raises(Conflict) as refused:
        asset_services.asset_update(asset=desks, by=manager, changes={"capacity": 1})
    assert refused.value.code == "capacity_in_use"
    assert [item["reservation"] for item in refused.value.extra["affected"]] == [second.id]
    desks.refresh_from_db()
    assert desks.capacity == 2


def test_capacity_is_edited_through_the_asset_api_and_checked(api, desks, manager):
    client = as_user(api, manager)
    assert client.patch(f"/api/v1/assets/{desks.id}/", {"capacity": 12}, format="json").json()["capacity"] == 12
    response = client.patch(f"/api/v1/assets/{desks.id}/", {"capacity": 0}, format="json")
    assert response.status_code == 400
    assert client.patch(f"/api/v1/assets/{desks.id}/", {"capacity": 201}, format="json").status_code == 400


def test_availability_counts_free_units(api, desks, member, booker):
    book(desks, member, booker)
    book(desks, member, booker, 11, 13)
    client = as_user(api, booker)
    window = {"start": at(10).isoformat(), "end": at(12).isoformat()}
    data = client.get(f"/api/v1/assets/{desks.id}/availability/", window).json()
    assert (data["capacity"], data["free_units"]) == (3, 1)
    assert [b.get("free_units") for b in data["busy"] if b["kind"] == "reservation"] == [2, 1, 2]
    assert len(data["free"]) == 1  # a unit is free all along
    rows = client.get("/api/v1/availability/", {**window, "intervals": "true"}).json()
    row = next(r for r in rows if r["asset"] == desks.id)
    assert (row["free"], row["capacity"], row["free_units"]) == (True, 3, 1)
    assert book(desks, member, booker, 10, 11).unit == 2  # unit 2 is free before its 11:00 booking
    third = book(desks, member, booker, 10, 12)
    row = next(r for r in client.get("/api/v1/availability/", window).json() if r["asset"] == desks.id)
    assert (row["free"], row["free_units"]) == (False, 0)
    detail = client.get(f"/api/v1/reservations/{third.id}/").json()
    assert detail["unit"] == 3


def test_a_blackout_closes_every_unit(desks, member, booker, manager):
    book(desks, member, booker)
    services.blackout_create(asset=desks, by=manager, start=at(14), end=at(16))
    with pytest.raises(BookingConflict):
        book(desks, member, booker, 15, 16)


def test_a_blackout_written_past_the_services_is_refused_over_any_unit(desks, member, booker):
    book(desks, member, booker)
    on_unit_two = book(desks, member, booker)
    services.reservation_cancel(reservation=Reservation.objects.get(unit=1), by=booker)
    assert on_unit_two.unit == 2
    with pytest.raises(IntegrityError, match=triggers.OVERLAP_ERROR), transaction.atomic():
        Blackout.objects.create(asset=desks, start=at(11), end=at(13))


def test_a_request_on_a_full_pool_of_pending_requests_may_compete(desks, member, booker, manager):
    desks.requires_approval = True
    desks.save()
    requests = [book(desks, member, booker) for _ in range(3)]
    assert [r.unit for r in requests] == [1, 2, 3]
    with pytest.raises(BookingConflict) as refused:
        book(desks, member, booker)
    assert refused.value.extra["can_compete"] is True
    rival = book(desks, member, booker, compete=True)
    assert (rival.status, rival.unit) == (Status.PENDING, 1)
    services.reservation_approve(reservation=rival, by=manager)
    requests[0].refresh_from_db()
    assert requests[0].status == Status.REJECTED  # the request it shared unit 1 with
    assert {r.status for r in Reservation.objects.exclude(id__in=[rival.id, requests[0].id])} == {Status.PENDING}


def test_series_occurrences_take_free_units(desks, member, booker):
    from bookings.series_services import series_create

    book(desks, member, booker, 10, 11)
    series, _report = series_create(
        asset=desks, member=member, by=booker, start=at(10), end=at(11), rrule="FREQ=DAILY;COUNT=2", title="daily"
    )
    assert sorted(series.occurrences.values_list("unit", flat=True)) == [1, 2]


# --- the database keeps the units apart (PostgreSQL) ------------------------------------------------------------


def _row(asset, membership, unit, status=Status.APPROVED):
    return Reservation(
        asset=asset, member=membership.member, booked_by=membership.user, start=at(10), end=at(12),
        blocked_start=at(10), blocked_end=at(12), status=status, title="raw", unit=unit,
    )  # fmt: skip


@pytest.mark.postgres
def test_two_rows_on_one_unit_written_past_the_services_are_refused(desks):
    membership = MembershipFactory()
    _row(desks, membership, 1).save()
    _row(desks, membership, 2).save()
    with pytest.raises(IntegrityError, match="reservation_no_overlap"), transaction.atomic():
        _row(desks, membership, 2).save()
    with pytest.raises(IntegrityError, match="reservation_unit_positive"), transaction.atomic():
        _row(desks, membership, 0).save()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_parallel_requests_for_a_three_desk_pool_take_exactly_three():
    desks = AssetFactory(capacity=3)
    bookers = [MembershipFactory(member=MemberFactory()) for _ in range(10)]

    def request(i):
        return book(desks, bookers[i].member, bookers[i].user)

    results = race(10, request)
    created = [r for r in results if isinstance(r, Reservation)]
    assert len(created) == 3, results
    assert all(isinstance(r, BookingConflict) for r in results if r not in created), results
    assert sorted(Reservation.objects.values_list("unit", flat=True)) == [1, 2, 3]
