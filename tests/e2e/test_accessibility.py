"""axe-core on every page, for every role, on a desktop and a phone, in English and Spanish: no serious or
critical violation, and no page wider than the screen."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .helpers import audit, settle

pytestmark = pytest.mark.e2e

ROLES = ["admin", "manager", "accountant", "ana", "bruno", "carla", "diego", "elena"]
SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
# The calendar tab opens the week (desktop) or the list (phone); the other views are visited by address.
OTHER_VIEWS = {
    "desktop": ["/calendar?view=month", "/calendar?view=day", "/calendar?view=list"],
    "phone": ["/calendar?view=month", "/calendar?view=day", "/calendar?view=week"],
}


def pages_of(app, screen: str) -> list[str]:
    """The pages this person reaches: each navigation tab, every calendar view, and a booking page."""
    page = app.page
    tabs = page.locator("[data-testid^=nav-]").evaluate_all("els => els.map(e => e.getAttribute('href').slice(1))")
    listed = app.api("GET", "/reservations/?page_size=1&ordering=start").json()
    booking = [f"/reservations/{listed['results'][0]['id']}"] if listed.get("results") else []
    return [*tabs, *OTHER_VIEWS[screen], *booking]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe_and_fits_the_screen(app_for, role, screen):
    app = app_for(role, language="en", viewport=SCREENS[screen])
    page = app.page
    problems = {}
    for language in ("en", "es"):
        page.get_by_test_id(f"language-{language}").click()  # the choice is kept for the next pages
        for path in pages_of(app, screen):
            page.goto(f"/#{path}")
            settle(page)
            found = audit(page)
            if found:
                problems[f"{language} {path}"] = found
        app.screenshot(f"a11y_{role}_{language}_{screen}", full_page=False)
    assert not problems, problems


@pytest.mark.parametrize("screen", SCREENS)
def test_the_login_page_passes_axe(app_for, screen):
    app = app_for(viewport=SCREENS[screen])
    page = app.page
    page.goto("/#/login")
    expect(page.get_by_test_id("login-form")).to_be_visible()
    assert audit(page) == []
    page.get_by_test_id("language-es").click()
    assert audit(page) == []


def test_the_open_menus_and_dialogs_pass_axe(app_for):
    """The user menu, the feeds panel, the calendar popover and the move dialog, opened."""
    ana = app_for("ana")
    page = ana.page
    page.get_by_test_id("user-menu-button").click()
    assert audit(page) == []
    page.get_by_test_id("open-feeds").click()
    expect(page.get_by_test_id("feed-member")).to_be_visible()
    assert audit(page) == []
    page.get_by_test_id("feeds-close").click()
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    # Approved: an earlier test on this worker may have cancelled the next one, which the calendar hides.
    query = f"start={now}&status=approved&ordering=start&page_size=1"
    upcoming = ana.api("GET", f"/reservations/?{query}").json()["results"][0]
    day = datetime.fromisoformat(upcoming["start"]).astimezone(ZoneInfo("Europe/Madrid")).date()  # the asset's day
    page.goto(f"/#/calendar?view=day&date={day}&asset={upcoming['asset']}")
    settle(page)
    event = page.locator(".ec-event.ev--own").first
    event.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("calendar-popover")).to_be_visible()
    expect(page.get_by_test_id("popover-open")).to_be_focused()
    assert audit(page) == []
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("calendar-popover")).to_be_hidden()
