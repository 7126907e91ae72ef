"""Quotas per member company and asset group: refused with 409 quota_exceeded, never exceeded under a race."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from bookings import services
from bookings.models import Quota, Reservation, Status
from bookings.quotas import QuotaExceeded
from tests.bookings.test_concurrency import race
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, AssetGroupFactory, MembershipFactory, api_key

MONDAY = future_day(0)
URL = "/api/v1/reservations/"


def booking(asset, day, hour, hours=1):
    return {
        "asset": asset.id,
        "start": local(day, hour).isoformat(),
        "end": local(day, hour + hours).isoformat(),
        "title": "Rodaje",
    }


@pytest.fixture
def group():
    return AssetGroupFactory(name="Platós")


@pytest.fixture
def grouped_asset(group):
    return AssetFactory(name="Plató B", group=group)


@pytest.mark.django_db
def test_booking_beyond_the_monthly_hours_quota_answers_409_quota_exceeded(api, grouped_asset, group, booker, member):
    Quota.objects.create(member=member, group=group, max_hours_per_month=3)
    client = as_user(api, booker)
    assert client.post(URL, booking(grouped_asset, MONDAY, 10, hours=2)).status_code == 201
    refused = client.post(URL, booking(grouped_asset, MONDAY, 14, hours=2))
    assert refused.status_code == 409
    assert refused.json()["code"] == "quota_exceeded" and refused.json()["limit"] == 3
    assert client.post(URL, booking(grouped_asset, MONDAY, 14, hours=1)).status_code == 201
    assert Reservation.objects.count() == 2


@pytest.mark.django_db
def test_the_quota_counts_every_asset_of_the_group_but_not_other_members_or_groups(
    api, grouped_asset, group, booker, member, other_booker
):
    Quota.objects.create(member=member, group=group, max_hours_per_month=2)
    sibling, ungrouped = AssetFactory(group=group), AssetFactory()
    client = as_user(api, booker)
    assert client.post(URL, booking(grouped_asset, MONDAY, 10, hours=2)).status_code == 201
    assert client.post(URL, booking(sibling, MONDAY, 10)).json()["code"] == "quota_exceeded"
    assert client.post(URL, booking(ungrouped, MONDAY, 10, hours=4)).status_code == 201
    assert as_user(APIClient(), other_booker).post(URL, booking(sibling, MONDAY, 12, hours=4)).status_code == 201


@pytest.mark.django_db
def test_pending_requests_beyond_the_quota_are_refused_and_cancelling_one_frees_a_place(api, group, booker, member):
    asset = AssetFactory(group=group, requires_approval=True)
    Quota.objects.create(member=member, group=group, max_pending=2)
    client = as_user(api, booker)
    first = client.post(URL, booking(asset, MONDAY, 10))
    assert first.status_code == 201 and first.json()["status"] == Status.PENDING
    assert client.post(URL, booking(asset, MONDAY, 12)).status_code == 201
    refused = client.post(URL, booking(asset, MONDAY, 14))
    assert (refused.status_code, refused.json()["code"]) == (409, "quota_exceeded")
    services.reservation_cancel(reservation=Reservation.objects.get(id=first.json()["id"]), by=booker)
    assert client.post(URL, booking(asset, MONDAY, 14)).status_code == 201


@pytest.mark.django_db
def test_lengthening_a_reservation_past_the_quota_is_refused_and_moving_it_counts_it_once(
    api, grouped_asset, group, booker, member
):
    Quota.objects.create(member=member, group=group, max_hours_per_month=3)
    client = as_user(api, booker)
    created = client.post(URL, booking(grouped_asset, MONDAY, 10, hours=3)).json()
    moved = client.patch(f"{URL}{created['id']}/", {k: v for k, v in booking(grouped_asset, MONDAY, 15, 3).items()})
    assert moved.status_code == 200, moved.json()
    longer = client.patch(f"{URL}{created['id']}/", {"end": local(MONDAY, 19).isoformat()})
    assert (longer.status_code, longer.json()["code"]) == (409, "quota_exceeded")
    assert Reservation.objects.get(id=created["id"]).end == local(MONDAY, 18)


@pytest.mark.django_db
def test_a_series_that_would_exceed_the_quota_creates_nothing(api, grouped_asset, group, booker, member):
    Quota.objects.create(member=member, group=group, max_hours_per_month=3)
    tuesday = future_day(1)
    payload = {**booking(grouped_asset, tuesday, 10, hours=2), "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=4"}
    response = as_user(api, booker).post("/api/v1/series/", payload, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "quota_exceeded")
    assert not Reservation.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_bookings_against_a_quota_of_ten_hours_create_exactly_ten(group, member):
    """Five assets of one group, fifty one-hour slots that never overlap: only the quota can refuse."""
    assets = [AssetFactory(group=group) for _ in range(5)]
    Quota.objects.create(member=member, group=group, max_hours_per_month=10)
    tokens = [api_key(MembershipFactory(member=member).user) for _ in range(50)]

    def post(i):
        client = APIClient(HTTP_AUTHORIZATION=f"Token {tokens[i]}")
        response = client.post(URL, booking(assets[i % 5], MONDAY, 8 + i // 5))
        return response.status_code, response.json().get("code")

    results = race(50, post)
    assert sorted(results, key=str) == sorted([(201, None)] * 10 + [(409, "quota_exceeded")] * 40, key=str), results
    booked = Reservation.objects.filter(member=member, status__in=[Status.APPROVED, Status.PENDING])
    assert booked.count() == 10
    assert sum((r.end - r.start for r in booked), timedelta()) == timedelta(hours=10)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_requests_against_a_quota_of_ten_pending_create_exactly_ten(group, member):
    assets = [AssetFactory(group=group, requires_approval=True) for _ in range(5)]
    Quota.objects.create(member=member, group=group, max_pending=10)
    users = [MembershipFactory(member=member).user for _ in range(50)]

    def book(i):
        start = local(MONDAY, 8 + i // 5)
        return services.reservation_create(
            asset=assets[i % 5], member=member, by=users[i], start=start, end=start + timedelta(hours=1), title="x"
        )

    results = race(50, book)
    assert len([r for r in results if isinstance(r, Reservation)]) == 10, results
    assert all(isinstance(r, (Reservation, QuotaExceeded)) for r in results), results
    assert Reservation.objects.filter(member=member, status=Status.PENDING).count() == 10
