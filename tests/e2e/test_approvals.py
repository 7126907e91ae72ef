"""Asset managers approve requests in their inbox."""

import pytest
from playwright.sync_api import expect

from .helpers import future, pick_slot

pytestmark = pytest.mark.e2e


def test_ana_requests_the_grading_suite_and_the_manager_approves_it(app_for):
    day = future(3)  # a Thursday
    ana = app_for("ana")
    page = ana.page
    page.goto("/#/book")
    pick_slot(page, "Sala de etalonaje", day, "10:00", "13:00", "Etalonaje largometraje")
    expect(page.get_by_test_id("asset-info")).to_contain_text("Needs approval")
    expect(page.get_by_test_id("book-submit")).to_have_text("Send request")
    page.get_by_test_id("book-submit").click()
    success = page.get_by_test_id("book-success")
    expect(success).to_contain_text("Request sent")
    expect(success.get_by_test_id("status")).to_have_text("Pending")
    ana.screenshot("test_ana_requests_the_grading_suite")

    manager = app_for("manager", language="en")
    inbox = manager.page
    inbox.get_by_test_id("nav-inbox").click()
    request = inbox.get_by_test_id("request").filter(has_text="Etalonaje largometraje")
    expect(request).to_contain_text("Norte Films")
    expect(request).to_contain_text("10:00–13:00")
    manager.screenshot("test_manager_inbox")
    request.get_by_test_id("approve").click()
    expect(inbox.get_by_test_id("inbox-flash")).to_contain_text("Approved: Etalonaje largometraje")
    expect(inbox.get_by_test_id("request").filter(has_text="Etalonaje largometraje")).to_have_count(0)
    manager.screenshot()

    page.get_by_test_id("nav-reservations").click()
    row = page.get_by_test_id("reservation").filter(has_text="Etalonaje largometraje")
    expect(row.get_by_test_id("status")).to_have_text("Approved")
