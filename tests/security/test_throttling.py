"""Scoped rate limits on login, reservation create and invitations: over the rate, 429 JSON with Retry-After."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from bookings.models import Reservation
from tests.conftest import as_user, future_day, local
from tests.factories import UserFactory

MONDAY = future_day(0)


@pytest.fixture
def low_rates(monkeypatch):
    """The configured rates, lowered for the test (DRF reads them once, at import)."""
    cache.clear()
    monkeypatch.setattr(
        ScopedRateThrottle,
        "THROTTLE_RATES",
        {"login": "3/minute", "reservation_create": "2/minute", "invitation": "3/minute"},
    )
    yield
    cache.clear()


def test_the_rates_come_from_settings():
    from django.conf import settings

    assert set(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]) == {"login", "reservation_create", "invitation"}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/_allauth/browser/v1/auth/login", "/api/v1/auth/token/"])
def test_logins_from_one_address_beyond_the_rate_answer_429_json_with_retry_after(url, low_rates):
    UserFactory(username="ana", password="right-password-1")

    def login():
        return APIClient().post(url, {"username": "ana", "password": "right-password-1"}, format="json")

    assert [login().status_code for _ in range(3)] == [200, 200, 200]
    response = login()
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json" and response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_reservation_creates_beyond_the_rate_answer_429_but_reads_and_other_users_go_on(
    api, asset, booker, other_booker, low_rates
):
    def post(client, hour):
        start = local(MONDAY, hour)
        payload = {"asset": asset.id, "start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat()}
        return client.post("/api/v1/reservations/", {**payload, "title": "x"})

    client = as_user(api, booker)
    assert [post(client, hour).status_code for hour in (9, 10, 11)] == [201, 201, 429]
    assert post(client, 12).json()["code"] == "throttled"
    assert all(client.get("/api/v1/reservations/").status_code == 200 for _ in range(5))
    assert post(as_user(APIClient(), other_booker), 14).status_code == 201
    assert Reservation.objects.count() == 3


@pytest.mark.django_db
def test_invitation_links_tried_beyond_the_rate_answer_429_and_sending_is_throttled_per_user(
    member, member_admin, low_rates
):
    def guess():
        return APIClient().post("/api/v1/invitations/link/", {"token": "0" * 64})

    assert [guess().status_code for _ in range(3)] == [404, 404, 404]
    refused = guess()
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"

    admin = as_user(APIClient(), member_admin)

    def invite(i):
        return admin.post("/api/v1/invitations/", {"email": f"p{i}@example.org", "role": "booker", "member": member.id})

    assert [invite(i).status_code for i in range(4)] == [201, 201, 201, 429]
    assert admin.get("/api/v1/invitations/").status_code == 200  # listing is not counted


@pytest.mark.django_db
def test_starting_single_sign_on_counts_as_a_login(low_rates, settings):
    from sinergia.oidc import oidc_apps

    corp = '[{"id": "corp", "name": "Corp", "issuer": "http://127.0.0.1:9", "client_id": "c", "client_secret": "s"}]'
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": oidc_apps(corp)}}
    body = {"provider": "corp", "process": "login", "callback_url": "/#/login"}

    def start():
        return APIClient().post("/_allauth/browser/v1/auth/provider/redirect", body)

    assert [start().status_code for _ in range(3)] == [302, 302, 302]  # the provider is down: back with a reason
    response = start()
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
