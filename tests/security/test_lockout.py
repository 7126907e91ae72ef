"""Login lockout (django-axes): repeated failures lock a username out of the API and the admin until the cool-off."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import UserFactory

LIMIT = 3


@pytest.fixture
def ana():
    return UserFactory(username="ana", password="right-password-1")


def api_login(url, password):
    return APIClient().post(url, {"username": "ana", "password": password}, format="json")


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=LIMIT)
@pytest.mark.parametrize("url", ["/_allauth/browser/v1/auth/login", "/api/v1/auth/token/"])
def test_the_api_refuses_even_the_right_password_after_too_many_failures(url, ana):
    for _ in range(LIMIT - 1):
        assert api_login(url, "wrong").status_code == 400
    assert api_login(url, "right-password-1").status_code == 200  # a success below the limit resets the count
    for _ in range(LIMIT - 1):
        assert api_login(url, "wrong").status_code == 400
    last = api_login(url, "wrong")
    assert (last.status_code, last.json()["code"]) == (429, "locked_out")
    locked = api_login(url, "right-password-1")
    assert (locked.status_code, locked.json()["code"]) == (429, "locked_out")
    assert "token" not in locked.json() and "sessionid" not in locked.cookies


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=LIMIT, AXES_COOLOFF_TIME=timedelta(minutes=15))
def test_the_lockout_ends_after_the_cool_off(ana):
    url = "/api/v1/auth/token/"
    for _ in range(LIMIT):
        api_login(url, "wrong")
    assert api_login(url, "right-password-1").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = api_login(url, "right-password-1")
    assert response.status_code == 200 and response.json()["token"]


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_the_admin_login_locks_out_too_and_other_usernames_are_unaffected(ana):
    UserFactory(username="admin", password="admin-password-1", is_staff=True, is_superuser=True)
    ana.is_staff = True
    ana.save()
    browser = Client()
    for _ in range(LIMIT):
        browser.post("/admin/login/", {"username": "ana", "password": "wrong"})
    locked = browser.post("/admin/login/", {"username": "ana", "password": "right-password-1"})
    assert locked.status_code == 429 and "_auth_user_id" not in browser.session
    assert api_login("/_allauth/browser/v1/auth/login", "right-password-1").status_code == 429  # the same lock
    admin = Client().post("/admin/login/", {"username": "admin", "password": "admin-password-1"})
    assert admin.status_code == 302


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_failures_from_another_address_do_not_lock_this_one(ana):
    url = "/api/v1/auth/token/"
    for _ in range(LIMIT):
        APIClient(REMOTE_ADDR="203.0.113.9").post(url, {"username": "ana", "password": "wrong"}, format="json")
    assert api_login(url, "right-password-1").status_code == 200


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_failures_by_e_mail_address_and_by_username_count_together(ana):
    url = "/_allauth/browser/v1/auth/login"
    for login in [{"email": ana.email}, {"username": "ana"}, {"email": ana.email.upper()}]:
        APIClient().post(url, {**login, "password": "wrong"}, format="json")
    for login in [{"email": ana.email}, {"username": "ana"}]:
        locked = APIClient().post(url, {**login, "password": "right-password-1"}, format="json")
        assert (locked.status_code, locked.json()["code"]) == (429, "locked_out")
    assert api_login("/api/v1/auth/token/", "right-password-1").status_code == 429  # and the token endpoint


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_the_second_factor_step_alone_signs_nobody_in(ana):
    """The code step is reached only through a password sign-in, which the lock refuses."""
    for _ in range(LIMIT):
        api_login("/_allauth/browser/v1/auth/login", "wrong")
    client = APIClient()
    step = client.post("/_allauth/browser/v1/auth/2fa/authenticate", {"code": "123456"}, format="json")
    assert step.status_code == 401 and step["Content-Type"] == "application/json"
    assert client.get("/api/v1/me/").status_code == 401
