"""The waitlist in the browser: Ana finds a slot taken, joins its waitlist from the conflict panel; nobody checks in
to the booking, the release sweep frees it and the waitlist offers it to her by e-mail; she books it from My
waitlist (axe, and a 390 px phone in English and Spanish)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .helpers import asset_id, audit, book_soon, pick_slot, release_sweep, settle

pytestmark = pytest.mark.e2e

STAGE = "Plató B"


def test_a_released_booking_is_offered_to_the_waitlisted_member_who_books_it(app_for, tmp_path_factory, mailbox):
    admin = app_for("admin")
    stage = asset_id(admin, STAGE)
    changed = admin.api("PATCH", f"/assets/{stage}/", {"release_after_minutes": 15})
    assert changed.status == 200, changed.text()
    try:
        _journey(app_for, tmp_path_factory, mailbox)
    finally:  # the session's other journeys see the demo's rules
        admin.api("PATCH", f"/assets/{stage}/", {"release_after_minutes": None})


def _journey(app_for, tmp_path_factory, mailbox):
    carla = app_for("carla")
    taken = book_soon(carla, STAGE, "Ensayo que nadie usa", hours=2)
    start = datetime.fromisoformat(taken["start"]).astimezone(ZoneInfo("Europe/Madrid"))
    end = datetime.fromisoformat(taken["end"]).astimezone(ZoneInfo("Europe/Madrid"))

    # Ana wants the same period: the conflict panel offers the waitlist.
    ana = app_for("ana")
    page = ana.page
    page.goto("/#/book")
    settle(page)
    pick_slot(page, STAGE, start.date().isoformat(), f"{start:%H:%M}", f"{end:%H:%M}", "Casting")
    page.get_by_test_id("book-submit").click()
    conflict = page.get_by_test_id("book-conflict")
    expect(conflict).to_be_visible()
    conflict.get_by_test_id("waitlist-join").click()
    expect(conflict.get_by_test_id("waitlist-joined")).to_be_visible()
    assert audit(page) == []
    [entry] = [e for e in ana.api("GET", "/waitlist/?state=waiting").json()["results"] if e["title"] == "Casting"]

    # Nobody checks in: the sweep releases the booking and the waitlist offers the period to Ana.
    assert release_sweep(tmp_path_factory, start + timedelta(minutes=16)).startswith("released ")
    assert carla.api("GET", f"/reservations/{taken['id']}/").json()["status"] == "released"
    [offer] = [m for m in mailbox() if m["To"] == "ana@sinergia.example" and "Free for you" in str(m["Subject"])]
    assert str(offer["Subject"]).strip().startswith(f"Free for you: {STAGE} on ")
    text = offer.get_body(("plain",)).get_content()
    assert re.search(r"https?://\S+/#/waitlist", text), text
    assert "/#/waitlist" in offer.get_body(("html",)).get_content()

    page.goto("/#/waitlist")
    settle(page)
    card = page.locator(f"[data-testid=waitlist-entry][data-id='{entry['id']}']")
    expect(card.get_by_test_id("waitlist-state")).to_have_text("Offered to you")
    expect(card.get_by_test_id("waitlist-hold")).to_contain_text("minutes left")
    assert audit(page) == []
    ana.screenshot("test_waitlist_offered")
    # Carla cannot take it back meanwhile: it is held for Ana's company.
    again = carla.api("POST", "/reservations/", {"asset": taken["asset"], "start": taken["start"],
                                                 "end": taken["end"], "title": "Otra vez"})  # fmt: skip
    assert again.status == 409 and again.json()["code"] == "held_for_waitlist"

    card.get_by_test_id("waitlist-accept").click()
    expect(card.get_by_test_id("waitlist-state")).to_have_text("Booked")
    booking = card.get_by_test_id("waitlist-booking")
    expect(booking).to_be_visible()
    booked = ana.api("GET", f"/waitlist/{entry['id']}/").json()
    detail = ana.api("GET", f"/reservations/{booked['reservation']}/").json()
    assert (detail["title"], detail["status"], detail["start"]) == ("Casting", "approved", booked["start"])
    assert ana.errors == []

    # My waitlist on a phone, in English and in Spanish.
    phone = app_for("ana", viewport={"width": 390, "height": 844})
    phone.page.goto("/#/waitlist")
    settle(phone.page)
    expect(phone.page.get_by_test_id("waitlist-entry").first).to_be_visible()
    assert audit(phone.page) == []
    phone.page.get_by_test_id("language-es").click()
    settle(phone.page)
    expect(phone.page.get_by_role("heading", name="Mi lista de espera")).to_be_visible()
    expect(phone.page.locator(f"[data-id='{entry['id']}'] [data-testid=waitlist-state]")).to_have_text("Reservado")
    assert audit(phone.page) == []
    phone.screenshot("test_waitlist_phone_es")
    phone.page.get_by_test_id("language-en").click()  # the language is saved on the account: back for the others
    settle(phone.page)
    assert phone.errors == []
