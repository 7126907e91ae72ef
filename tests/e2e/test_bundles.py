"""Several assets at once in the browser: Ana books a stage and the grading suite after it as one bundle from the
Book page, and sees both on the booking page (the bundle's card). The Book page's extra rows and the bundle card
pass axe and fit a phone in English and Spanish."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .helpers import asset_id, audit, future, pick_slot, settle
from .test_closures import PHONE

pytestmark = pytest.mark.e2e

STAGE = "Plató A"
SUITE = "Sala de etalonaje"  # needs its manager's approval: the bundle waits for it


def _at(day: str, hhmm: str) -> str:
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=ZoneInfo("Europe/Madrid")).isoformat()


def test_ana_books_two_assets_at_once_and_sees_both_on_the_booking_page(app_for):
    ana = app_for("ana", language="en")
    page = ana.page
    day = future(3, weeks_ahead=6)
    page.goto("/#/book")
    settle(page)
    pick_slot(page, STAGE, day, "10:00", "12:00", "Rodaje y etalonaje")
    page.get_by_test_id("bundle-add").click()
    row = page.get_by_test_id("bundle-row")
    row.get_by_test_id("bundle-asset").select_option(label=SUITE)
    row.get_by_test_id("bundle-start").fill("12:00")
    row.get_by_test_id("bundle-end").fill("14:00")
    assert audit(page) == []
    page.get_by_test_id("book-submit").click()
    success = page.get_by_test_id("bundle-success")
    expect(success).to_be_visible()
    expect(success.get_by_test_id("bundle-part")).to_have_count(2)
    expect(success).to_contain_text(STAGE)
    expect(success).to_contain_text(SUITE)
    assert audit(page) == []
    ana.screenshot("test_bundles_booked")

    success.get_by_role("link", name=STAGE).click()
    settle(page)
    card = page.get_by_test_id("bundle-card")
    expect(card.get_by_test_id("bundle-part")).to_have_count(2)
    expect(card).to_contain_text(SUITE)
    expect(page.get_by_test_id("cancel")).to_have_count(0)  # a part is cancelled with its bundle only
    assert audit(page) == []
    ana.screenshot("test_bundles_booking_page")
    # Cancelling the bundle cancels both.
    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_test_id("bundle-cancel").click()
    expect(page.get_by_test_id("bundle-card").get_by_test_id("status").first).to_have_text("Cancelled")
    statuses = {p["status"] for p in ana.api("GET", "/bundles/").json()["results"][0]["parts"]}
    assert statuses == {"cancelled"}
    assert ana.errors == []


@pytest.mark.parametrize("language,weeks", [("en", 7), ("es", 8)])
def test_the_bundle_rows_and_card_pass_axe_and_fit_a_phone(app_for, language, weeks):
    ana = app_for("ana", language=language, viewport=PHONE)
    day = future(3, weeks_ahead=weeks)
    parts = [
        {"asset": asset_id(ana, STAGE), "start": _at(day, "10:00"), "end": _at(day, "12:00")},
        {"asset": asset_id(ana, SUITE), "start": _at(day, "12:00"), "end": _at(day, "14:00")},
    ]
    created = ana.api("POST", "/bundles/", {"title": "Bundle", "parts": parts})
    assert created.status == 201, created.text()
    page = ana.page
    page.goto("/#/book")
    settle(page)
    page.get_by_test_id("bundle-add").click()
    expect(page.get_by_test_id("bundle-row")).to_be_visible()
    assert audit(page) == []
    ana.screenshot(f"test_bundles_book_phone_{language}")
    page.goto(f"/#/reservations/{created.json()['parts'][0]['id']}")
    settle(page)
    card = page.get_by_test_id("bundle-card")
    expect(card.get_by_role("heading", level=2)).to_have_text(
        "Part of a bundle" if language == "en" else "Parte de un conjunto"
    )
    expect(card.get_by_test_id("bundle-part")).to_have_count(2)
    assert audit(page) == []
    ana.screenshot(f"test_bundles_card_phone_{language}")
    assert ana.api("POST", f"/bundles/{created.json()['id']}/cancel/", {}).status == 200
