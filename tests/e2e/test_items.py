"""Consumables and add-ons in the browser: the stage's manager defines an item on Manage, Ana books the stage with
a quantity and sees its estimated price, and after use confirms the quantity actually used on the booking's page.
The Book page's items and the booking page's items pass axe and fit a 390 px phone in English and Spanish."""

import pytest
from playwright.sync_api import expect

from .helpers import asset_id, audit, book_soon, future, open_round_the_clock, settle
from .test_closures import PHONE

pytestmark = pytest.mark.e2e


def _items(app, stage: int) -> dict[str, int]:
    return {item["name"]: item["id"] for item in app.api("GET", f"/assets/{stage}/items/").json()}


def _used(app_for, stage: int, item: int, title: str) -> dict:
    """Ana's booking a few hours from now with 40 of `item`, checked in and out already: its use is over."""
    admin = app_for("admin")
    changed = admin.api("PATCH", f"/assets/{stage}/", {"checkin_opens_minutes": 1440})
    assert changed.status == 200, changed.text()
    try:
        with open_round_the_clock(admin, stage):
            ana = app_for("ana")
            booked = book_soon(ana, "Plató A", title)
            added = ana.api("POST", f"/reservations/{booked['id']}/items/", {"items": [{"item": item, "quantity": 40}]})
            assert added.status == 200, added.text()
            for step in ("check-in", "check-out"):
                done = ana.api("POST", f"/reservations/{booked['id']}/{step}/")
                assert done.status == 200, done.text()
            return booked
    finally:  # the session's other journeys see the demo's rules
        admin.api("PATCH", f"/assets/{stage}/", {"checkin_opens_minutes": 15})


def test_the_manager_defines_an_item_ana_books_it_and_confirms_what_she_used(app_for):
    manager = app_for("manager", language="en")
    stage = asset_id(manager, "Plató A")
    page = manager.page
    page.goto(f"/#/manage?asset={stage}")
    settle(page)
    panel = page.get_by_test_id("manage-items")
    panel.get_by_test_id("item-new-name").fill("Agua")
    panel.get_by_test_id("item-new-unit").fill("botella")
    panel.get_by_test_id("item-new-price").fill("0,37")
    panel.get_by_test_id("item-new-stock").fill("5000")
    with page.expect_response(lambda r: r.url.endswith(f"/assets/{stage}/items/") and r.request.method == "POST"):
        panel.get_by_test_id("item-new-save").click()
    water = _items(manager, stage)["Agua"]
    expect(panel.get_by_test_id(f"item-{water}-name")).to_have_value("Agua")
    expect(panel.get_by_test_id(f"item-{water}-price")).to_have_value("0.37")
    assert audit(page) == []
    manager.screenshot("test_items_manage")

    ana = app_for("ana", language="en")
    page = ana.page
    day = future(3, weeks_ahead=13)  # a Thursday no other journey books
    page.goto(f"/#/book?asset={stage}&date={day}&start=17:00&end=18:00")
    settle(page)
    items = page.get_by_test_id("book-items")
    expect(items).to_contain_text("€0.37 per botella")
    page.get_by_test_id(f"book-item-{water}").fill("200")
    expect(page.get_by_test_id("book-items-estimate")).to_have_text("Items: €74.00 + VAT")
    page.get_by_test_id("book-title").fill("Rodaje con agua")
    page.get_by_test_id("book-submit").click()
    expect(page.get_by_test_id("book-success")).to_contain_text("Booked")
    page.get_by_test_id("open-booking").click()
    settle(page)
    card = page.get_by_test_id("booking-items")
    expect(card.get_by_test_id(f"booking-item-{water}")).to_have_value("200")  # an estimate, changeable until the start
    expect(card.get_by_test_id("booking-items-total")).to_contain_text("€89.54")  # 74.00 + 21 % VAT
    assert audit(page) == []

    used = _used(app_for, stage, water, "Rodaje con agua, usado")
    page.goto(f"/#/reservations/{used['id']}")
    settle(page)
    card = page.get_by_test_id("booking-items")
    expect(card.get_by_test_id(f"booking-item-{water}")).to_have_value("40")  # the estimate, to confirm or correct
    card.get_by_test_id(f"booking-item-{water}").fill("35")
    card.get_by_test_id("booking-items-save").click()
    settle(page)
    card = page.get_by_test_id("booking-items")
    expect(card.get_by_test_id(f"booking-item-{water}")).to_have_value("35")
    expect(card.get_by_test_id("booking-items-total")).to_contain_text("€15.67")  # 35 × 0.37 = 12.95 + 2.72
    detail = ana.api("GET", f"/reservations/{used['id']}/").json()
    assert detail["items"]["lines"][0]["quantity_actual"] == 35
    ana.screenshot("test_items_confirmed")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_items_on_the_book_and_booking_pages_pass_axe_and_fit_a_phone(app_for, language):
    manager = app_for("manager")
    stage = asset_id(manager, "Plató A")
    made = manager.api("POST", f"/assets/{stage}/items/", {"name": f"Cinta {language}", "unit": "rollo",
                                                           "unit_price_minor": 250})  # fmt: skip
    assert made.status == 201, made.text()
    tape = made.json()["id"]
    ana = app_for("ana", language=language, viewport=PHONE)
    page = ana.page
    page.goto(f"/#/book?asset={stage}&date={future(3)}&start=10:00&end=11:00")
    settle(page)
    page.get_by_test_id(f"book-item-{tape}").fill("3")
    expect(page.get_by_test_id("book-items-estimate")).to_contain_text("7,50" if language == "es" else "7.50")
    assert audit(page) == []
    ana.screenshot(f"test_items_book_phone_{language}")
    used = _used(app_for, stage, tape, f"Cinta usada {language}")
    page.goto(f"/#/reservations/{used['id']}")
    settle(page)
    card = page.get_by_test_id("booking-items")
    expect(card.get_by_role("heading", level=2)).to_have_text(
        "Consumables and add-ons" if language == "en" else "Consumibles y extras"
    )
    expect(card.get_by_test_id("booking-items-save")).to_be_visible()
    assert audit(page) == []
    ana.screenshot(f"test_items_booking_phone_{language}")
