"""The day of use in the browser: Ana checks in at the kiosk by the stage door, then lengthens the booking from its
page until the next booking refuses it (English and Spanish, axe, a 390 px phone), and a booking nobody checked in
to is released by the sweep and says so on its page."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .helpers import asset_id, audit, book_soon, open_round_the_clock, release_sweep, settle

pytestmark = pytest.mark.e2e


def test_ana_checks_in_at_the_kiosk_on_a_phone_in_english_and_spanish(app_for):
    admin = app_for("admin")
    stage = asset_id(admin, "Plató A")
    # The check-in window opens a day ahead here, and the stage is open round the clock, so the booking a few hours
    # from now can be checked in to whatever the hour.
    changed = admin.api("PATCH", f"/assets/{stage}/", {"checkin_opens_minutes": 1440})
    assert changed.status == 200, changed.text()
    try:
        with open_round_the_clock(admin, stage):
            _check_in_at_the_kiosk(app_for, stage)
    finally:  # the session's other journeys see the demo's rules
        admin.api("PATCH", f"/assets/{stage}/", {"checkin_opens_minutes": 15})


def _check_in_at_the_kiosk(app_for, stage):
    ana = app_for("ana", viewport={"width": 390, "height": 844})
    # Three free hours (plus the cleanup buffer), which a manager shortens to one: the two hours after are known free,
    # and Carla books the second of them, so lengthening by half an hour fits and by another half hour does not.
    booked = book_soon(ana, "Plató A", "Prueba de cámara", hours=3)
    start = datetime.fromisoformat(booked["start"])
    shortened = app_for("admin").api(
        "PATCH", f"/reservations/{booked['id']}/", {"start": booked["start"], "end": (start + H).isoformat()}
    )
    assert shortened.status == 200, shortened.text()
    booked = shortened.json()
    following = {"asset": stage, "start": (start + 2 * H).isoformat(), "end": (start + 3 * H).isoformat(),
                 "title": "Siguiente"}  # fmt: skip
    after = app_for("carla").api("POST", "/reservations/", following)
    assert after.status == 201, after.text()

    # The calendar's popover offers the same check-in.
    desk = app_for("ana").page
    day = datetime.fromisoformat(booked["start"]).astimezone(ZoneInfo("Europe/Madrid")).date()  # the stage's day
    desk.goto(f"/#/calendar?view=day&date={day}&asset={stage}")
    settle(desk)
    event = desk.locator(".ec-event.ev--own", has_text="Prueba de cámara").first
    event.focus()
    desk.keyboard.press("Enter")
    expect(desk.get_by_test_id("calendar-popover").get_by_test_id("check-in")).to_be_visible()
    assert audit(desk) == []
    desk.keyboard.press("Escape")

    page = ana.page
    page.goto(f"/#/kiosk/assets/{stage}")
    settle(page)
    expect(page.get_by_test_id("kiosk-zone")).to_contain_text("Madrid")
    # Today's schedule, or in the evening the next booking (tomorrow's, whose window the test opened a day ahead).
    expect(page.get_by_test_id("kiosk-current")).to_contain_text("Prueba de cámara")
    assert audit(page) == []
    page.get_by_test_id("kiosk-current").get_by_test_id("check-in").click()
    expect(page.get_by_test_id("kiosk-current").get_by_test_id("check-out")).to_be_visible()
    expect(page.get_by_test_id("kiosk-current")).to_contain_text("Checked in")
    assert audit(page) == []
    ana.screenshot("test_kiosk_checked_in_phone")
    page.get_by_test_id("kiosk-sign").click()
    qr = page.get_by_test_id("kiosk-sign-figure").locator("img")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.get_by_test_id("kiosk-sign-figure")).to_contain_text(f"/#/kiosk/assets/{stage}")
    assert audit(page) == []
    page.get_by_test_id("language-es").click()
    settle(page)
    expect(page.get_by_test_id("kiosk-current").get_by_test_id("check-out")).to_have_text("Registrar salida")
    assert audit(page) == []

    detail = ana.api("GET", f"/reservations/{booked['id']}/").json()
    assert detail["checked_in_at"] and detail["checked_out_at"] is None
    assert [e["action"] for e in detail["events"]][-1] == "checked_in"
    page.goto(f"/#/reservations/{booked['id']}")
    expect(page.get_by_test_id("checked-in-at")).to_be_visible()
    expect(page.get_by_test_id("booking-actions").get_by_test_id("check-out")).to_be_visible()
    _lengthen(ana, booked, start)
    assert ana.errors == []


H = timedelta(hours=1)


def _lengthen(ana, booked, start):
    """On the booking page (in Spanish, then English): half an hour more fits; the next half hour runs into Carla's
    booking and is refused with the moment the stage is taken, and the history records both."""
    page = ana.page
    madrid = ZoneInfo("Europe/Madrid")

    def clock(moment):
        return moment.astimezone(madrid).strftime("%H:%M")

    control = page.get_by_test_id("lengthen-control")
    expect(control).to_be_visible()
    expect(control.get_by_test_id("lengthen")).to_have_text("Alargar")
    expect(control.get_by_test_id("lengthen-end").locator("option").first).to_have_text(
        re.compile(clock(start + 1.5 * H))
    )
    assert audit(page) == []
    control.get_by_test_id("lengthen").click()
    expect(page.get_by_test_id("booking-when")).to_have_text(re.compile(rf"[–-] ?.*{clock(start + 1.5 * H)}\s*$"))
    control = page.get_by_test_id("lengthen-control")
    control.get_by_test_id("lengthen").click()  # to start + 2 h, where the cleanup buffer meets Carla's booking
    error = control.get_by_test_id("lengthen-error")
    expect(error).to_contain_text(f"Está ocupado desde las {clock(start + 2 * H)}")
    assert audit(page) == []
    ana.screenshot("test_lengthen_refused_phone_es")
    page.get_by_test_id("language-en").click()
    settle(page)
    control = page.get_by_test_id("lengthen-control")
    expect(control.get_by_test_id("lengthen")).to_have_text("Lengthen")
    control.get_by_test_id("lengthen").click()
    expect(control.get_by_test_id("lengthen-error")).to_contain_text(f"It is taken from {clock(start + 2 * H)}")
    assert audit(page) == []
    ana.screenshot("test_lengthen_refused_phone")

    detail = ana.api("GET", f"/reservations/{booked['id']}/").json()
    assert datetime.fromisoformat(detail["end"]) == start + 1.5 * H
    actions = [e["action"] for e in detail["events"]]
    assert actions.count("extended") == 1 and actions.count("overrun_refused") == 2, actions
    page.reload()
    settle(page)
    expect(page.get_by_test_id("history")).to_contain_text("Lengthening refused")


def test_a_booking_nobody_checked_in_to_is_released_and_its_page_says_so(app_for, tmp_path_factory):
    admin = app_for("admin")
    stage = asset_id(admin, "Plató B")
    changed = admin.api("PATCH", f"/assets/{stage}/", {"release_after_minutes": 15, "no_show_fee_percent": 50})
    assert changed.status == 200, changed.text()
    try:
        _released(app_for, tmp_path_factory, stage)
    finally:  # the session's other journeys see the demo's rules
        admin.api("PATCH", f"/assets/{stage}/", {"release_after_minutes": None, "no_show_fee_percent": 100})


def _released(app_for, tmp_path_factory, stage):
    ana = app_for("ana")
    booked = book_soon(ana, "Plató B", "Ensayo sin entrada")
    page = ana.page
    page.goto(f"/#/reservations/{booked['id']}")
    expect(page.get_by_test_id("check-in-opens")).to_be_visible()  # hours away: not yet

    # Other bookings on the stage (the demo's, another journey's) may come due by the same moments, so the
    # sweep's count is only exact where nothing is left to release: a second sweep at the same moment.
    start = datetime.fromisoformat(booked["start"])

    def status():
        return ana.api("GET", f"/reservations/{booked['id']}/").json()["status"]

    release_sweep(tmp_path_factory, start + timedelta(minutes=14))
    assert status() == "approved"
    assert release_sweep(tmp_path_factory, start + timedelta(minutes=16)) != "released 0"
    assert status() == "released"
    assert release_sweep(tmp_path_factory, start + timedelta(minutes=16)) == "released 0"

    page.reload()
    expect(page.get_by_test_id("status").first).to_have_text("Released")
    expect(page.get_by_test_id("booking-reason")).to_contain_text("Released: nobody checked in")
    expect(page.get_by_test_id("booking-charge")).to_contain_text("no-show fee")
    charge = ana.api("GET", f"/reservations/{booked['id']}/charge/").json()
    assert float(charge["total"]["amount"]) == pytest.approx(float(booked["price"]["amount"]) / 2, abs=0.01)
    expect(page.get_by_test_id("check-in-control")).to_have_count(0)
    assert audit(page) == []
    ana.screenshot()
    # The slot is free again: Carla books it.
    carla = app_for("carla")
    slot = {"asset": stage, "start": booked["start"], "end": booked["end"], "title": "Hueco libre"}
    again = carla.api("POST", "/reservations/", slot)
    assert again.status == 201, again.text()
