"""The Manage page: an asset manager changes opening hours and decides about the bookings the change affects."""

import pytest
from playwright.sync_api import expect

from .helpers import asset_id, audit, book_via_api, future, settle

pytestmark = pytest.mark.e2e

ASSET = "Plató B"
FRIDAY, SATURDAY = 4, 5


def _restore(manager, asset: int, original: dict):
    """Give the asset back its hours: later journeys in this session book it."""
    body = {"opening_hours": original["opening_hours"], "cleanup_buffer": original["cleanup_buffer"]}
    response = manager.api("PATCH", f"/assets/{asset}/", body)
    assert response.status == 200, response.text()


def test_the_manager_closes_friday_and_saturday_evenings_and_decides_about_the_bookings_there(app_for):
    friday, saturday = future(FRIDAY, 6), future(SATURDAY, 6)
    ana = app_for("ana")
    cancelled = book_via_api(ana, ASSET, saturday, "18:00", "20:00", "Rodaje nocturno")
    kept = book_via_api(ana, ASSET, friday, "19:00", "21:00", "Ensayo de tarde")

    manager = app_for("manager", language="en")
    page = manager.page
    asset = asset_id(manager, ASSET)
    original = manager.api("GET", f"/assets/{asset}/").json()
    try:
        page.get_by_test_id("nav-manage").click()
        page.get_by_test_id("manage-asset").select_option(label=ASSET)
        expect(page.get_by_test_id("manage-asset")).to_have_value(str(asset))
        settle(page)
        expect(page.get_by_test_id("closures-slot")).to_have_count(1)
        page.get_by_test_id(f"opening_hours-{SATURDAY}-0-finishes").fill("16:00")
        page.get_by_test_id(f"opening_hours-{FRIDAY}-0-finishes").fill("17:00")
        page.get_by_test_id("manage-save").click()

        impact = page.get_by_test_id("impact-card")
        expect(impact).to_contain_text("Bookings this change affects")
        mine = impact.locator(f'[data-reservation="{cancelled["id"]}"]')
        expect(mine).to_contain_text("Rodaje nocturno")
        expect(mine).to_contain_text("Outside the new opening hours")
        manager.screenshot("test_manage_impact")
        assert audit(page) == []

        # Every affected booking needs a choice: cancel the Saturday shoot, keep the rest (demo bookings too).
        page.get_by_test_id("impact-confirm").click()
        expect(impact).to_contain_text("Choose keep or cancel for every booking.")
        for item in impact.get_by_test_id("impact-item").all():
            reservation = item.get_attribute("data-reservation")
            action = "cancel" if reservation == str(cancelled["id"]) else "keep"
            item.get_by_test_id(f"decision-{reservation}-{action}").check()
        page.get_by_test_id("impact-confirm").click()
        expect(page.get_by_test_id("manage-saved")).to_have_text("Changes saved.")
        expect(page.get_by_test_id(f"opening_hours-{SATURDAY}-0-finishes")).to_have_value("16:00")

        history = page.get_by_test_id("history")
        expect(history.get_by_test_id("change-item").first).to_be_visible()
        expect(history).to_contain_text("Rules changed")
        expect(history).to_contain_text("Booking cancelled by a rule change")
        expect(history).to_contain_text("08:00–22:00 → 08:00–16:00")
        page.get_by_test_id("manage-history").scroll_into_view_if_needed()
        manager.screenshot("test_manage_saved_with_history")

        assert ana.api("GET", f"/reservations/{cancelled['id']}/").json()["status"] == "cancelled"
        assert ana.api("GET", f"/reservations/{kept['id']}/").json()["status"] == "approved"
    finally:
        _restore(manager, asset, original)


def test_a_bad_range_is_shown_next_to_its_row(app_for):
    manager = app_for("manager", language="en")
    page = manager.page
    page.goto(f"/#/manage?asset={asset_id(manager, ASSET)}")
    settle(page)
    page.get_by_test_id("opening_hours-2-add").click()
    page.get_by_test_id("opening_hours-2-1-begins").fill("12:00")
    page.get_by_test_id("opening_hours-2-1-finishes").fill("14:00")
    page.get_by_test_id("manage-save").click()
    expect(page.get_by_test_id("error-opening_hours.2.1")).to_contain_text("Overlaps the opening hours 08:00–22:00")
    expect(page.get_by_test_id("opening_hours-2-1-begins")).to_have_attribute("aria-invalid", "true")
    manager.screenshot("test_manage_row_error")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_manage_page_passes_axe_and_fits_a_phone(app_for, language):
    manager = app_for("manager", language=language, viewport={"width": 390, "height": 844})
    page = manager.page
    page.goto(f"/#/manage?asset={asset_id(manager, ASSET)}")
    settle(page)
    expect(page.get_by_test_id("manage-rules")).to_be_visible()
    expect(page.get_by_test_id("change-item").first.or_(page.get_by_test_id("empty"))).to_be_visible()
    assert audit(page) == []
    manager.screenshot(f"test_manage_phone_{language}")


def test_a_longer_cleanup_cannot_keep_two_back_to_back_bookings_until_one_is_cancelled(app_for):
    wednesday = future(2, 7)
    ana = app_for("ana")
    cleanup = ana.api("GET", f"/assets/{asset_id(ana, ASSET)}/").json()["cleanup_buffer"]
    after = f"{12 + cleanup // 60:02d}:{cleanup % 60:02d}"  # right after the first one's cleanup
    first = book_via_api(ana, ASSET, wednesday, "10:00", "12:00", "Primera toma")
    second = book_via_api(ana, ASSET, wednesday, after, f"{14 + cleanup // 60:02d}:{cleanup % 60:02d}", "Segunda toma")
    manager = app_for("manager", language="en")
    page = manager.page
    asset = asset_id(manager, ASSET)
    original = manager.api("GET", f"/assets/{asset}/").json()
    try:
        page.goto(f"/#/manage?asset={asset}")
        settle(page)
        page.get_by_test_id("field-cleanup_buffer").fill(str(original["cleanup_buffer"] + 30))
        page.get_by_test_id("manage-save").click()
        impact = page.get_by_test_id("impact-card")
        mine = {str(first["id"]), str(second["id"])}
        expect(impact.locator(f'[data-reservation="{second["id"]}"]')).to_be_visible()
        for item in impact.get_by_test_id("impact-item").all():
            reservation = item.get_attribute("data-reservation")
            if reservation in mine:
                expect(item).to_contain_text("Its buffers would overlap another booking or a closure")
            item.get_by_test_id(f"decision-{reservation}-keep").check()
        page.get_by_test_id("impact-confirm").click()
        expect(page.get_by_test_id("impact-error")).to_contain_text("Segunda toma")
        manager.screenshot("test_manage_buffers_overlap")

        impact.get_by_test_id(f"decision-{second['id']}-cancel").check()
        page.get_by_test_id("impact-confirm").click()
        expect(page.get_by_test_id("manage-saved")).to_be_visible()
        kept = ana.api("GET", f"/reservations/{first['id']}/").json()
        assert kept["status"] == "approved" and kept["blocked_end"].startswith(f"{wednesday}T")
        assert ana.api("GET", f"/reservations/{second['id']}/").json()["status"] == "cancelled"
    finally:
        _restore(manager, asset, original)
