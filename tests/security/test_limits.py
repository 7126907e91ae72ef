"""Input limits: each answers a clear 400 naming the field, never a 500 and never a silent guess."""

import json

import pytest
from django.test import override_settings

from bookings.models import Reservation
from tests.conftest import as_user, future_day, local
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


def _booking(asset, member, **overrides):
    body = {
        "asset": asset.id,
        "member": member.id,
        "start": local(MONDAY, 10).isoformat(),
        "end": local(MONDAY, 11).isoformat(),
        "title": "Shoot",
    }
    return {**body, **overrides}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2026-05-04T10:00:00", "start"),
        ("end=2026-05-04T10:00", "end"),
        ("start=2026-01-01T00:00:00Z&end=2027-01-03T00:00:00Z", "end"),
        ("start=2026-13-40T00:00:00Z", "start"),
        ("page_size=201", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=abc", "page_size"),
    ],
)
def test_bad_reservation_list_filters_are_a_400_naming_the_field(api, booker, query, field):
    response = as_user(api, booker).get(f"/api/v1/reservations/?{query}")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_list_filters_with_an_offset_and_a_year_long_window_are_accepted(api, booker):
    ok = as_user(api, booker).get("/api/v1/reservations/?start=2026-01-01T00:00:00%2B01:00&end=2027-01-01T00:00:00Z")
    assert ok.status_code == 200 and as_user(api, booker).get("/api/v1/reservations/?page_size=200").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["start=2026-05-04T00:00:00&end=2026-05-05T00:00:00", "start=2026-01-01T00:00:00Z&end=2027-01-03T00:00:00Z"],
)
def test_availability_needs_offsets_and_at_most_366_days(api, booker, asset, query):
    response = as_user(api, booker).get(f"/api/v1/assets/{asset.id}/availability/?{query}")
    assert response.status_code == 400 and response.json()["field"] in {"start", "end"}


def test_an_export_window_over_366_days_is_a_400(api):
    accountant = UserFactory(is_accountant=True)
    response = as_user(api, accountant).get("/api/v1/exports/cost-shares/?from=2025-01-01&to=2026-01-03")
    assert response.status_code == 400 and response.json()["field"] == "to"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_a_body_over_the_size_limit_is_a_400_and_books_nothing(api, booker, member, asset):
    body = json.dumps(_booking(asset, member, notes="x" * 20_000))
    response = as_user(api, booker).post("/api/v1/reservations/", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "body_too_large"
    assert not Reservation.objects.exists()


@pytest.mark.parametrize(("field", "length"), [("title", 201), ("notes", 4001)])
def test_overlong_strings_are_a_400(api, booker, member, asset, field, length):
    response = as_user(api, booker).post("/api/v1/reservations/", _booking(asset, member, **{field: "x" * length}))
    assert response.status_code == 400 and field in response.json()


def test_a_naive_booking_time_is_a_400(api, booker, member, asset):
    naive = local(MONDAY, 10).replace(tzinfo=None).isoformat()
    response = as_user(api, booker).post("/api/v1/reservations/", _booking(asset, member, start=naive))
    assert response.status_code == 400 and "start" in response.json()


def test_an_unknown_time_zone_is_a_400(api, asset):
    admin = UserFactory(is_staff=True)
    response = as_user(api, admin).patch(f"/api/v1/assets/{asset.id}/", {"timezone": "Mars/Olympus_Mons"})
    assert response.status_code == 400 and "timezone" in response.json()
    asset.refresh_from_db()
    assert asset.timezone == "Europe/Madrid"


@pytest.mark.parametrize(
    "rrule", ["FREQ=DAILY;COUNT=100000", "FREQ=MINUTELY;COUNT=5", "FREQ=DAILY;UNTIL=29991231T000000Z"]
)
def test_a_rule_that_expands_past_the_limit_is_a_400(api, booker, member, asset, rrule):
    response = as_user(api, booker).post("/api/v1/series/", {**_booking(asset, member), "rrule": rrule})
    assert response.status_code == 400 and response.json().get("field", "rrule") == "rrule"
    assert not Reservation.objects.exists()


def test_an_open_ended_rule_stops_at_the_assets_horizon(api, booker, member, asset):
    response = as_user(api, booker).post("/api/v1/series/", {**_booking(asset, member), "rrule": "FREQ=WEEKLY"})
    assert response.status_code == 201, response.content
    last = Reservation.objects.order_by("start").last()
    assert 1 < Reservation.objects.count() <= 366 and last.start <= local(MONDAY, 10) + asset.max_horizon
