"""A manager closes a stage for maintenance over a booked slot: drawn on the calendar, the booking in the way is
moved to an offered free slot, and its booker gets the e-mail and sees the new time on her booking page."""

import sqlite3
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .helpers import asset_id, audit, book_via_api, calendar_ready, drag, future, grid_x, grid_y, mail_to, settle

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_a_manager_closes_a_booked_slot_moves_the_booking_and_the_booker_is_told(app_for, tmp_path_factory):
    day = future(1, weeks_ahead=9)  # a Tuesday, clear of the other journeys
    ana = app_for("ana", language="en")
    booked = book_via_api(ana, "Plató A", day, "10:00", "12:00", "Rodaje con grúa")
    stage = asset_id(ana, "Plató A")

    manager = app_for("manager", language="en")
    page = manager.page
    page.goto(f"/#/calendar?group=1&view=week&date={day}")
    calendar_ready(page)
    x = grid_x(page, day)
    drag(page, (x, grid_y(page, "09:15")), (x, grid_y(page, "12:45")))

    chooser = page.get_by_test_id("drawn-dialog")
    expect(chooser).to_contain_text("09:00")
    expect(chooser.get_by_test_id("drawn-book")).to_have_count(0)  # the manager books for no company
    assert audit(page) == []
    chooser.get_by_test_id("drawn-close").click()

    closures = page.get_by_test_id("closures")
    expect(closures.get_by_role("heading", level=2)).to_be_focused()
    expect(page.get_by_test_id("closure-start-time")).to_have_value("09:00")
    expect(page.get_by_test_id("closure-end-time")).to_have_value("13:00")
    booking = closures.get_by_test_id("closure-booking")
    expect(booking).to_have_count(1)
    expect(booking).to_contain_text("Rodaje con grúa")
    expect(booking).to_contain_text("Norte Films")
    moves = booking.get_by_test_id("closure-move")
    expect(moves.first).to_be_checked()
    # The nearest free slot on the same stage after the closure (the demo's stages keep 30 min of cleanup).
    same_stage = booking.locator("label").filter(has_text="13:00–15:00").filter(has_not_text="Plató B")
    same_stage.click()
    page.get_by_test_id("closure-reason").fill("Revisión de la parrilla de luces")
    assert audit(page) == []
    manager.screenshot("test_closures_decide")
    page.get_by_test_id("closure-confirm").click()

    done = page.get_by_test_id("closure-done")
    expect(done).to_contain_text("Moved: 1. Cancelled: 0.")
    expect(closures.get_by_test_id("closure-item")).to_contain_text("Revisión de la parrilla de luces")
    calendar_ready(page)
    expect(page.locator(".ec-event.ev--other").filter(has_text="Rodaje con grúa")).to_contain_text("13:")
    manager.screenshot()

    moved = ana.api("GET", f"/reservations/{booked['id']}/").json()
    assert moved["status"] == "approved" and moved["asset"] == stage
    madrid = ZoneInfo("Europe/Madrid")
    assert datetime.fromisoformat(moved["start"]).astimezone(madrid).isoformat() == f"{day}T13:00:00+01:00"

    mail = mail_to(tmp_path_factory, "ana@sinergia.example", "Moved for maintenance: Plató A, now on")
    assert "closed for maintenance during your booking" in mail
    assert "Revisión de la parrilla de luces" in mail and f"/#/reservations/{booked['id']}" in mail
    mail_to(tmp_path_factory, "bruno@sinergia.example", "Movida por mantenimiento: Plató A, ahora el")

    page = ana.page
    page.goto(f"/#/reservations/{booked['id']}")
    settle(page)
    expect(page.get_by_test_id("history")).to_contain_text("Moved for maintenance")
    expect(page.get_by_test_id("history")).to_contain_text("Revisión de la parrilla de luces")
    expect(page.locator("main")).to_contain_text("13:00–15:00")
    ana.screenshot("test_closures_booker_sees_the_new_time")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_closures_section_and_its_decisions_pass_axe_on_a_phone(app_for, language):
    day = future(3 if language == "en" else 4, weeks_ahead=9)  # a Thursday, a Friday
    ana = app_for("ana", language="en")
    book_via_api(ana, "Plató B", day, "16:00", "18:00", f"Ensayo {language}")
    manager = app_for("manager", language=language, viewport=PHONE)
    page = manager.page
    page.goto(f"/#/calendar?group=1&view=list&date={day}&asset={asset_id(ana, 'Plató B')}")
    settle(page)
    page.get_by_test_id("calendar-closures-open").click()
    closures = page.get_by_test_id("closures")
    expect(closures).to_contain_text("Plató B")
    page.get_by_test_id("closure-start-date").fill(day)
    page.get_by_test_id("closure-end-date").fill(day)
    page.get_by_test_id("closure-end-time").fill("08:00")
    page.get_by_test_id("closure-check").click()
    expect(page.get_by_test_id("closure-end-error")).to_be_visible()  # next to the field, nothing sent
    expect(page.get_by_test_id("closure-end-time")).to_have_attribute("aria-invalid", "true")
    page.get_by_test_id("closure-start-time").fill("15:00")
    page.get_by_test_id("closure-end-time").fill("19:00")
    page.get_by_test_id("closure-check").click()
    expect(closures.get_by_test_id("closure-booking")).to_contain_text(f"Ensayo {language}")
    assert audit(page) == []
    manager.screenshot(f"test_closures_phone_{language}")
    page.get_by_test_id("closures-hide").click()
    expect(page.get_by_test_id("closures")).to_have_count(0)


def test_a_manager_marks_a_started_booking_as_a_no_show_from_the_calendar_popover(app_for, tmp_path_factory):
    ana = app_for("ana", language="en")
    booked = book_via_api(ana, "Sala de etalonaje", future(2, weeks_ahead=9), "10:00", "12:00", "Etalonaje en curso")
    manager = app_for("manager", language="en")
    if booked["status"] == "pending":  # the suite asks its manager
        assert manager.api("POST", f"/reservations/{booked['id']}/approve/").status == 200
    # The booking is under way: its times are moved into the present in the server's database (the API rightly
    # refuses to book a period that has started).
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    start, end = str(now - timedelta(minutes=30)), str(now + timedelta(hours=1))
    (database,) = tmp_path_factory.getbasetemp().glob("e2e[0-9]*/e2e.sqlite3")
    with sqlite3.connect(database) as connection:
        connection.execute(
            'UPDATE bookings_reservation SET start = ?, blocked_start = ?, "end" = ?, blocked_end = ? WHERE id = ?',
            (start, start, end, end, booked["id"]),
        )
    suite = ana.api("GET", f"/assets/{booked['asset']}/").json()
    page = manager.page
    local_day = datetime.now().astimezone().date().isoformat()
    page.goto(f"/#/calendar?group={suite['group']}&view=list&date={local_day}&asset={suite['id']}")
    calendar_ready(page)
    page.locator(".ec-event").filter(has_text="Etalonaje en curso").first.click()
    popover = page.get_by_test_id("calendar-popover")
    expect(popover.get_by_test_id("popover-no-show")).to_be_visible()
    assert audit(page) == []
    manager.screenshot("test_closures_no_show_popover", full_page=False)
    popover.get_by_test_id("popover-no-show").click()
    expect(page.get_by_test_id("no-show-done")).to_be_visible()
    assert ana.api("GET", f"/reservations/{booked['id']}/").json()["status"] == "no_show"
