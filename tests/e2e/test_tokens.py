"""API tokens in the browser: Ana makes a named token on a phone (her password asked again, the key shown once and
working), then Bruno, her member admin, revokes it from My company and the key stops working. Both views pass axe
and fit the phone in English and Spanish."""

import pytest
from playwright.sync_api import expect

from .helpers import audit, settle

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def status_with_key(app, key: str) -> int:
    return app.context.request.get(f"{app.url}/api/v1/me/", headers={"Authorization": f"Token {key}"}).status


def test_a_person_makes_a_token_and_its_member_admin_revokes_it(app_for):
    ana = app_for("ana", language="en", viewport=PHONE)
    page = ana.page
    problems = {}
    page.goto("/#/account")
    settle(page)
    expect(page.get_by_test_id("tokens-page")).to_contain_text("API tokens")
    page.get_by_test_id("token-name").fill("Sheets e2e")
    page.get_by_test_id("token-password").fill("wrong")
    page.get_by_test_id("token-create").click()
    expect(page.locator("#token-password-error")).to_contain_text("password")
    expect(page.get_by_test_id("token-password")).to_have_attribute("aria-invalid", "true")
    page.get_by_test_id("token-password").fill("demo")
    page.get_by_test_id("token-create").click()
    made = page.get_by_test_id("token-made")
    expect(made).to_contain_text("Token Sheets e2e created")
    key = page.get_by_test_id("token-key").input_value()
    assert status_with_key(ana, key) == 200
    row = page.get_by_test_id("tokens").locator("tr", has_text="Sheets e2e")
    expect(row).to_contain_text(key[:8])
    settle(page)
    problems["en own"] = audit(page)
    ana.screenshot("test_tokens_made_phone", full_page=False)
    page.get_by_test_id("language-es").click()
    settle(page)
    expect(page.get_by_test_id("tokens-page")).to_contain_text("Tokens de API")
    problems["es own"] = audit(page)

    bruno = app_for("bruno", language="es", viewport=PHONE)
    member = next(m["member"]["id"] for m in bruno.api("GET", "/me/").json()["memberships"])
    bruno.page.goto(f"/#/company?member={member}&section=people")
    settle(bruno.page)
    section = bruno.page.get_by_test_id("company-tokens")
    expect(section).to_contain_text("Sheets e2e")
    problems["es company"] = audit(bruno.page)
    section.locator("tr", has_text="Sheets e2e").get_by_role("button", name="Revocar el token Sheets e2e").click()
    bruno.page.get_by_test_id("token-revoke-confirm").click()
    expect(bruno.page.get_by_test_id("company-tokens-status")).to_contain_text("Sheets e2e")
    expect(section.get_by_test_id("company-tokens-none")).to_be_visible()
    bruno.screenshot("test_tokens_company_revoked_phone", full_page=False)
    assert status_with_key(ana, key) == 401
    bruno.page.get_by_test_id("language-en").click()
    settle(bruno.page)
    expect(bruno.page.get_by_test_id("company-tokens")).to_contain_text("API tokens of the company's people")
    problems["en company"] = audit(bruno.page)
    assert {name: found for name, found in problems.items() if found} == {}
