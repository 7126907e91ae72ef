"""Throttles and the login lockout count the real client, behind TRUSTED_PROXY_COUNT proxies.

Requests carry forged X-Forwarded-For headers; REMOTE_ADDR plays the proxy (or the client, without one).
tests/security/test_nginx.py runs the same lockout through a real nginx with the shipped infra/nginx.conf.
"""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from sinergia.throttles import client_address
from tests.factories import UserFactory

NGINX = "127.0.0.1"
LIMIT = 5


@pytest.fixture
def ana():
    return UserFactory(username="ana", password="right-password-1")


@pytest.fixture
def login_rate(monkeypatch):
    cache.clear()
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"login": "20/minute", "reservation_create": "60/minute"})
    yield
    cache.clear()


def from_address(remote: str, forwarded: str | None = None) -> APIClient:
    headers = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    return APIClient(**headers)


def token(client, password="right-password-1"):
    return client.post("/api/v1/auth/token/", {"username": "ana", "password": password}, format="json")


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "192.0.2.1"),  # no proxy: the header is the client's own claim
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "10.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client wrote 10.6.6.6; nginx appended the real one
        (2, "10.6.6.6, 203.0.113.9, 198.51.100.7", "203.0.113.9"),
        (2, "203.0.113.9", "192.0.2.1"),  # shorter than the chain: not trusted
        (1, "not-an-address", "192.0.2.1"),
        (1, "", "192.0.2.1"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_the_client_address_comes_through_the_trusted_proxies_only(count, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_address(request) == expected


def test_the_lockout_and_the_throttles_read_the_same_address():
    from django.conf import settings

    assert settings.AXES_CLIENT_IP_CALLABLE == "sinergia.throttles.client_address"
    assert settings.TRUSTED_PROXY_COUNT == 0  # the default: REMOTE_ADDR


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 1])
def test_forty_logins_with_a_changing_forwarded_for_meet_the_login_rate(ana, login_rate, count):
    """Without proxies the header is ignored; behind one, what the client prepends is ignored."""
    real = NGINX if count == 0 else "203.0.113.9"
    remote = real if count == 0 else NGINX
    with override_settings(TRUSTED_PROXY_COUNT=count):
        statuses = [token(from_address(remote, f"10.0.{n}.1, {real}")).status_code for n in range(40)]
        assert statuses == [200] * 20 + [429] * 20
        other = token(from_address(NGINX if count else "192.0.2.44", "198.51.100.7")).status_code
    assert other == 200  # another client still logs in


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1, AXES_FAILURE_LIMIT=LIMIT)
def test_behind_a_proxy_five_bad_passwords_lock_the_username_out_from_that_address_only(ana):
    statuses = [token(from_address(NGINX, f"10.9.9.{n}, 203.0.113.9"), "wrong").status_code for n in range(LIMIT)]
    assert statuses == [400] * (LIMIT - 1) + [429]  # the fifth failure locks
    locked = token(from_address(NGINX, "203.0.113.9"))
    assert (locked.status_code, locked.json()["code"]) == (429, "locked_out")
    assert int(locked["Retry-After"]) == 15 * 60
    assert token(from_address(NGINX, "10.1.1.1, 203.0.113.9")).status_code == 429  # a forged prefix changes nothing
    assert token(from_address(NGINX, "198.51.100.7")).status_code == 200  # ana, from elsewhere


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_without_a_proxy_a_forged_forwarded_for_neither_escapes_nor_frames_another_address(ana):
    for _ in range(LIMIT):
        token(from_address("192.0.2.66", "198.51.100.7"), "wrong")
    assert token(from_address("192.0.2.66", "10.0.0.1")).status_code == 429
    assert token(from_address("198.51.100.7")).status_code == 200


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=LIMIT)
@pytest.mark.parametrize("url", ["/_allauth/browser/v1/auth/login", "/api/v1/auth/token/"])
def test_the_apis_lockout_answers_429_json_with_retry_after(ana, url):
    client = from_address("192.0.2.66")
    for _ in range(LIMIT):
        client.post(url, {"username": "ana", "password": "wrong"}, format="json")
    locked = client.post(url, {"username": "ana", "password": "right-password-1"}, format="json")
    assert (locked.status_code, locked["Content-Type"], locked.json()["code"]) == (
        429,
        "application/json",
        "locked_out",
    )
    assert int(locked["Retry-After"]) == 15 * 60


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_the_admins_lockout_answers_429_with_retry_after(ana):
    browser = Client(REMOTE_ADDR="192.0.2.66")
    for _ in range(LIMIT):
        browser.post("/admin/login/", {"username": "ana", "password": "wrong"})
    locked = browser.post("/admin/login/", {"username": "ana", "password": "right-password-1"})
    assert locked.status_code == 429 and int(locked["Retry-After"]) == 15 * 60
    assert b"Too many failed logins" in locked.content


@pytest.mark.django_db
def test_the_admin_login_has_the_same_per_address_rate_as_the_api(ana, login_rate):
    UserFactory(username="admin", password="admin-password-1", is_staff=True, is_superuser=True)
    for n in range(15):
        token(from_address("192.0.2.66", f"10.0.0.{n}"))  # counted by address, whatever the header says
    statuses = [
        Client(REMOTE_ADDR="192.0.2.66").post("/admin/login/", {"username": f"u{n}", "password": "x"}).status_code
        for n in range(6)
    ]
    assert statuses == [200] * 5 + [429]  # the login form again (200) five times, then throttled
    throttled = Client(REMOTE_ADDR="192.0.2.66").post("/admin/login/", {"username": "admin", "password": "x"})
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0
    other = Client(REMOTE_ADDR="198.51.100.7").post(
        "/admin/login/", {"username": "admin", "password": "admin-password-1"}
    )
    assert other.status_code == 302
    assert Client(REMOTE_ADDR="192.0.2.66").get("/admin/login/").status_code == 200  # reading the form is free
