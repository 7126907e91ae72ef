"""The bottling line needs a trained operator: an unqualified booker is refused and sees why, the manager grants the
qualification on the Manage page, and the booker books."""

import pytest
from playwright.sync_api import expect

from .helpers import asset_id, audit, future, pick_slot, settle

pytestmark = pytest.mark.e2e

LINE = "Línea de embotellado"
QUALIFICATION = "Bottling line: trained operator"
PHONE = {"width": 390, "height": 844}


def test_an_unqualified_booker_is_refused_the_manager_grants_and_the_booker_books(app_for):
    day = future(2, weeks_ahead=10)  # a Wednesday, clear of the other journeys
    diego = app_for("diego", language="en")
    line = asset_id(diego, LINE)
    page = diego.page
    page.goto(f"/#/book?asset={line}")
    settle(page)
    note = page.get_by_test_id("book-qualifications")
    expect(note).to_contain_text(QUALIFICATION)
    expect(note.get_by_test_id("book-qualification")).to_have_attribute("data-held", "no")
    expect(note).to_contain_text("you don't hold it")

    pick_slot(page, LINE, day, "09:00", "11:00", "Embotellado Diego")
    page.get_by_test_id("book-submit").click()
    refused = page.get_by_test_id("book-asset-error")
    expect(refused).to_be_visible()
    expect(refused).to_contain_text(QUALIFICATION)
    expect(page.get_by_test_id("book-success")).to_have_count(0)
    assert audit(page) == []
    diego.screenshot("test_qualifications_refused")

    manager = app_for("manager", language="en")
    desk = manager.page
    desk.goto(f"/#/manage?asset={line}")
    settle(desk)
    section = desk.get_by_test_id("manage-qualifications")
    expect(section.get_by_test_id("quals-required").locator("input:checked")).to_have_count(1)
    grants = section.locator("[data-testid^=quals-grants-]")
    holders = grants.get_by_test_id("quals-holder")
    expect(holders).to_contain_text(["Elena Mamani"])
    held_before = holders.count()  # other journeys on this server may have trained someone too
    grants.get_by_test_id("quals-grant-user").fill("diego")
    grants.get_by_test_id("quals-grant").click()
    expect(grants.get_by_test_id("quals-done")).to_contain_text("Granted to Diego Quispe")
    expect(holders).to_have_count(held_before + 1)
    expect(holders.filter(has_text="Diego Quispe")).to_have_count(1)
    assert audit(desk) == []
    manager.screenshot("test_qualifications_granted")

    page.goto("/#/calendar")
    page.goto(f"/#/book?asset={line}")
    settle(page)
    expect(page.get_by_test_id("book-qualification")).to_have_attribute("data-held", "yes")
    expect(page.get_by_test_id("book-qualifications")).to_contain_text("valid until")
    pick_slot(page, LINE, day, "09:00", "11:00", "Embotellado Diego")
    page.get_by_test_id("book-submit").click()
    expect(page.get_by_test_id("book-success")).to_be_visible()
    diego.screenshot("test_qualifications_booked")


@pytest.mark.parametrize("language", ["en", "es"])
def test_qualifications_fit_a_phone_and_pass_axe(app_for, language):
    elena = app_for("elena", language=language, viewport=PHONE)
    line = asset_id(elena, LINE)
    elena.page.goto(f"/#/book?asset={line}")
    settle(elena.page)
    expect(elena.page.get_by_test_id("book-qualification")).to_have_attribute("data-held", "yes")
    assert audit(elena.page) == []

    manager = app_for("manager", language=language, viewport=PHONE)
    manager.page.goto(f"/#/manage?asset={line}")
    settle(manager.page)
    section = manager.page.get_by_test_id("manage-qualifications")
    expect(section.get_by_test_id("quals-holder").first).to_be_visible()
    section.get_by_test_id("quals-define").locator("summary").click()
    section.scroll_into_view_if_needed()
    assert audit(manager.page) == []
    manager.screenshot(f"test_qualifications_manage_phone_{language}")
