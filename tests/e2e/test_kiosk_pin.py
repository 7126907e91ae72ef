"""Check-in at the kiosk with a PIN: Plató A e-mails its bookers a PIN when check-in opens; Carla reads hers (in
Spanish, her language) and checks in on the kiosk tablet, where nobody is signed in, on a 390 px phone; a wrong PIN
first says how many tries are left. English and Spanish, axe."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import asset_id, audit, book_soon, mail_to, manage, open_round_the_clock, settle

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_carla_checks_in_at_the_kiosk_with_the_pin_from_her_e_mail(app_for, tmp_path_factory):
    admin = app_for("admin")
    stage = asset_id(admin, "Plató A")
    # Check-in opens a day ahead here, and the stage is open round the clock, so the booking a few hours from now
    # gets its PIN at once whatever the hour.
    changed = admin.api("PATCH", f"/assets/{stage}/", {"checkin_opens_minutes": 1440, "kiosk_pin": True})
    assert changed.status == 200, changed.text()
    try:
        with open_round_the_clock(admin, stage):
            _check_in_with_pin(app_for, tmp_path_factory, stage)
    finally:  # the session's other journeys see the demo's rules
        admin.api("PATCH", f"/assets/{stage}/", {"checkin_opens_minutes": 15, "kiosk_pin": False})


def _check_in_with_pin(app_for, tmp_path_factory, stage):
    carla = app_for("carla")
    booked = book_soon(carla, "Plató A", "Grabación con PIN")
    assert booked["status"] == "approved"
    assert re.fullmatch(r"sent [1-9]\d*", manage(tmp_path_factory, "send_kiosk_pins"))
    body = mail_to(tmp_path_factory, "carla@sinergia.example", "Tu PIN para registrar la llegada a Plató A")
    pin = re.search(r"^\s+(\d{6})\s*$", body, re.MULTILINE).group(1)
    assert f"/#/kiosk/assets/{stage}" in body
    assert manage(tmp_path_factory, "send_kiosk_pins") == "sent 0"  # a second beat run makes and sends nothing

    tablet = app_for(None, viewport=PHONE)  # the kiosk: nobody signed in
    page = tablet.page
    page.goto(f"/#/kiosk/assets/{stage}")
    page.get_by_test_id("language-en").click()
    settle(page)
    expect(page.get_by_test_id("kiosk-public")).to_contain_text("Check-in · Plató A")
    expect(page.get_by_test_id("kiosk-public")).not_to_contain_text("Grabación con PIN")  # no titles signed out
    problems = {"en": audit(page)}
    wrong = f"{(int(pin) + 1) % 10**6:06d}"
    page.get_by_test_id("kiosk-pin").fill(wrong)
    page.get_by_test_id("kiosk-pin-submit").click()
    expect(page.locator("#kiosk-pin-error")).to_contain_text("Tries left: 4")
    expect(page.get_by_test_id("kiosk-pin")).to_have_attribute("aria-invalid", "true")
    problems["en wrong"] = audit(page)
    tablet.screenshot("test_kiosk_pin_wrong_phone", full_page=False)

    page.get_by_test_id("language-es").click()
    settle(page)
    expect(page.get_by_test_id("kiosk-public")).to_contain_text("Entrada · Plató A")
    expect(page.get_by_test_id("kiosk-pin-submit")).to_have_text("Registrar la entrada con el PIN")
    problems["es"] = audit(page)
    page.get_by_test_id("kiosk-pin").fill(pin)
    page.get_by_test_id("kiosk-pin-submit").click()
    expect(page.get_by_test_id("kiosk-pin-done")).to_contain_text("Entrada registrada")
    settle(page)
    problems["es done"] = audit(page)
    tablet.screenshot("test_kiosk_pin_checked_in_phone", full_page=False)
    assert {name: found for name, found in problems.items() if found} == {}

    detail = carla.api("GET", f"/reservations/{booked['id']}/").json()
    assert detail["checked_in_at"]
    assert detail["events"][-1]["action"] == "checked_in"
