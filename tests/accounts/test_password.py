"""Password reset (allauth headless, our e-mail) and password change (POST /api/v1/me/password/)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from tests.factories import UserFactory, api_key

pytestmark = pytest.mark.django_db

REQUEST = "/_allauth/browser/v1/auth/password/request"
RESET = "/_allauth/browser/v1/auth/password/reset"
LOGIN = "/_allauth/browser/v1/auth/login"


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Ask for a reset link as a stranger's browser would; the e-mail goes out on commit."""

    def ask(email: str, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return APIClient().post(REQUEST, {"email": email}, format="json", **headers)

    return ask


@pytest.fixture
def ana():
    return UserFactory(username="ana", email="ana@example.com", password="old-password-1", language="es")


def reset_key(message) -> str:
    """The key from the e-mail's link to the app's "set a new password" page."""
    return re.search(r"#/reset-password/(\S+)", message.body).group(1)


def sign_in(password: str, username: str = "ana") -> int:
    return APIClient().post(LOGIN, {"username": username, "password": password}, format="json").status_code


def test_a_reset_request_answers_the_same_whether_or_not_the_address_has_an_account(ana, ask):
    known = ask("ana@example.com")
    unknown = ask("nobody@example.com")
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json()) == (200, {"status": 200})
    assert [message.to for message in mail.outbox] == [["ana@example.com"]]  # nothing to the unknown address


def test_the_reset_e_mail_is_in_the_recipients_language_with_text_and_html(ana, ask):
    ask("ANA@example.com", HTTP_ACCEPT_LANGUAGE="en")
    (message,) = mail.outbox
    assert message.subject == "Elige una contraseña nueva para Sinergia"
    assert "Hola, ana" in message.body and "#/reset-password/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Elegir una contraseña nueva</a>" in html and "#/reset-password/" in html


def test_the_reset_link_sets_a_new_password_once(ana, ask):
    ask("ana@example.com")
    key = reset_key(mail.outbox[0])
    assert APIClient().get(RESET, HTTP_X_PASSWORD_RESET_KEY=key).status_code == 200
    response = APIClient().post(RESET, {"key": key, "password": "new-password-42"}, format="json")
    assert response.status_code == 401  # done; allauth then asks for a sign-in
    assert sign_in("new-password-42") == 200 and sign_in("old-password-1") == 400
    again = APIClient().post(RESET, {"key": key, "password": "third-password-7"}, format="json")
    assert again.status_code == 400 and again.json()["errors"][0]["param"] == "key"
    assert sign_in("new-password-42") == 200


def test_the_reset_link_expires(ana, ask):
    ask("ana@example.com")
    key = reset_key(mail.outbox[0])
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        response = APIClient().post(RESET, {"key": key, "password": "new-password-42"}, format="json")
    assert response.status_code == 400
    assert sign_in("old-password-1") == 200


def test_a_reset_ends_the_sessions_already_open(ana, ask):
    browser = APIClient()
    browser.post(LOGIN, {"username": "ana", "password": "old-password-1"}, format="json")
    ask("ana@example.com")
    APIClient().post(RESET, {"key": reset_key(mail.outbox[0]), "password": "new-password-42"}, format="json")
    assert browser.get("/api/v1/me/").status_code == 401


@override_settings(ACCOUNT_RATE_LIMITS={"reset_password": "20/m/ip,2/m/key"})
def test_reset_requests_are_throttled_per_address_asked_for(ana, ask):
    cache.clear()
    answers = [ask("ana@example.com") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[-1]["Content-Type"] == "application/json"
    assert len(mail.outbox) == 2
    cache.clear()


def test_a_weak_new_password_is_refused_by_the_reset(ana, ask):
    ask("ana@example.com")
    response = APIClient().post(RESET, {"key": reset_key(mail.outbox[0]), "password": "123"}, format="json")
    assert response.status_code == 400
    assert sign_in("old-password-1") == 200


# --- Change ------------------------------------------------------------------------------------------------


def signed_in(password="old-password-1") -> APIClient:
    client = APIClient()
    assert client.post(LOGIN, {"username": "ana", "password": password}, format="json").status_code == 200
    return client


def test_changing_the_password_needs_the_current_one(ana):
    client = signed_in()
    body = {"current_password": "wrong", "new_password": "new-password-42", "revoke_tokens": False}
    response = client.post("/api/v1/me/password/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "wrong_password"
    assert response.json()["field"] == "current_password"
    assert sign_in("old-password-1") == 200


def test_a_weak_new_password_is_refused(ana):
    body = {"current_password": "old-password-1", "new_password": "ana", "revoke_tokens": False}
    response = signed_in().post("/api/v1/me/password/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "weak_password"
    assert sign_in("old-password-1") == 200


def test_a_change_keeps_this_session_ends_the_others_and_keeps_the_tokens_when_asked(ana):
    here, elsewhere = signed_in(), signed_in()
    token = api_key(ana)
    body = {"current_password": "old-password-1", "new_password": "new-password-42", "revoke_tokens": False}
    assert here.post("/api/v1/me/password/", body, format="json").status_code == 204
    assert here.get("/api/v1/me/").status_code == 200
    assert elsewhere.get("/api/v1/me/").status_code == 401
    assert APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me/").status_code == 200
    assert sign_in("new-password-42") == 200


def test_a_change_revokes_the_tokens_when_asked(ana):
    token = api_key(ana)
    someone = UserFactory()
    other = api_key(someone)
    body = {"current_password": "old-password-1", "new_password": "new-password-42", "revoke_tokens": True}
    assert signed_in().post("/api/v1/me/password/", body, format="json").status_code == 204
    assert APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me/").status_code == 401
    assert list(ApiToken.objects.filter(revoked_at__isnull=True).values_list("user", flat=True)) == [someone.id]
    assert APIClient(HTTP_AUTHORIZATION=f"Token {other}").get("/api/v1/me/").status_code == 200


def test_the_choice_about_tokens_must_be_made(ana):
    body = {"current_password": "old-password-1", "new_password": "new-password-42"}
    response = signed_in().post("/api/v1/me/password/", body, format="json")
    assert response.status_code == 400 and "revoke_tokens" in response.json()


def test_allauths_own_change_endpoint_is_closed(ana):
    body = {"current_password": "old-password-1", "new_password": "new-password-42"}
    response = signed_in().post("/_allauth/browser/v1/account/password/change", body, format="json")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_the_caller_sets_its_language(ana):
    client = signed_in()
    assert client.patch("/api/v1/me/", {"language": "en"}, format="json").json()["language"] == "en"
    assert client.patch("/api/v1/me/", {"language": "fr"}, format="json").status_code == 400
    ana.refresh_from_db()
    assert ana.language == "en"
