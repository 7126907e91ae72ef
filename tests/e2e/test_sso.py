"""Single sign-on against a real OpenID Connect provider (node-oidc-provider, tests/e2e/oidc/provider.mjs), signed
in through its own pages in Chromium.

Nora's company account is on norte-films.example, which Bruno registers for Norte Films: her first sign-in makes
her wait, Bruno approves her from My company, and she books. Inés, invited by address, accepts with her provider;
Olga's invitation expires before she accepts with hers, and she is told it expired.
The ways it fails say why on the sign-in page: an address the provider does not vouch for, an unknown domain, a
provider that is down, a sign-in cancelled at the provider. The pages pass axe on a phone in English and Spanish."""

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from .helpers import audit, future, pick_slot, settle

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def sign_in_at_provider(page, login: str):
    """The provider's development pages: any password, then consent."""
    page.wait_for_url(re.compile(r"http://127\.0\.0\.1:\d+/interaction/"))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any-password")
    page.locator("button[type=submit]").click()
    consent = page.get_by_role("button", name="Continue")
    consent.wait_for()
    consent.click()


def start(app, provider: str = "sinergia-id"):
    page = app.page
    page.goto("/#/login")
    page.get_by_test_id(f"sso-{provider}").click()
    return page


def both_languages_pass_axe(page) -> None:
    for language in ("en", "es"):
        page.get_by_test_id(f"language-{language}").click()
        settle(page)
        assert audit(page) == [], language
    page.get_by_test_id("language-en").click()


def invited(app_for, mailbox, email: str, language: str):
    """Bruno invites `email` as a booker of Norte Films; the invitee opens the e-mail's link on a phone and is
    offered to accept with the provider. Returns (bruno, member id, the invitation body, the invitee's app)."""
    bruno = app_for("bruno", language="en")
    member = next(m["member"]["id"] for m in bruno.api("GET", "/me/").json()["memberships"])
    body = {"email": email, "role": "booker", "member": member, "language": language}
    assert bruno.api("POST", "/invitations/", body).status == 201
    [message] = [m for m in mailbox() if m["To"] == email]
    link = re.search(r"/#/invitations/[0-9a-f]{64}", message.get_body(("plain",)).get_content()).group(0)
    invitee = app_for(viewport=PHONE)
    invitee.page.goto(link)
    expect(invitee.page.get_by_test_id("sso-sinergia-id")).to_have_text("Accept with Sinergia ID")
    return bruno, member, body, invitee


def test_a_first_sign_in_on_a_registered_domain_waits_for_approval_then_books(app_for, oidc_provider, mailbox):
    bruno = app_for("bruno", language="en")
    member = next(m["member"]["id"] for m in bruno.api("GET", "/me/").json()["memberships"])
    page = bruno.page
    page.goto(f"/#/company?member={member}&section=joining")
    settle(page)
    page.get_by_test_id("domain-new").fill("gmail.com")
    page.get_by_test_id("domain-add").click()
    expect(page.locator("#domain-new-error")).to_contain_text("public e-mail service")
    page.get_by_test_id("domain-new").fill("Norte-Films.example")
    page.get_by_test_id("domain-add").click()
    expect(page.get_by_test_id("domain-norte-films.example")).to_be_visible()

    nora = app_for(viewport=PHONE)
    login = nora.page
    login.goto("/#/login")
    expect(login.get_by_test_id("sso-sinergia-id")).to_have_text("Sign in with Sinergia ID")
    both_languages_pass_axe(login)
    nora.screenshot("test_sso_login_buttons")
    start(nora)
    sign_in_at_provider(login, "nora")
    expect(login.get_by_test_id("pending-message")).to_contain_text("You asked to join Norte Films")
    both_languages_pass_axe(login)
    nora.screenshot("test_sso_pending")

    page.reload()
    settle(page)
    row = page.get_by_test_id("join-nora@norte-films.example")
    expect(row).to_contain_text("Nora Vidal")
    page.set_viewport_size(PHONE)
    both_languages_pass_axe(page)
    bruno.screenshot("test_sso_company_joining")
    row.get_by_test_id("join-role-nora@norte-films.example").select_option("booker")
    row.get_by_test_id("join-approve-nora@norte-films.example").click()
    expect(page.get_by_test_id("joining-status")).to_contain_text("Nora Vidal joined the company")
    [message] = [m for m in mailbox() if m["To"] == "nora@norte-films.example"]
    assert message["Subject"] == "You are now part of Norte Films in Sinergia"

    login.get_by_test_id("pending-check").click()
    expect(login.get_by_test_id("header-user")).to_contain_text("Nora")
    login.set_viewport_size({"width": 1280, "height": 900})
    login.get_by_test_id("nav-book").click()
    pick_slot(login, "Sala de etalonaje", future(3, weeks_ahead=9), "09:00", "10:00", "Primera sesión SSO")
    login.get_by_test_id("book-submit").click()
    expect(login.locator(".result-card--ok")).to_be_visible()
    booked = nora.api("GET", "/reservations/?ordering=-created_at&page_size=1").json()["results"][0]
    assert booked["title"] == "Primera sesión SSO"
    assert nora.api("POST", f"/reservations/{booked['id']}/cancel/", {"reason": "e2e"}).status == 200


def test_an_invited_address_accepts_with_the_provider(app_for, oidc_provider, mailbox):
    bruno, member, body, ines = invited(app_for, mailbox, "ines@freelance.example", "en")
    page = ines.page
    accept = page.get_by_test_id("sso-sinergia-id")
    both_languages_pass_axe(page)
    accept.click()
    sign_in_at_provider(page, "ines")
    expect(page.get_by_test_id("header-user")).to_be_visible()
    me = ines.api("GET", "/me/").json()
    assert [(m["member"]["id"], m["role"]) for m in me["memberships"]] == [(member, "booker")]
    invitation = next(i for i in bruno.api("GET", "/invitations/").json()["results"] if i["email"] == body["email"])
    assert invitation["state"] == "accepted"


def test_an_invitation_that_expired_before_the_provider_answered_says_so(
    app_for, oidc_provider, mailbox, tmp_path_factory
):
    bruno, _member, body, olga = invited(app_for, mailbox, "olga@late.example", "es")
    page = olga.page
    accept = page.get_by_test_id("sso-sinergia-id")
    # The seven days pass while the page is open (the server's database, as the clock would).
    (database,) = tmp_path_factory.getbasetemp().glob("e2e[0-9]*/e2e.sqlite3")
    with sqlite3.connect(database) as connection:
        changed = connection.execute(
            "UPDATE accounts_invitation SET expires_at = '2000-01-01 00:00:00' WHERE email = ?", (body["email"],)
        ).rowcount
    assert changed == 1
    accept.click()
    sign_in_at_provider(page, "olga")
    error = page.get_by_test_id("login-error")
    expect(error).to_contain_text("Your invitation to Sinergia has expired")
    expect(page.get_by_test_id("login-form")).to_be_visible()
    assert "error=" not in page.url
    assert audit(page) == []
    page.get_by_test_id("language-es").click()
    expect(error).to_contain_text("Tu invitación a Sinergia ha caducado")
    assert audit(page) == []
    olga.screenshot("test_sso_invitation_expired")
    assert olga.api("GET", "/me/").status in (401, 403)  # nobody is signed in
    with sqlite3.connect(database) as connection:
        made = connection.execute("SELECT count(*) FROM accounts_user WHERE email = ?", (body["email"],)).fetchone()
    assert made == (0,)
    invitation = next(i for i in bruno.api("GET", "/invitations/").json()["results"] if i["email"] == body["email"])
    assert invitation["state"] == "expired"


@pytest.mark.parametrize(
    ("login", "provider", "message"),
    [
        ("ugo", "sinergia-id", "did not confirm your e-mail address"),
        ("zoe", "sinergia-id", "No company in Sinergia has invited you"),
        (None, "offline-id", "cannot be reached right now"),
        ("cancel", "sinergia-id", "Sign-in was cancelled"),
    ],
)
def test_a_single_sign_on_that_fails_says_why_on_the_sign_in_page(app_for, oidc_provider, login, provider, message):
    person = app_for(viewport=PHONE)
    page = start(person, provider)
    if login == "cancel":
        page.wait_for_url(re.compile(r"http://127\.0\.0\.1:\d+/interaction/"))
        page.get_by_role("link", name="[ Cancel ]").click()
    elif login:
        sign_in_at_provider(page, login)
    error = page.get_by_test_id("login-error")
    expect(error).to_contain_text(message)
    expect(page.get_by_test_id("login-form")).to_be_visible()
    assert "error=" not in page.url
    assert audit(page) == []
    if login == "ugo":
        page.get_by_test_id("language-es").click()
        expect(error).to_contain_text("no ha confirmado tu dirección de correo")
        assert audit(page) == []
