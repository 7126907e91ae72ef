import pytest
from rest_framework.test import APIClient

from accounts.models import Membership
from tests.conftest import as_user
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


LOGIN = "/_allauth/browser/v1/auth/login"
SESSION = "/_allauth/browser/v1/auth/session"


def test_session_login_with_good_password_opens_a_session(api, booker, member):
    response = api.post(LOGIN, {"username": "ana", "password": "pw-secret-123"}, format="json")
    assert response.status_code == 200
    assert response.json()["data"]["user"]["username"] == "ana"
    me = api.get("/api/v1/me/").json()
    assert me["memberships"] == [{"member": {"id": member.id, "name": "Norte Films"}, "role": "booker"}]


def test_session_login_by_e_mail_address_works_too(api, booker):
    response = api.post(LOGIN, {"email": "ANA@example.com", "password": "pw-secret-123"}, format="json")
    assert response.status_code == 200
    assert api.get("/api/v1/me/").json()["username"] == "ana"


def test_the_demo_password_still_signs_in(api):
    UserFactory(username="marta", password="demo")  # the demo's users: username and "demo"
    assert api.post(LOGIN, {"username": "marta", "password": "demo"}, format="json").status_code == 200


def test_login_with_bad_password_is_a_json_400_and_opens_no_session(api, booker):
    response = api.post(LOGIN, {"username": "ana", "password": "wrong"}, format="json")
    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert response.json()["errors"][0]["code"] == "username_password_mismatch"
    assert api.get("/api/v1/me/").status_code == 401


def test_an_inactive_user_cannot_sign_in(api, booker):
    booker.is_active = False
    booker.save()
    assert api.post(LOGIN, {"username": "ana", "password": "pw-secret-123"}, format="json").status_code != 200
    assert api.get("/api/v1/me/").status_code == 401


def test_login_without_fields_names_the_missing_field(api):
    response = api.post(LOGIN, {}, format="json")
    assert response.status_code == 400
    assert "password" in {error.get("param") for error in response.json()["errors"]}


def test_nobody_can_sign_themselves_up(api):
    body = {"username": "mallory", "email": "mallory@example.com", "password": "a-long-password-1"}
    response = api.post("/_allauth/browser/v1/auth/signup", body, format="json")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert not UserFactory._meta.model.objects.filter(username="mallory").exists()


def test_logout_ends_the_session(api, booker):
    api.post(LOGIN, {"username": "ana", "password": "pw-secret-123"}, format="json")
    assert api.delete(SESSION).status_code == 401  # allauth's answer: nobody is signed in now
    assert api.get("/api/v1/me/").status_code == 401


def test_token_auth_reads_me_and_a_wrong_token_is_refused(api, booker):
    token = api.post("/api/v1/auth/token/", {"username": "ana", "password": "pw-secret-123"}, format="json").json()
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token['token']}")
    assert client.get("/api/v1/me/").json()["username"] == "ana"
    bad = APIClient(HTTP_AUTHORIZATION="Token nope").get("/api/v1/me/")
    assert bad.status_code == 401
    assert bad.json()["code"] == "authentication_failed"


def test_token_request_with_bad_password_is_400(api, booker):
    response = api.post("/api/v1/auth/token/", {"username": "ana", "password": "x"}, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_me_lists_cluster_roles(api, asset):
    user = UserFactory(username="boss", is_staff=True, is_accountant=True)
    asset.managers.add(user)
    roles = as_user(api, user).get("/api/v1/me/").json()["cluster_roles"]
    assert roles == ["asset_manager", "accountant", "cluster_admin"]


def test_member_directory_shows_company_details_only_to_its_own_users(api, booker, member, other_member):
    rows = {row["name"]: row for row in as_user(api, booker).get("/api/v1/members/").json()}
    assert rows["Norte Films"]["tax_id"] == member.tax_id
    assert set(rows["Sur Producciones"]) == {"id", "name"}


def test_accountant_sees_every_members_details(api, member, other_member):
    accountant = UserFactory(is_accountant=True)
    rows = as_user(api, accountant).get("/api/v1/members/").json()
    assert all("tax_id" in row for row in rows)


def test_anonymous_user_gets_json_401_on_protected_endpoints(api):
    response = api.get("/api/v1/members/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_authenticated"


def test_session_write_without_csrf_token_is_refused(booker):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(booker)
    response = client.delete(SESSION)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert client.get("/api/v1/me/").status_code == 200  # still signed in


def test_csrf_endpoint_sets_the_cookie(api):
    response = api.get("/api/v1/auth/csrf/")
    assert response.status_code == 200
    assert response.json()["csrfToken"]
    assert "csrftoken" in response.cookies


def test_user_with_two_memberships_sees_both(api, booker, other_member):
    MembershipFactory(user=booker, member=other_member, role=Membership.Role.MEMBER_ADMIN)
    memberships = as_user(api, booker).get("/api/v1/me/").json()["memberships"]
    assert [(m["member"]["name"], m["role"]) for m in memberships] == [
        ("Norte Films", "booker"),
        ("Sur Producciones", "member_admin"),
    ]
