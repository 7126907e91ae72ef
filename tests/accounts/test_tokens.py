"""Named, revocable API tokens: made with the password again, stored hashed, listed, revoked by their owner or
the owner's member admin, gone with the owner's last membership, and the keys of DRF's authtoken kept working."""

from datetime import timedelta

import pyotp
import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.models import ApiToken, Membership
from accounts.tokens import hash_key
from audit.models import Change
from tests.conftest import as_user
from tests.factories import MembershipFactory, UserFactory, api_key

pytestmark = pytest.mark.django_db

PASSWORD = "pw-secret-123"


def keyed(key: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {key}")


def test_the_token_endpoint_still_answers_a_key_that_works_and_is_listed_as_auth_token(api, booker):
    response = api.post("/api/v1/auth/token/", {"username": "ana", "password": PASSWORD}, format="json")
    assert response.status_code == 200 and set(response.json()) == {"token"}
    key = response.json()["token"]
    assert keyed(key).get("/api/v1/me/").json()["username"] == "ana"
    listed = keyed(key).get("/api/v1/me/tokens/").json()
    assert [(t["name"], t["prefix"]) for t in listed] == [("auth/token", key[:8])]
    assert "key" not in listed[0]


def test_only_the_hash_of_a_key_is_stored(booker):
    key = api_key(booker)
    token = ApiToken.objects.get(user=booker)
    assert token.key_hash == hash_key(key) and key not in token.key_hash and token.prefix == key[:8]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        assert not any(key in str(value) for row in cursor.fetchall() for value in row)


def test_making_a_named_token_asks_for_the_password_and_shows_the_key_once(api, booker):
    client = as_user(api, booker)
    wrong = client.post("/api/v1/me/tokens/", {"name": "Sheets", "password": "nope"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "wrong_password"
    assert not ApiToken.objects.exists()
    assert client.post("/api/v1/me/tokens/", {"name": "  ", "password": PASSWORD}, format="json").status_code == 400

    made = client.post("/api/v1/me/tokens/", {"name": "Sheets", "password": PASSWORD}, format="json")
    assert made.status_code == 201
    body = made.json()
    assert body["name"] == "Sheets" and body["prefix"] == body["key"][:8] and body["last_used_at"] is None
    assert keyed(body["key"]).get("/api/v1/me/").json()["username"] == "ana"
    listed = client.get("/api/v1/me/tokens/").json()
    assert [t["id"] for t in listed] == [body["id"]] and "key" not in listed[0]


def test_last_used_moves_at_most_once_a_minute(booker):
    key = api_key(booker)
    token = ApiToken.objects.get(user=booker)
    keyed(key).get("/api/v1/me/")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and timezone.now() - first < timedelta(seconds=5)
    keyed(key).get("/api/v1/me/")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(id=token.id).update(last_used_at=first - timedelta(seconds=61))
    keyed(key).get("/api/v1/me/")
    token.refresh_from_db()
    assert token.last_used_at > first


def test_revoking_my_token_refuses_its_next_request_and_is_audited(api, booker):
    key = api_key(booker, name="Sheets")
    token = ApiToken.objects.get(user=booker)
    assert keyed(key).delete(f"/api/v1/tokens/{token.id}/").status_code == 204
    refused = keyed(key).get("/api/v1/me/")
    assert refused.status_code == 401 and refused.json()["code"] == "authentication_failed"
    assert as_user(api, booker).delete(f"/api/v1/tokens/{token.id}/").status_code == 404  # already revoked
    assert as_user(api, booker).get("/api/v1/me/tokens/").json() == []
    token.refresh_from_db()
    assert token.revoked_at is not None
    changes = Change.objects.filter(target_type="accounts.apitoken", target_id=token.id).order_by("id")
    actions = list(changes.values_list("action", "by"))
    assert actions == [("api_token.create", booker.id), ("api_token.revoke", booker.id)]


def test_a_token_of_an_inactive_user_is_refused(booker):
    key = api_key(booker)
    booker.is_active = False
    booker.save()
    assert keyed(key).get("/api/v1/me/").status_code == 401


def test_a_member_admin_lists_and_revokes_its_peoples_tokens_and_no_one_elses(
    api, member, other_member, booker, member_admin, other_booker
):
    mine = api_key(booker, name="Sheets")
    theirs = api_key(other_booker, name="Theirs")
    admin = as_user(APIClient(), member_admin)
    listed = admin.get(f"/api/v1/members/{member.id}/tokens/").json()
    assert [(t["username"], t["name"]) for t in listed] == [("ana", "Sheets")]
    assert admin.get(f"/api/v1/members/{other_member.id}/tokens/").status_code == 404
    assert as_user(APIClient(), booker).get(f"/api/v1/members/{member.id}/tokens/").status_code == 403

    their_token = ApiToken.objects.get(user=other_booker)
    assert admin.delete(f"/api/v1/tokens/{their_token.id}/").status_code == 404
    assert keyed(theirs).get("/api/v1/me/").status_code == 200
    # A booker cannot revoke a colleague's token either.
    colleague = MembershipFactory(member=member).user
    assert as_user(APIClient(), colleague).delete(f"/api/v1/tokens/{listed[0]['id']}/").status_code == 404

    assert admin.delete(f"/api/v1/tokens/{listed[0]['id']}/").status_code == 204
    assert keyed(mine).get("/api/v1/me/").status_code == 401
    change = Change.objects.get(action="api_token.revoke")
    assert change.by == member_admin and change.member_id == member.id


def test_a_person_removed_from_their_only_company_loses_every_token(api, member, booker, member_admin):
    key = api_key(booker)
    membership = Membership.objects.get(user=booker, member=member)
    assert as_user(api, member_admin).delete(f"/api/v1/memberships/{membership.id}/").status_code == 200
    assert keyed(key).get("/api/v1/me/").status_code == 401
    assert Change.objects.filter(action="api_token.revoke", member_id=member.id, by=member_admin).count() == 1


def test_a_person_removed_from_one_of_two_companies_keeps_its_token_for_the_other_only(
    api, member, other_member, booker, member_admin
):
    MembershipFactory(member=other_member, user=booker)
    key = api_key(booker)
    membership = Membership.objects.get(user=booker, member=member)
    assert as_user(api, member_admin).delete(f"/api/v1/memberships/{membership.id}/").status_code == 200
    me = keyed(key).get("/api/v1/me/").json()
    assert [m["member"]["id"] for m in me["memberships"]] == [other_member.id]
    assert keyed(key).get(f"/api/v1/members/{member.id}/cost-centres/").status_code == 404
    assert keyed(key).get(f"/api/v1/members/{other_member.id}/cost-centres/").status_code == 200


def test_tokens_revoke_all_revokes_every_live_token(booker, other_booker):
    keys = [api_key(booker, name=f"t{i}") for i in range(3)]
    kept = api_key(other_booker)
    assert services.tokens_revoke_all(booker) == 3
    assert all(keyed(key).get("/api/v1/me/").status_code == 401 for key in keys)
    assert keyed(kept).get("/api/v1/me/").status_code == 200
    assert services.tokens_revoke_all(booker) == 0


def test_the_token_endpoint_keeps_the_last_ten_of_its_tokens(api, booker):
    named = api_key(booker, name="Sheets")
    keys = [services.token_for(user=booker) for _ in range(11)]
    assert keyed(keys[0]).get("/api/v1/me/").status_code == 401
    assert all(keyed(key).get("/api/v1/me/").status_code == 200 for key in keys[1:])
    assert keyed(named).get("/api/v1/me/").status_code == 200


def test_a_cluster_admin_revokes_anyones_token(api, booker):
    key = api_key(booker)
    token = ApiToken.objects.get(user=booker)
    assert as_user(api, UserFactory(is_staff=True)).delete(f"/api/v1/tokens/{token.id}/").status_code == 204
    assert keyed(key).get("/api/v1/me/").status_code == 401


@pytest.mark.django_db(transaction=True)
def test_keys_of_the_old_authtoken_table_are_hashed_in_and_keep_working():
    """The data migration, run against a table shaped like DRF's authtoken_token."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("accounts.migrations.0004_api_token_from_authtoken")
    user = MembershipFactory().user
    old_key = "0123456789abcdef0123456789abcdef01234567"
    with connection.schema_editor() as editor:
        editor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp with time zone NOT NULL, "
            "user_id integer NOT NULL)"
            if connection.vendor == "postgresql"
            else "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created datetime NOT NULL, "
            "user_id integer NOT NULL)"
        )
        editor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            [old_key, timezone.now(), user.id],
        )
        migration.hash_old_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    token = ApiToken.objects.get(user=user)
    assert (token.name, token.prefix, token.revoked_at) == ("auth/token", old_key[:8], None)
    assert keyed(old_key).get("/api/v1/me/").json()["id"] == user.id


def test_with_an_authenticator_app_making_a_token_asks_for_a_code_too(api, booker):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    cache.clear()  # allauth remembers used codes and counts wrong ones in the cache
    secret = generate_totp_secret()
    TOTP.activate(booker, secret)
    recovery = RecoveryCodes.activate(booker).get_unused_codes()
    client = as_user(api, booker)
    url = "/api/v1/me/tokens/"

    missing = client.post(url, {"name": "Sheets", "password": PASSWORD}, format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "mfa_required"
    wrong = client.post(url, {"name": "Sheets", "password": PASSWORD, "code": "000000"}, format="json")
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_code"
    bad_password = client.post(
        url, {"name": "Sheets", "password": "nope", "code": pyotp.TOTP(secret).now()}, format="json"
    )
    assert bad_password.status_code == 400 and bad_password.json()["code"] == "wrong_password"
    assert not ApiToken.objects.exists()

    made = client.post(url, {"name": "Sheets", "password": PASSWORD, "code": pyotp.TOTP(secret).now()}, format="json")
    assert made.status_code == 201 and keyed(made.json()["key"]).get("/api/v1/me/").status_code == 200
    by_recovery = client.post(url, {"name": "CI", "password": PASSWORD, "code": recovery[0]}, format="json")
    assert by_recovery.status_code == 201
    again = client.post(url, {"name": "CI 2", "password": PASSWORD, "code": recovery[0]}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "invalid_code"  # a recovery code works once
    assert sorted(ApiToken.objects.values_list("name", flat=True)) == ["CI", "Sheets"]
    cache.clear()
