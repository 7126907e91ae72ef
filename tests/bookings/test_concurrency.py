"""Races with real parallel connections: exactly one winner, on SQLite and on PostgreSQL."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bookings import selectors, services
from bookings.errors import BookingConflict
from bookings.models import Reservation, Status
from sinergia.exceptions import InvalidTransition
from tests.conftest import future_day, local
from tests.factories import AssetFactory, MemberFactory, MembershipFactory

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
    tokens = [Token.objects.create(user=m.user).key for m in bookers]
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
