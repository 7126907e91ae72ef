"""An accountant who must set up two-factor before seeing money. The session's server runs the demo with
MFA_REQUIRED_ROLES empty (DEBUG's default, so every other journey signs in with `demo` alone); this module starts a
second server of its own, MFA_REQUIRED_ROLES=accountant, so the rule is tested as production has it without
changing the other journeys. Alba signs in, is sent to enrol (money pages and the API refused until then), enrols
with a code computed here, sees her recovery codes, makes an API token (the code asked again), then sees her
statements. The enrolment page passes axe and fits a
390 px phone in English and Spanish."""

import pyotp
import pytest
from playwright.sync_api import expect

from .conftest import App, serve
from .helpers import audit, settle

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def mfa_url(tmp_path_factory, browser):
    """The demo on its own server where accountants must use a second factor (module-scoped: started once here)."""
    yield from serve(tmp_path_factory.mktemp("mfa"), MFA_REQUIRED_ROLES="accountant")


@pytest.fixture
def accountant_app(browser, mfa_url, request):
    app = App(browser, mfa_url, request, viewport=PHONE)
    yield app
    assert not app.errors, f"JavaScript errors: {app.errors}"
    app.close()


def both_languages(page) -> dict:
    problems = {}
    for language in ("es", "en"):
        page.get_by_test_id(f"language-{language}").click()
        settle(page)
        problems |= {f"{language} {page.url}": found for found in [audit(page)] if found}
    return problems


def test_an_accountant_must_set_up_two_factor_before_seeing_money(accountant_app):
    app = accountant_app
    page = app.login("accountant", language="en")
    expect(page).to_have_url(f"{app.url}/#/account")
    expect(page.get_by_test_id("mfa-required")).to_be_visible()
    expect(page.get_by_test_id("mfa-state")).to_contain_text("Off")
    refused = app.api("GET", "/statements/")
    assert (refused.status, refused.json()["code"]) == (403, "mfa_enrolment_required")
    page.goto(f"{app.url}/#/accounting")  # a money page asked for directly: back to the Account page
    expect(page).to_have_url(f"{app.url}/#/account")
    settle(page)
    problems = both_languages(page)
    app.screenshot("test_mfa_required_enrol_phone", full_page=False)

    page.get_by_test_id("mfa-start").click()
    page.get_by_test_id("mfa-reauth-password").fill("demo")  # allauth asks for the password again first
    page.get_by_test_id("mfa-reauth-submit").click()
    secret = page.get_by_test_id("mfa-secret").inner_text().strip()
    problems |= {f"setup {k}": v for k, v in {"en": audit(page)}.items() if v}
    page.get_by_test_id("mfa-code").fill(pyotp.TOTP(secret).now())
    page.get_by_test_id("mfa-activate").click()
    expect(page.get_by_test_id("mfa-state")).to_contain_text("On")
    codes = page.get_by_test_id("mfa-recovery-codes").locator("code").all_inner_texts()
    assert len(codes) >= 8 and len(set(codes)) == len(codes)
    expect(page.get_by_test_id("mfa-required")).to_have_count(0)
    problems |= {f"codes {k}": v for k, v in {"en": audit(page)}.items() if v}
    app.screenshot("test_mfa_required_recovery_codes_phone", full_page=False)
    assert problems == {}

    expect(page.get_by_test_id("mfa-continue")).to_be_visible()  # the rest of the app is open now

    # A new API token now asks for a code too: the field appears when the server asks for it.
    page.reload()
    settle(page)
    expect(page.get_by_test_id("token-code-field")).to_be_hidden()
    page.get_by_test_id("token-name").fill("Contabilidad")
    page.get_by_test_id("token-password").fill("demo")
    page.get_by_test_id("token-create").click()
    expect(page.get_by_test_id("token-code-field")).to_be_visible()
    expect(page.get_by_test_id("token-code")).to_have_attribute("aria-invalid", "true")
    assert audit(page) == []
    page.get_by_test_id("token-code").fill(codes[0])  # a recovery code: the TOTP code above was used already
    page.get_by_test_id("token-create").click()
    expect(page.get_by_test_id("token-made")).to_contain_text("Contabilidad")

    assert app.api("GET", "/statements/").status == 200
    page.goto(f"{app.url}/#/accounting")
    settle(page)
    expect(page).to_have_url(f"{app.url}/#/accounting")
    expect(page.get_by_test_id("statements")).to_be_visible()
    assert audit(page) == []
