"""Pooled desks in the browser: the manager gives the coworking desks 3 units on the Manage page; Ana sees how many
are free for her period on the Book page, books one and her booking page names its unit; with all three taken the
next booking is refused (axe, and a 390 px phone in English and Spanish)."""

import pytest
from playwright.sync_api import expect

from .helpers import asset_id, audit, book_via_api, future, pick_slot, settle

pytestmark = pytest.mark.e2e

DESKS = "Coworking desks"
WEDNESDAY = 2


def test_the_manager_pools_three_desks_and_a_member_books_one(app_for):
    manager = app_for("manager", language="en")
    desks = asset_id(manager, DESKS)
    before = manager.api("GET", f"/assets/{desks}/").json()["capacity"]
    try:
        _journey(app_for, manager, desks)
    finally:  # the session's other journeys see the demo's desks
        restored = manager.api("PATCH", f"/assets/{desks}/", {"capacity": before})
        assert restored.status == 200, restored.text()


def _journey(app_for, manager, desks):
    page = manager.page
    page.get_by_test_id("nav-manage").click()
    page.get_by_test_id("manage-asset").select_option(label=DESKS)
    expect(page.get_by_test_id("manage-asset")).to_have_value(str(desks))
    settle(page)
    page.get_by_test_id("field-capacity").fill("3")
    page.get_by_test_id("manage-save").click()
    expect(page.get_by_test_id("manage-saved")).to_have_text("Changes saved.")
    assert manager.api("GET", f"/assets/{desks}/").json()["capacity"] == 3
    assert audit(page) == []

    day = future(WEDNESDAY, 4)
    book_via_api(app_for("carla"), DESKS, day, "09:00", "13:00", "Puesto de mañana")

    ana = app_for("ana", language="en")
    page = ana.page
    page.goto("/#/book")
    settle(page)
    pick_slot(page, DESKS, day, "10:00", "12:00", "Desk for the day")
    expect(page.get_by_test_id("units-free")).to_contain_text("2 of 3 free")
    assert audit(page) == []
    page.get_by_test_id("book-submit").click()
    expect(page.get_by_test_id("book-success")).to_be_visible()
    [booked] = [r for r in ana.api("GET", "/reservations/?page_size=50").json()["results"]
                if r["title"] == "Desk for the day"]  # fmt: skip
    assert booked["unit"] == 2
    page.goto(f"/#/reservations/{booked['id']}")
    settle(page)
    expect(page.get_by_test_id("booking-unit")).to_have_text("Unit 2 of 3")
    assert audit(page) == []
    ana.screenshot("test_desks_booking")

    # The third desk goes too: the Book page says all are taken and a fourth booking is refused.
    book_via_api(app_for("bruno"), DESKS, day, "11:00", "12:00", "Puesto de Bruno")
    page.goto("/#/book")
    settle(page)
    pick_slot(page, DESKS, day, "11:00", "12:00", "Another desk")
    expect(page.get_by_test_id("units-free")).to_contain_text("All 3 taken")
    page.get_by_test_id("book-submit").click()
    expect(page.get_by_test_id("book-conflict")).to_be_visible()
    assert ana.errors == []

    # On a phone, in English and in Spanish.
    phone = app_for("ana", viewport={"width": 390, "height": 844})
    phone.page.goto(f"/#/reservations/{booked['id']}")
    settle(phone.page)
    expect(phone.page.get_by_test_id("booking-unit")).to_have_text("Unit 2 of 3")
    assert audit(phone.page) == []
    phone.page.get_by_test_id("language-es").click()
    settle(phone.page)
    expect(phone.page.get_by_test_id("booking-unit")).to_have_text("Unidad 2 de 3")
    assert audit(phone.page) == []
    phone.page.goto("/#/book")
    settle(phone.page)
    pick_slot(phone.page, DESKS, day, "14:00", "15:00", "Tarde")
    expect(phone.page.get_by_test_id("units-free")).to_contain_text("3 de 3 libres")
    assert audit(phone.page) == []
    phone.screenshot("test_desks_phone_es")
    phone.page.get_by_test_id("language-en").click()  # the language is saved on the account: back for the others
    settle(phone.page)
    assert phone.errors == []
