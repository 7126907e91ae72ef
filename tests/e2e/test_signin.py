"""Signing in without the password: forgot it → the e-mail → a new password → signed in; and the Account page.
On a phone, in English and Spanish, with axe-core on each page."""

import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from .conftest import BACKEND
from .helpers import audit, mail_to

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def add_person(tmp_path_factory, username: str, language: str) -> str:
    """A person of the e2e server's database that no other test signs in as (a reset changes the password)."""
    (database,) = tmp_path_factory.getbasetemp().glob("e2e[0-9]*/e2e.sqlite3")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "sinergia.settings_test"}
    code = (
        "from accounts.models import User; "
        f"User.objects.create_user({username!r}, email='{username}@sinergia.example', password='demo', "
        f"language={language!r}, first_name={username.title()!r})"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=BACKEND, env=env, check=True)
    return f"{username}@sinergia.example"


def checked_in_both_languages(page) -> dict:
    problems = {}
    for language in ("es", "en"):
        page.get_by_test_id(f"language-{language}").click()
        problems |= {f"{language} {page.url}": found for found in [audit(page)] if found}
    return problems


def test_a_forgotten_password_is_reset_from_the_e_mail_and_signs_in(app_for, live_url, tmp_path_factory):
    address = add_person(tmp_path_factory, "gloria", "es")
    app = app_for(viewport=PHONE)
    page = app.page
    page.goto("/#/login")
    page.get_by_test_id("login-forgot").click()
    expect(page.get_by_test_id("forgot-form")).to_be_visible()
    problems = checked_in_both_languages(page)
    page.get_by_test_id("forgot-email").fill(address)
    page.get_by_test_id("forgot-submit").click()
    expect(page.get_by_test_id("forgot-sent")).to_contain_text("If an account has this address")

    mail = mail_to(tmp_path_factory, address, "Elige una contraseña nueva")  # her language, not the page's
    key = re.search(r"#/reset-password/(\S+)", mail).group(1)
    page.goto(f"/#/reset-password/{key}")
    expect(page.get_by_test_id("reset-form")).to_be_visible()
    problems |= checked_in_both_languages(page)
    page.get_by_test_id("reset-password").fill("short")
    page.get_by_test_id("reset-submit").click()
    expect(page.locator("#reset-password-error")).to_be_visible()  # the validators' words, and nothing changed
    page.get_by_test_id("reset-password").fill("a-new-password-42")
    page.get_by_test_id("reset-submit").click()
    expect(page.get_by_test_id("reset-done")).to_be_visible()

    page.goto("/#/login")
    page.goto(f"/#/reset-password/{key}")  # the link works once
    expect(page.get_by_test_id("reset-invalid")).to_be_visible()
    app.login("gloria", "a-new-password-42")

    page.goto("/#/account")
    expect(page.get_by_test_id("mfa-state")).to_be_visible()
    expect(page.get_by_test_id("account-feeds-card").get_by_test_id("feeds-rotate")).to_be_visible()
    problems |= checked_in_both_languages(page)
    app.screenshot("account_phone", full_page=True)
    assert not problems, problems


def test_two_factor_is_set_up_on_the_account_page_and_asked_at_the_next_sign_in(app_for, tmp_path_factory):
    import pyotp

    add_person(tmp_path_factory, "hugo", "en")
    app = app_for("hugo", viewport=PHONE)
    page = app.page
    page.get_by_test_id("user-menu-button").click()
    page.get_by_test_id("open-account").click()
    expect(page.get_by_test_id("mfa-state")).to_contain_text("Off")
    problems = checked_in_both_languages(page)  # ends in English; a switch draws the page anew, so before the steps
    page.get_by_test_id("mfa-start").click()
    page.get_by_test_id("mfa-reauth-password").fill("demo")  # allauth asks for the password again first
    page.get_by_test_id("mfa-reauth-submit").click()
    secret = page.get_by_test_id("mfa-secret").inner_text().strip()
    assert audit(page) == []
    page.get_by_test_id("mfa-code").fill(pyotp.TOTP(secret).now())
    page.get_by_test_id("mfa-activate").click()
    expect(page.get_by_test_id("mfa-state")).to_contain_text("On")
    codes = page.get_by_test_id("mfa-recovery-codes").locator("code").all_inner_texts()
    assert len(codes) >= 8
    assert audit(page) == []

    page.get_by_test_id("logout").click()
    page.get_by_test_id("login-username").fill("hugo")
    page.get_by_test_id("login-password").fill("demo")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("login-code-form")).to_be_visible()
    problems |= checked_in_both_languages(page)  # the code step stays through a language switch
    page.get_by_test_id("login-code").fill(codes[0])  # a recovery code: the TOTP code above was used already
    page.get_by_test_id("login-code-submit").click()
    page.get_by_test_id("header-user").wait_for()
    assert not problems, problems
