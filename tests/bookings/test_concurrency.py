"""Races with real parallel connections: exactly one winner, on SQLite and on PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from rest_framework.test import APIClient

from assets.models import Blackout
from bookings import selectors, services
from bookings.errors import BookingConflict
from bookings.models import Reservation, Status
from sinergia import triggers
from sinergia.exceptions import InvalidTransition
from tests.conftest import future_day, local
from tests.factories import AssetFactory, MemberFactory, MembershipFactory, api_key

MONDAY = future_day(0)


def race(workers: int, job) -> list:
    """Run job(i) in `workers` threads that start together; each returns its result or exception."""
    barrier = threading.Barrier(workers)
    results: list = [None] * workers

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = job(i)
        except Exception as error:  # the outcome under test
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def bookers():
    return [MembershipFactory(member=MemberFactory()) for _ in range(50)]


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_requests_for_overlapping_slots_create_exactly_one(bookers):
    asset = AssetFactory(cleanup_buffer=timedelta(minutes=30))

    def book(i):
        start = local(MONDAY, 10) + timedelta(minutes=30 * (i % 3))  # same or overlapping slots
        return services.reservation_create(
            asset=asset, member=bookers[i].member, by=bookers[i].user, start=start, end=start + timedelta(hours=2),
            title=f"#{i}",
        )  # fmt: skip

    results = race(50, book)
    created = [r for r in results if isinstance(r, Reservation)]
    assert len(created) == 1, results
    assert all(isinstance(r, BookingConflict) for r in results if r not in created)
    assert Reservation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_api_posts_give_one_201_and_forty_nine_409(bookers):
    asset = AssetFactory()
    tokens = [api_key(m.user) for m in bookers]
    payload = {
        "asset": asset.id, "start": local(MONDAY, 10).isoformat(), "end": local(MONDAY, 12).isoformat(), "title": "x",
    }  # fmt: skip

    def post(i):
        return APIClient(HTTP_AUTHORIZATION=f"Token {tokens[i]}").post("/api/v1/reservations/", payload).status_code

    assert sorted(race(50, post)) == [201] + [409] * 49
    assert Reservation.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_approvals_of_competing_requests_approve_exactly_one(bookers):
    asset = AssetFactory(requires_approval=True)
    manager = MembershipFactory().user
    asset.managers.add(manager)
    requests = [
        services.reservation_create(
            asset=asset,
            member=bookers[i].member,
            by=bookers[i].user,
            start=local(MONDAY, 10 + i % 2),
            end=local(MONDAY, 12),
            title=f"#{i}",
            compete=True,
        )  # fmt: skip
        for i in range(20)
    ]
    assert {r.status for r in requests} == {"pending"}

    results = race(20, lambda i: services.reservation_approve(reservation=requests[i], by=manager))

    winners = [r for r in results if isinstance(r, Reservation)]
    assert len(winners) == 1, results
    assert all(isinstance(r, InvalidTransition | BookingConflict) for r in results if r not in winners)
    statuses = list(Reservation.objects.values_list("status", flat=True))
    assert statuses.count("approved") == 1
    assert statuses.count("rejected") == 19


# --- the database itself refuses overlaps (PostgreSQL exclusion constraint) ---------------------------


def _row(asset, member, user, start_hour, end_hour, status):
    return Reservation(
        asset=asset, member=member, booked_by=user, start=local(MONDAY, start_hour), end=local(MONDAY, end_hour),
        blocked_start=local(MONDAY, start_hour), blocked_end=local(MONDAY, end_hour), status=status, title="raw",
    )  # fmt: skip


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    "first,second,allowed",
    [
        (Status.APPROVED, Status.APPROVED, False),
        (Status.APPROVED, Status.PENDING, False),
        (Status.PENDING, Status.APPROVED, False),
        (Status.PENDING, Status.PENDING, True),
        (Status.CANCELLED, Status.APPROVED, True),
        (Status.REJECTED, Status.PENDING, True),
    ],
)
def test_exclusion_constraint_refuses_overlaps_written_past_the_services(first, second, allowed):
    asset = AssetFactory()
    membership = MembershipFactory()
    _row(asset, membership.member, membership.user, 10, 12, first).save()
    overlapping = _row(asset, membership.member, membership.user, 11, 13, second)
    if allowed:
        overlapping.save()
        return
    with pytest.raises(IntegrityError, match="reservation_no_overlap"), transaction.atomic():
        overlapping.save()
    _row(asset, membership.member, membership.user, 12, 14, second).save()  # half-open: touching is fine


@pytest.mark.postgres
@pytest.mark.django_db
def test_check_constraint_refuses_an_empty_period():
    asset = AssetFactory()
    membership = MembershipFactory()
    with pytest.raises(IntegrityError, match="reservation_end_after_start"), transaction.atomic():
        _row(asset, membership.member, membership.user, 12, 12, Status.APPROVED).save()


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_constraint_violation_reaches_the_client_as_the_same_409(monkeypatch):
    """Skip the friendly check so only the database stands in the way."""
    asset = AssetFactory()
    membership = MembershipFactory()
    _row(asset, membership.member, membership.user, 10, 12, Status.APPROVED).save()
    real_conflicts_for = selectors.conflicts_for
    calls = []

    def blind_first_time(*args, **kwargs):
        calls.append(1)
        return [] if len(calls) == 1 else real_conflicts_for(*args, **kwargs)

    monkeypatch.setattr(services, "conflicts_for", blind_first_time)
    client = APIClient()
    client.force_authenticate(membership.user)
    response = client.post(
        "/api/v1/reservations/",
        {"asset": asset.id, "start": local(MONDAY, 11).isoformat(), "end": local(MONDAY, 13).isoformat(), "title": "x"},
    )
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["kind"] == "reservation"
    assert Reservation.objects.count() == 1


# --- Blackouts and bookings: the triggers of sinergia/triggers.py ------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_blackout_and_a_booking_written_at_once_past_the_services_leave_exactly_one():
    """Two real connections, no service and no lock of ours: the first inserts a blackout and holds its
    transaction open; the second's overlapping booking waits for it (the trigger locks the asset), then sees the
    committed blackout and is refused."""
    asset = AssetFactory()
    membership = MembershipFactory()
    inserted, proceed = threading.Event(), threading.Event()

    def close(_i):
        with transaction.atomic():
            Blackout.objects.create(asset=asset, start=local(MONDAY, 11), end=local(MONDAY, 13))
            inserted.set()
            proceed.wait(timeout=30)
        return "closed"

    def book(_i):
        inserted.wait(timeout=30)
        threading.Timer(0.5, proceed.set).start()  # the insert below is already waiting when the blackout commits
        with transaction.atomic():
            _row(asset, membership.member, membership.user, 10, 12, Status.APPROVED).save()
        return "booked"

    results = race(2, lambda i: (close, book)[i](i))
    assert results[0] == "closed"
    assert isinstance(results[1], IntegrityError) and triggers.OVERLAP_ERROR in str(results[1]), results
    assert Blackout.objects.count() == 1 and Reservation.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_parallel_closures_and_bookings_of_one_period_never_overlap(bookers):
    asset = AssetFactory()
    manager = bookers[0].user
    asset.managers.add(manager)

    def job(i):
        start = local(MONDAY, 10) + timedelta(minutes=30 * (i % 3))
        if i % 2:
            return services.blackout_create(asset=asset, by=manager, start=start, end=start + timedelta(hours=2))
        return services.reservation_create(asset=asset, member=bookers[i].member, by=bookers[i].user, start=start,
                                           end=start + timedelta(hours=2), title=f"#{i}")  # fmt: skip

    results = race(12, job)  # every period overlaps every other; blackouts may overlap each other
    booked = [r for r in results if isinstance(r, Reservation)]
    closed = [r for r in results if isinstance(r, Blackout)]
    assert (len(booked), len(closed)) in ((1, 0), (0, 6)), results
    assert all(isinstance(r, BookingConflict) for r in results if r not in booked + closed), results
    assert (Reservation.objects.count(), Blackout.objects.count()) == (len(booked), len(closed))


@pytest.mark.django_db
def test_a_trigger_violation_reaches_the_client_as_the_same_409(monkeypatch):
    """Blind the friendly checks so only the database stands between a booking and a blackout."""
    asset = AssetFactory()
    membership = MembershipFactory()
    asset.managers.add(membership.user)
    services.blackout_create(asset=asset, by=membership.user, start=local(MONDAY, 12), end=local(MONDAY, 14))
    _row(asset, membership.member, membership.user, 9, 10, Status.APPROVED).save()
    real_conflicts_for = selectors.conflicts_for
    calls = []

    def blind_first_time(*args, **kwargs):
        calls.append(1)
        return [] if len(calls) == 1 else real_conflicts_for(*args, **kwargs)

    monkeypatch.setattr(services, "conflicts_for", blind_first_time)
    monkeypatch.setattr(services, "overlapped_bookings", lambda *args, **kwargs: [])
    client = APIClient()
    client.force_authenticate(membership.user)
    booking = {"asset": asset.id, "start": local(MONDAY, 13).isoformat(), "end": local(MONDAY, 15).isoformat(),
               "title": "x"}  # fmt: skip
    response = client.post("/api/v1/reservations/", booking)
    assert response.status_code == 409, response.json()
    assert response.json()["conflicts"][0]["kind"] == "blackout"
    closure = {"start": local(MONDAY, 8).isoformat(), "end": local(MONDAY, 10).isoformat()}
    response = client.post(f"/api/v1/assets/{asset.id}/blackouts/", closure, format="json")
    assert response.status_code == 409, response.json()
    assert response.json()["conflicts"][0]["kind"] == "reservation"
    assert (Reservation.objects.count(), Blackout.objects.count()) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_holders_moving_crosswise_between_two_assets_at_once_neither_deadlock_nor_double_book(bookers):
    """Eight bookings, four on each of two assets of a group, move at once to the other asset: the two asset
    locks are taken in id order, so no move deadlocks; two pairs race for 20:00 on each asset and exactly one of
    each pair wins, the other four moves (to free hours) all succeed."""
    from assets.models import AssetGroup

    group = AssetGroup.objects.create(name="Platós")
    first, second = AssetFactory(group=group), AssetFactory(group=group)
    moves = []
    for i in range(8):
        here, there = (first, second) if i % 2 == 0 else (second, first)
        hour = 8 + i // 2
        booked = services.reservation_create(asset=here, member=bookers[i].member, by=bookers[i].user,
                                             start=local(MONDAY, hour), end=local(MONDAY, hour + 1),
                                             title=f"#{i}")  # fmt: skip
        moves.append((booked, there, local(MONDAY, 20 if i < 4 else 12 + i)))

    def move(i):
        booked, there, start = moves[i]
        return services.reservation_update(reservation=booked, by=bookers[i].user, asset=there, start=start,
                                           end=start + timedelta(hours=1))  # fmt: skip

    results = race(8, move)
    assert [type(r).__name__ for r in results[4:]] == ["Reservation"] * 4, results
    racing = results[:4]
    assert sorted(type(r).__name__ for r in racing) == ["BookingConflict"] * 2 + ["Reservation"] * 2, racing
    assert {r.asset_id for r in racing if isinstance(r, Reservation)} == {first.id, second.id}
    for asset in (first, second):
        rows = list(Reservation.objects.filter(asset=asset, status=Status.APPROVED).order_by("start"))
        assert len(rows) == 4 and all(a.end <= b.start for a, b in zip(rows, rows[1:], strict=False))
