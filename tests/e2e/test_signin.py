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
        f"language={language!r}, first_name='Gloria')"
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
