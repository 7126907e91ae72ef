"""Inside the late-cancellation fee window, a change that gives up booked time is refused with the fee it would
cost: moving or shortening must not dodge the fee that cancelling would charge."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from billing.models import ChargeKind
from bookings.models import Reservation, Status
from tests.conftest import as_user, future_day, local
from tests.factories import PriceRuleFactory

pytestmark = pytest.mark.django_db

DAY = future_day(1)


@pytest.fixture
def fee_asset(asset):
    """100 EUR/h + 21 % VAT; every future booking is inside the window (free cancellation until a year before)."""
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="21.00")
    asset.free_cancellation = timedelta(days=365)
    asset.late_cancellation_fee_percent = 50
    asset.save()
    return asset


def book(client, asset, start=10, end=14):
    response = client.post(
        "/api/v1/reservations/",
        {"asset": asset.id, "start": local(DAY, start).isoformat(), "end": local(DAY, end).isoformat(), "title": "x"},
    )
    assert response.status_code == 201, response.json()
    return response.json()


def patch(client, reservation, start, end, day=DAY):
    return client.patch(
        f"/api/v1/reservations/{reservation['id']}/",
        {"start": local(day, start).isoformat(), "end": local(day, end).isoformat()},
    )


def test_moving_elsewhere_inside_the_window_is_refused_with_the_whole_fee(api, fee_asset, booker):
    client = as_user(api, booker)
    reservation = book(client, fee_asset)  # 4 h: 484.00 EUR, a late cancellation costs 242.00
    moved = patch(client, reservation, 10, 14, day=DAY + timedelta(days=30))
    assert moved.status_code == 409, moved.json()
    body = moved.json()
    assert body["code"] == "late_change_fee"
    assert body["fee"] == {"amount": "242.00", "currency": "EUR"}
    assert body["free_until"]
    stored = Reservation.objects.get(id=reservation["id"])
    assert (stored.start, stored.end) == (local(DAY, 10), local(DAY, 14))


def test_shortening_inside_the_window_is_refused_with_the_fee_on_the_hours_given_up(api, fee_asset, member_admin):
    client = as_user(api, member_admin)
    reservation = book(client, fee_asset)
    shortened = patch(client, reservation, 10, 11)
    assert shortened.status_code == 409, shortened.json()
    assert shortened.json()["code"] == "late_change_fee"
    assert shortened.json()["fee"] == {"amount": "181.50", "currency": "EUR"}  # half of the 3 h given up (363.00)
    assert patch(client, reservation, 11, 14).status_code == 409  # a later start gives up time too


def test_lengthening_inside_the_window_is_allowed(api, fee_asset, booker):
    client = as_user(api, booker)
    reservation = book(client, fee_asset)
    assert patch(client, reservation, 9, 15).status_code == 200


def test_a_manager_moving_a_booking_is_neither_refused_nor_charged(api, fee_asset, booker, manager):
    reservation = book(as_user(api, booker), fee_asset)
    moved = patch(as_user(APIClient(), manager), reservation, 15, 16)
    assert moved.status_code == 200, moved.json()
    stored = Reservation.objects.select_related("charge").get(id=reservation["id"])
    assert (stored.charge.kind, stored.charge.total_minor) == (ChargeKind.BOOKED, 12100)


def test_a_pending_reservation_moves_freely(api, fee_asset, booker):
    fee_asset.requires_approval = True
    fee_asset.save()
    client = as_user(api, booker)
    reservation = book(client, fee_asset)
    assert reservation["status"] == Status.PENDING
    assert patch(client, reservation, 10, 11).status_code == 200


def test_the_fee_preview_says_whether_giving_up_time_is_refused_now(api, fee_asset, booker, manager):
    reservation = book(as_user(api, booker), fee_asset)
    url = f"/api/v1/reservations/{reservation['id']}/cancellation-fee/"
    own = as_user(api, booker).get(url).json()
    assert own["fee"] == {"amount": "242.00", "currency": "EUR"}
    assert own["late_change"]["refused"] is True and own["late_change"]["detail"]
    managed = as_user(APIClient(), manager).get(url).json()
    assert managed["late_change"]["refused"] is False
    fee_asset.free_cancellation = timedelta(hours=1)
    fee_asset.save()
    assert as_user(api, booker).get(url).json()["late_change"]["refused"] is False
