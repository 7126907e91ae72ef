"""Browser sessions must send the CSRF token on writes; token-authenticated integrations never need it."""

import pytest
from rest_framework.test import APIClient

from bookings.models import Reservation
from tests.conftest import future_day, local
from tests.factories import api_key

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


def _booking(asset, member):
    return {
        "asset": asset.id,
        "member": member.id,
        "start": local(MONDAY, 10).isoformat(),
        "end": local(MONDAY, 11).isoformat(),
        "title": "Shoot",
    }


SIGN_IN = "/_allauth/browser/v1/auth/login"


def _session(booker) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    token = client.get("/api/v1/auth/csrf/").json()["csrfToken"]
    credentials = {"username": booker.username, "password": "pw-secret-123"}
    response = client.post(SIGN_IN, credentials, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content
    return client


def test_a_sign_in_without_the_csrf_token_is_a_json_403_that_opens_no_session(booker):
    client = APIClient(enforce_csrf_checks=True)
    credentials = {"username": booker.username, "password": "pw-secret-123"}
    response = client.post(SIGN_IN, credentials, format="json")
    assert (response.status_code, response["Content-Type"]) == (403, "application/json")
    assert "CSRF" in response.json()["detail"]
    assert client.get("/api/v1/me/").status_code == 401


def test_a_session_write_without_the_csrf_token_is_a_403_that_books_nothing(booker, member, asset):
    response = _session(booker).post("/api/v1/reservations/", _booking(asset, member), format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert not Reservation.objects.exists()


def test_a_session_write_with_the_csrf_token_goes_through(booker, member, asset):
    client = _session(booker)
    token = client.get("/api/v1/auth/csrf/").json()["csrfToken"]
    response = client.post("/api/v1/reservations/", _booking(asset, member), format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content


def test_token_auth_needs_no_csrf_token(booker, member, asset):
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key(booker)}")
    response = client.post("/api/v1/reservations/", _booking(asset, member), format="json")
    assert response.status_code == 201, response.content
