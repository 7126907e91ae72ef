"""Single sign-on's linking rules (accounts.sso), called as allauth calls them, with the login a provider returns:
a verified address links to its person or accepts their invitations, a registered domain makes a person who waits
for approval, and anything else is refused with a code the browser app explains."""

import json
import re
import socket
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from accounts.invitations import invitation_create
from accounts.models import EmailDomain, Invitation, JoinRequest, Membership, User
from accounts.sso import SocialAccountAdapter
from sinergia.oidc import oidc_apps, oidc_origins
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CORP = {"id": "corp", "name": "Corp ID", "issuer": "https://id.corp.example", "client_id": "c", "client_secret": "s"}


@pytest.fixture(autouse=True)
def corp_provider(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": oidc_apps(json.dumps([CORP]))}}


def provider_login(email: str, *, verified: bool = True, uid: str = "sub-1") -> SocialLogin:
    """What allauth's OpenID Connect provider makes of a provider's answer (not yet saved)."""
    account = SocialAccount(provider="corp", uid=uid, extra_data={"userinfo": {"sub": uid, "email": email}})
    user = User(email=email, first_name="Nora", last_name="Vidal")
    return SocialLogin(account=account, user=user, email_addresses=[EmailAddress(email=email, verified=verified)])


@pytest.fixture
def request_():
    request = RequestFactory().get("/accounts/oidc/corp/login/callback/")
    request.session = SessionStore()
    request.LANGUAGE_CODE = "es"
    return request


def sign_in(request, login: SocialLogin) -> User:
    """pre_social_login, then the auto sign-up allauth does for a new person when is_open_for_signup allows it."""
    adapter = SocialAccountAdapter(request)
    adapter.pre_social_login(request, login)
    if login.is_existing:
        return login.user
    assert adapter.is_open_for_signup(request, login)
    adapter.populate_user(request, login, {"email": login.user.email, "first_name": "Nora", "last_name": "Vidal"})
    user = adapter.save_user(request, login)
    return user


def test_an_unverified_address_is_refused(request_, member):
    EmailDomain.objects.create(member=member, domain="norte.example")
    with pytest.raises(ValidationError) as refused:
        sign_in(request_, provider_login("nora@norte.example", verified=False))
    assert refused.value.code == "email_unverified"
    assert not User.objects.filter(email="nora@norte.example").exists()


def test_an_unknown_domain_is_refused_and_makes_no_account(request_, member):
    with pytest.raises(ValidationError) as refused:
        sign_in(request_, provider_login("nora@elsewhere.example"))
    assert refused.value.code == "unknown_domain"
    assert not SocialAccountAdapter(request_).is_open_for_signup(request_, provider_login("nora@elsewhere.example"))
    assert not User.objects.filter(email="nora@elsewhere.example").exists()


def test_a_verified_address_links_to_the_person_who_has_it(request_, booker):
    booker.email = "Ana@Norte.example"
    booker.save()
    login = provider_login("ana@norte.example")
    SocialAccountAdapter(request_).pre_social_login(request_, login)
    assert login.is_existing and login.user == booker
    assert SocialAccount.objects.get(uid="sub-1").user == booker
    assert User.objects.filter(email__iexact="ana@norte.example").count() == 1


def test_a_registered_domain_makes_a_person_who_waits_for_approval(request_, member):
    EmailDomain.objects.create(member=member, domain="norte.example")
    user = sign_in(request_, provider_login("Nora@Norte.example"))
    assert user.email == "nora@norte.example"
    assert not user.has_usable_password()
    assert user.language == "es"
    assert not Membership.objects.filter(user=user).exists()
    assert JoinRequest.objects.get(user=user).member == member
    assert SocialAccount.objects.get(uid="sub-1").user == user


def test_a_domain_of_a_deactivated_company_lets_nobody_in(request_, member):
    EmailDomain.objects.create(member=member, domain="norte.example")
    member.is_active = False
    member.save()
    with pytest.raises(ValidationError) as refused:
        sign_in(request_, provider_login("nora@norte.example"))
    assert refused.value.code == "unknown_domain"


def test_an_invited_address_accepts_its_invitation_without_a_join_request(request_, member, member_admin):
    invitation, _token = invitation_create(by=member_admin, email="nora@freelance.example", role="member_admin",
                                           member=member)  # fmt: skip
    user = sign_in(request_, provider_login("nora@freelance.example"))
    assert Membership.objects.get(user=user, member=member).role == "member_admin"
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.state() == "accepted"
    assert not JoinRequest.objects.exists()


def test_an_expired_invitation_lets_nobody_in_and_says_it_expired(request_, member, member_admin):
    invitation, _token = invitation_create(by=member_admin, email="nora@freelance.example", role="booker",
                                           member=member)  # fmt: skip
    Invitation.objects.filter(id=invitation.id).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as refused:
        sign_in(request_, provider_login("Nora@Freelance.example"))
    assert refused.value.code == "invitation_expired"
    assert "expired" in refused.value.message
    assert not SocialAccountAdapter(request_).is_open_for_signup(request_, provider_login("nora@freelance.example"))
    assert not User.objects.filter(email__iexact="nora@freelance.example").exists()
    invitation.refresh_from_db()
    assert invitation.state() == "expired" and invitation.accepted_at is None


def test_a_revoked_invitation_lets_nobody_in(request_, member, member_admin):
    invitation, _token = invitation_create(by=member_admin, email="nora@freelance.example", role="booker",
                                           member=member)  # fmt: skip
    Invitation.objects.filter(id=invitation.id).update(revoked_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        sign_in(request_, provider_login("nora@freelance.example"))
    assert refused.value.code == "unknown_domain"


def test_an_expired_invitation_on_a_registered_domain_still_asks_to_join(request_, member, member_admin):
    EmailDomain.objects.create(member=member, domain="norte.example")
    invitation, _token = invitation_create(by=member_admin, email="nora@norte.example", role="booker",
                                           member=member)  # fmt: skip
    Invitation.objects.filter(id=invitation.id).update(expires_at=timezone.now() - timedelta(minutes=1))
    user = sign_in(request_, provider_login("nora@norte.example"))
    assert JoinRequest.objects.get(user=user, member=member).status == "pending"
    assert not Membership.objects.filter(user=user).exists()


def test_a_known_person_signing_in_accepts_a_new_invitation(request_, booker, other_member):
    admin = UserFactory(is_staff=True)
    booker.email = "ana@norte.example"
    booker.save()
    invitation_create(by=admin, email="ana@norte.example", role="booker", member=other_member)
    SocialAccountAdapter(request_).pre_social_login(request_, provider_login("ana@norte.example"))
    assert Membership.objects.filter(user=booker, member=other_member).exists()


def test_a_returning_person_signs_in_with_their_linked_account(request_, member):
    EmailDomain.objects.create(member=member, domain="norte.example")
    first = sign_in(request_, provider_login("nora@norte.example"))
    login = provider_login("nora@norte.example")
    login.lookup()
    assert login.is_existing
    SocialAccountAdapter(request_).pre_social_login(request_, login)
    assert login.user == first
    assert JoinRequest.objects.filter(user=first).count() == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_config_lists_each_provider_of_the_environment(client):
    providers = client.get("/_allauth/browser/v1/config").json()["data"]["socialaccount"]["providers"]
    assert [(p["id"], p["name"]) for p in providers] == [("corp", "Corp ID")]


def test_a_provider_that_is_down_sends_the_browser_back_with_a_reason(client, settings):
    down = {**CORP, "issuer": f"http://127.0.0.1:{_closed_port()}"}
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": oidc_apps(json.dumps([down]))}}
    response = client.post(
        "/_allauth/browser/v1/auth/provider/redirect",
        {"provider": "corp", "process": "login", "callback_url": "/#/login"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/?error=provider_unavailable&error_process=login#/login"


def test_an_unknown_provider_is_not_a_server_error(client):
    response = client.post(
        "/_allauth/browser/v1/auth/provider/redirect",
        {"provider": "nobody", "process": "login", "callback_url": "/#/login"},
    )
    assert response.status_code < 500


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("{", "not JSON"),
        ('{"id": "x"}', "must be a JSON list"),
        ('[{"id": "corp", "name": "Corp"}]', "lacks issuer, client_id, client_secret"),
        (json.dumps([CORP, CORP]), "not a unique short name"),
        (json.dumps([{**CORP, "issuer": "id.corp.example"}]), "issuer must be an http(s) URL"),
    ],
)
def test_a_malformed_provider_list_stops_the_start_saying_why(raw, problem):
    with pytest.raises(ImproperlyConfigured, match=re.escape(problem)):
        oidc_apps(raw)


def test_no_providers_is_an_empty_list():
    assert oidc_apps("  ") == []


def test_reading_an_unverified_answer_does_not_fail_before_the_rules(request_):
    """allauth calls populate_user as it reads the provider's answer: the refusal belongs to pre_social_login."""
    login = provider_login("ugo@norte.example", verified=False)
    user = SocialAccountAdapter(request_).populate_user(request_, login, {"email": "ugo@norte.example"})
    assert user.email == ""


def test_the_sign_in_form_may_be_redirected_to_each_providers_origin_only():
    keycloak = {**CORP, "id": "kc", "issuer": "https://sso.example:8443/realms/norte"}
    again = {**CORP, "id": "corp2", "issuer": "https://id.corp.example/other"}
    apps = oidc_apps(json.dumps([CORP, keycloak, again]))
    assert oidc_origins(apps) == ["https://id.corp.example", "https://sso.example:8443"]
