"""Scoped rate limits on login, reservation create and invitations: over the rate, 429 JSON with Retry-After."""

from datetime import timedelta

import pyotp
import pytest
from django.core.cache import cache
from django.test import override_settings
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
def test_making_api_tokens_counts_like_a_login_and_wrong_codes_lock_the_second_factor(low_rates, monkeypatch):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.models import ApiToken

    ana = UserFactory(username="ana", password="right-password-1")
    secret = generate_totp_secret()
    TOTP.activate(ana, secret)
    client = as_user(APIClient(), ana)

    def make(code: str):
        return client.post("/api/v1/me/tokens/", {"name": "x", "password": "right-password-1", "code": code})

    assert [make("000000").json()["code"] for _ in range(3)] == ["invalid_code"] * 3
    throttled = make("000000")
    assert throttled.status_code == 429 and throttled.json()["code"] == "throttled"

    # Under a rate the address cannot reach, allauth's own limit (5 wrong codes per account) still stops guessing.
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"login": "100/minute"})
    cache.clear()
    with override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "100/m/ip,5/300s/key"}):
        assert {make("000000").status_code for _ in range(5)} == {400}
        refused = make(pyotp.TOTP(secret).now())
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_code"
    assert not ApiToken.objects.exists()


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
