"""Two-factor with allauth.mfa: TOTP set up and asked at sign-in, recovery codes used once, and the rule that
cluster admins and accountants (MFA_REQUIRED_ROLES) reach nothing but /me/ until they set it up."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from accounts import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE = "/_allauth/browser/v1"
REQUIRED = override_settings(MFA_REQUIRED_ROLES=["cluster_admin", "accountant"])


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # allauth remembers used codes and counts attempts in the cache
    yield
    cache.clear()


def sign_in(username: str, password: str = "pw-secret-123") -> tuple[APIClient, int]:
    client = APIClient()
    response = client.post(f"{BASE}/auth/login", {"username": username, "password": password}, format="json")
    return client, response.status_code


def enrol(client: APIClient) -> tuple[str, list[str]]:
    """Set up TOTP as the Account page does: the password again, the key from the 404, a code from it; then the
    recovery codes."""
    again = client.post(f"{BASE}/auth/reauthenticate", {"password": "pw-secret-123"}, format="json")
    assert again.status_code == 200, again.content
    offered = client.get(f"{BASE}/account/authenticators/totp")
    assert offered.status_code == 404
    secret = offered.json()["meta"]["secret"]
    activated = client.post(f"{BASE}/account/authenticators/totp", {"code": pyotp.TOTP(secret).now()}, format="json")
    assert activated.status_code == 200, activated.content
    codes = client.get(f"{BASE}/account/authenticators/recovery-codes").json()["data"]["unused_codes"]
    return secret, codes


@pytest.fixture
def carla():
    return UserFactory(username="carla")


def test_a_person_with_totp_is_asked_for_the_code_and_signed_in_only_with_a_right_one(carla):
    client, _status = sign_in("carla")
    secret, _codes = enrol(client)
    client, status = sign_in("carla")
    assert status == 401
    flows = client.get(f"{BASE}/auth/session").json()["data"]["flows"]
    assert any(flow["id"] == "mfa_authenticate" and flow.get("is_pending") for flow in flows)
    assert client.get("/api/v1/me/").status_code == 401  # the password alone opens nothing
    wrong = client.post(f"{BASE}/auth/2fa/authenticate", {"code": "000000"}, format="json")
    assert wrong.status_code == 400
    right = client.post(f"{BASE}/auth/2fa/authenticate", {"code": pyotp.TOTP(secret).now()}, format="json")
    assert right.status_code == 200
    assert client.get("/api/v1/me/").json()["username"] == "carla"


def test_a_code_is_not_accepted_twice(carla):
    client, _status = sign_in("carla")
    secret, _codes = enrol(client)
    code = pyotp.TOTP(secret).now()
    first, _ = sign_in("carla")
    assert first.post(f"{BASE}/auth/2fa/authenticate", {"code": code}, format="json").status_code == 200
    second, _ = sign_in("carla")
    assert second.post(f"{BASE}/auth/2fa/authenticate", {"code": code}, format="json").status_code == 400


def test_a_recovery_code_signs_in_once(carla):
    client, _status = sign_in("carla")
    _secret, codes = enrol(client)
    first, _ = sign_in("carla")
    assert first.post(f"{BASE}/auth/2fa/authenticate", {"code": codes[0]}, format="json").status_code == 200
    second, _ = sign_in("carla")
    assert second.post(f"{BASE}/auth/2fa/authenticate", {"code": codes[0]}, format="json").status_code == 400
    assert second.post(f"{BASE}/auth/2fa/authenticate", {"code": codes[1]}, format="json").status_code == 200


def test_wrong_codes_are_limited_per_person(carla):
    client, _status = sign_in("carla")
    secret, _codes = enrol(client)
    with override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "100/m/ip,3/300s/key"}):
        attempt, _ = sign_in("carla")
        answers = [attempt.post(f"{BASE}/auth/2fa/authenticate", {"code": "000000"}, format="json") for _ in range(4)]
        right = attempt.post(f"{BASE}/auth/2fa/authenticate", {"code": pyotp.TOTP(secret).now()}, format="json")
    assert [answer.status_code for answer in answers] == [400, 400, 400, 400]
    assert answers[-1].json()["errors"][0]["code"] == "too_many_login_attempts"
    assert right.status_code == 400  # even the right code waits out the limit


@REQUIRED
@pytest.mark.parametrize("flags", [{"is_accountant": True}, {"is_staff": True}])
def test_an_accountant_or_admin_without_totp_reaches_only_me_until_enrolled(flags):
    UserFactory(username="alba", **flags)
    client, status = sign_in("alba")
    assert status == 200
    me = client.get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["mfa_required"] is True
    for path in ["/api/v1/statements/", "/api/v1/reservations/", "/api/v1/assets/", "/api/v1/me/calendar-token/"]:
        refused = client.get(path)
        assert (refused.status_code, refused.json()["code"]) == (403, "mfa_enrolment_required"), path
    enrol(client)
    assert client.get("/api/v1/me/").json()["mfa_required"] is False
    assert client.get("/api/v1/statements/").status_code == 200


@REQUIRED
def test_an_api_token_of_such_a_person_is_refused_too_until_enrolled():
    alba = UserFactory(username="alba", is_accountant=True)
    token = APIClient(HTTP_AUTHORIZATION=f"Token {services.token_for(user=alba)}")
    refused = token.get("/api/v1/statements/")
    assert (refused.status_code, refused.json()["code"]) == (403, "mfa_enrolment_required")
    Authenticator.objects.create(user=alba, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert token.get("/api/v1/statements/").status_code == 200


@REQUIRED
def test_other_roles_are_not_asked(carla):
    client, _status = sign_in("carla")
    assert client.get("/api/v1/me/").json()["mfa_required"] is False
    assert client.get("/api/v1/reservations/").status_code == 200


def test_without_required_roles_nobody_is_held(carla):
    UserFactory(username="alba", is_accountant=True)
    client, _status = sign_in("alba")
    assert client.get("/api/v1/statements/").status_code == 200


def test_the_token_endpoint_asks_a_person_with_totp_for_a_code(carla):
    client, _status = sign_in("carla")
    secret, codes = enrol(client)

    def token(**extra):
        body = {"username": "carla", "password": "pw-secret-123", **extra}
        return APIClient().post("/api/v1/auth/token/", body, format="json")

    assert (token().status_code, token().json()["code"]) == (400, "mfa_required")
    assert (token(code="000000").status_code, token(code="000000").json()["code"]) == (400, "invalid_code")
    assert token(code=pyotp.TOTP(secret).now()).json()["token"]
    assert token(code=codes[0]).status_code == 200
    assert token(code=codes[0]).status_code == 400  # a recovery code is spent once


@override_settings(MFA_REQUIRED_ROLES=["member_admin"])
def test_a_company_role_can_be_required_too(carla):
    from accounts.models import Membership
    from tests.factories import MembershipFactory

    admin = MembershipFactory(role=Membership.Role.MEMBER_ADMIN, user=UserFactory(username="berta")).user
    client, _status = sign_in("berta")
    refused = client.get("/api/v1/reservations/")
    assert (refused.status_code, refused.json()["code"]) == (403, "mfa_enrolment_required")
    assert sign_in("carla")[0].get("/api/v1/reservations/").status_code == 200  # no company role: not asked
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.get("/api/v1/reservations/").status_code == 200
