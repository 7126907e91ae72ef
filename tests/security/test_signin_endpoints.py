"""django-allauth's headless endpoints as this app serves them: which are open, what a stranger and a signed-in
person get, and that no hostile value in any field of those that take input answers a 500 or HTML."""

import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.factories import UserFactory

from .test_hostile_schema import HOSTILE, NESTED

pytestmark = pytest.mark.django_db
BASE = "/_allauth/browser/v1"

# What a stranger (no session) and a signed-in person get from each endpoint this app offers.
OPEN = {
    ("GET", "/config"): (200, 200),
    ("GET", "/auth/session"): (401, 200),
    ("DELETE", "/auth/session"): (401, 401),  # signing out answers "nobody is signed in now"
    ("POST", "/auth/login"): (400, 400),  # an empty body: the fields are missing
    ("POST", "/auth/password/request"): (400, 400),
    ("GET", "/auth/password/reset"): (400, 400),  # no key
    ("POST", "/auth/password/reset"): (400, 400),
    ("POST", "/auth/reauthenticate"): (401, 400),
    ("POST", "/auth/2fa/authenticate"): (401, 401),  # only within a sign-in waiting for its code
    ("POST", "/auth/2fa/reauthenticate"): (401, 400),
    ("GET", "/account/authenticators"): (401, 200),
    ("GET", "/account/authenticators/totp"): (401, 404),  # 404 with a new secret to enrol
    ("POST", "/account/authenticators/totp"): (401, 400),
    ("DELETE", "/account/authenticators/totp"): (401, 200),  # nothing to turn off: done
    ("GET", "/account/authenticators/recovery-codes"): (401, 404),
    ("POST", "/account/authenticators/recovery-codes"): (401, 400),
}
CLOSED = [
    ("POST", "/account/password/change"),
    ("POST", "/account/email"),
    ("GET", "/account/email"),
    ("POST", "/account/phone"),
    ("POST", "/auth/signup"),
    ("POST", "/auth/email/verify"),
    ("POST", "/auth/code/confirm"),
]
INPUTS = {
    "/auth/login": {"username": "ana", "password": "pw-secret-123"},
    "/auth/password/request": {"email": "ana@example.com"},
    "/auth/password/reset": {"key": "1-abc-def", "password": "a-new-password-42"},
    "/auth/2fa/authenticate": {"code": "123456"},
}


def call(client, method, path, body=None):
    data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
    return client.generic(method, BASE + path, data=data, content_type="application/json")


def signed_in() -> APIClient:
    client = APIClient()
    client.force_login(UserFactory(), backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def test_each_open_endpoint_answers_a_stranger_and_a_signed_in_person_in_json():
    wrong = []
    for (method, path), expected in OPEN.items():
        got = []
        for client in (APIClient(), signed_in()):
            response = call(client, method, path)
            assert response["Content-Type"].startswith("application/"), (method, path, response.content[:200])
            got.append(response.status_code)
        if tuple(got) != expected:
            wrong.append((method, path, expected, tuple(got)))
    assert not wrong, wrong


@pytest.mark.parametrize(("method", "path"), CLOSED)
def test_endpoints_this_app_does_not_offer_are_a_json_404(method, path):
    for client in (APIClient(), signed_in()):
        response = call(client, method, path, {"email": "x@example.com", "password": "a-new-password-42"})
        assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_the_specification_is_served_as_json_not_as_a_page():
    assert APIClient().get("/_allauth/openapi.json")["Content-Type"] == "application/vnd.oai.openapi+json"
    page = APIClient().get("/_allauth/openapi.html")
    assert page.status_code == 404 and page["Content-Type"] == "application/json"


@override_settings(AXES_ENABLED=False)
def test_no_hostile_value_in_any_field_answers_a_500_or_html():
    UserFactory(username="ana", email="ana@example.com")
    broken = []
    for path, body in INPUTS.items():
        probes = [NESTED, "{not json", "[]"] + [{**body, field: value} for field in body for value in HOSTILE]
        for probe in probes:
            response = call(APIClient(), "POST", path, probe)
            if response.status_code >= 500 or not response["Content-Type"].startswith("application/json"):
                broken.append((path, str(probe)[:60], response.status_code, response["Content-Type"]))
    assert not broken, broken
