"""axe-core on every page, for every role, on a desktop and a phone, in English and Spanish: no serious or
critical violation, and no page wider than the screen."""

import pytest
from playwright.sync_api import expect

from .helpers import audit, settle

pytestmark = pytest.mark.e2e

ROLES = ["admin", "manager", "accountant", "ana", "bruno", "carla", "diego", "elena"]
SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
CALENDAR_VIEWS = ["/calendar?view=week", "/calendar?view=month", "/calendar?view=day", "/calendar?view=list"]


def pages_of(app) -> list[str]:
    """The pages this person reaches: each navigation tab, every calendar view, and a booking page."""
    page = app.page
    tabs = page.locator("[data-testid^=nav-]").evaluate_all("els => els.map(e => e.getAttribute('href').slice(1))")
    listed = app.api("GET", "/reservations/?page_size=1&ordering=start").json()
    booking = [f"/reservations/{listed['results'][0]['id']}"] if listed.get("results") else []
    return [*tabs, *CALENDAR_VIEWS, *booking]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe_and_fits_the_screen(app_for, role, language, screen):
    app = app_for(role, language=language, viewport=SCREENS[screen])
    page = app.page
    problems = {}
    for path in pages_of(app):
        page.goto(f"/#{path}")
        settle(page)
        found = audit(page)
        if found:
            problems[path] = found
    assert not problems, problems
    app.screenshot(f"a11y_{role}_{language}_{screen}", full_page=False)


@pytest.mark.parametrize("screen", SCREENS)
def test_the_login_page_passes_axe(app_for, screen):
    app = app_for(viewport=SCREENS[screen])
    page = app.page
    page.goto("/#/login")
    expect(page.get_by_test_id("login-form")).to_be_visible()
    assert audit(page) == []
    page.get_by_test_id("language-es").click()
    assert audit(page) == []
