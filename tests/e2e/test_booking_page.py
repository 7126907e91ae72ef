"""The booking page: status and its reason, times in the asset's zone, money with the fee actually charged,
who pays what, the whole history, and the actions allowed now. My reservations links to it and groups a series."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import book_soon, book_via_api, future

pytestmark = pytest.mark.e2e


def member_id(app, name: str) -> int:
    members = app.api("GET", "/members/").json()
    return next(m["id"] for m in (members["results"] if isinstance(members, dict) else members) if m["name"] == name)


def test_a_late_cancellation_shows_the_fee_charged_the_shares_and_the_history(app_for):
    ana = app_for("ana")
    booked = book_soon(ana, "Plató B", "Rodaje urgente", hours=2)
    norte, bodega = member_id(ana, "Norte Films"), member_id(ana, "Bodega Altiplano")
    payers = [{"member": norte, "weight": "1"}, {"member": bodega, "weight": "1"}]
    split = ana.api("PUT", f"/reservations/{booked['id']}/shares/", payers)
    assert split.status == 200, split.text()
    diego = app_for("diego")
    share = next(s for s in split.json() if s["member"]["id"] == bodega)
    assert diego.api("POST", f"/cost-shares/{share['id']}/accept/").status == 200

    page = ana.page
    page.goto(f"/#/reservations/{booked['id']}")
    expect(page.get_by_test_id("booking-zone")).to_contain_text("Madrid")
    expect(page.get_by_test_id("booking-shares")).to_contain_text("Bodega Altiplano")
    expect(page.get_by_test_id("booking-share").filter(has_text="Bodega Altiplano")).to_contain_text("Accepted")
    price = booked["price"]["amount"]
    page.get_by_test_id("booking-actions").get_by_test_id("cancel").click()
    panel = page.get_by_test_id("cancel-panel")
    expect(panel.get_by_test_id("cancel-fee")).to_contain_text("Cancelling now costs €")
    panel.get_by_test_id("cancel-reason").fill("El cliente canceló el rodaje")
    ana.screenshot("test_booking_page_cancel_with_fee", full_page=False)
    panel.get_by_test_id("confirm-cancel").click()

    expect(page.get_by_test_id("status").first).to_have_text("Cancelled")
    expect(page.get_by_test_id("booking-reason")).to_contain_text("El cliente canceló el rodaje")
    charge = page.get_by_test_id("booking-charge")
    expect(charge).to_contain_text("late-cancellation fee")
    fee = ana.api("GET", f"/reservations/{booked['id']}/charge/").json()["total"]["amount"]
    assert float(fee) == pytest.approx(float(price) / 2, abs=0.01)
    expect(charge).to_contain_text(f"€{float(fee):,.2f}")
    history = page.get_by_test_id("history-item")
    expect(history.first).to_contain_text("Booked")
    expect(history.last).to_contain_text("Cancelled")
    expect(history.last).to_contain_text("El cliente canceló el rodaje")
    ana.screenshot()

    # My reservations shows what was charged, not the old price, and links to the page.
    page.goto("/#/reservations")
    card = page.get_by_test_id("reservation").filter(has_text="Rodaje urgente")
    expect(card.get_by_test_id("reservation-price")).to_contain_text(f"€{float(fee):,.2f}")
    expect(card.get_by_test_id("reservation-price")).not_to_contain_text(f"€{float(price):,.2f}")
    card.get_by_test_id("open-booking").click()
    expect(page).to_have_url(re.compile(f"#/reservations/{booked['id']}$"))


def test_ana_moves_her_booking_from_its_page_with_the_new_price(app_for):
    day = future(0, weeks_ahead=10)  # a Monday
    ana = app_for("ana")
    booked = book_via_api(ana, "Plató A", day, "10:00", "12:00", "Cambio de horario")
    page = ana.page
    page.goto(f"/#/reservations/{booked['id']}")
    page.get_by_test_id("booking-edit").click()
    panel = page.get_by_test_id("edit-panel")
    panel.get_by_test_id("book-end").select_option("13:00")
    expect(panel.get_by_test_id("quote-total")).to_contain_text("€")
    ana.screenshot("test_booking_page_edit", full_page=False)
    panel.get_by_test_id("edit-save").click()
    expect(page.get_by_test_id("booking-when")).to_contain_text("10:00–13:00")
    expect(page.get_by_test_id("history-item").last).to_contain_text("Changed")
    expect(page.get_by_test_id("history-item").last).to_contain_text("10:00–12:00")


def test_the_manager_rejects_from_the_booking_page_and_ana_reads_why(app_for):
    day = future(1, weeks_ahead=10)  # a Tuesday
    ana = app_for("ana")
    booked = book_via_api(ana, "Sala de etalonaje", day, "10:00", "12:00", "Etalonaje tráiler")
    manager = app_for("manager", language="en")
    page = manager.page
    page.goto(f"/#/reservations/{booked['id']}")
    page.get_by_test_id("reject-reason").fill("La sala está reservada para mantenimiento")
    page.get_by_test_id("reject").click()
    expect(page.get_by_test_id("status").first).to_have_text("Rejected")

    ana.page.goto(f"/#/reservations/{booked['id']}")
    reason = ana.page.get_by_test_id("booking-reason")
    expect(reason).to_contain_text("Rejected")
    expect(reason).to_contain_text("La sala está reservada para mantenimiento")
    expect(ana.page.get_by_test_id("booking-actions")).to_have_count(0)
    ana.screenshot()


def test_my_reservations_groups_a_series_and_cancels_this_and_the_following(app_for):
    day = future(2, weeks_ahead=10)  # a Wednesday
    ana = app_for("ana")
    assets = ana.api("GET", "/assets/?q=Plató B").json()
    plato_b = next(a for a in (assets["results"] if isinstance(assets, dict) else assets) if a["name"] == "Plató B")
    created = ana.api(
        "POST",
        "/series/",
        {"asset": plato_b["id"], "start": f"{day}T09:00:00+01:00", "end": f"{day}T11:00:00+01:00",
         "rrule": "FREQ=WEEKLY;COUNT=4", "title": "Taller mensual de sonido", "on_conflict": "skip"},
    )  # fmt: skip
    assert created.status == 201, created.text()
    page = ana.page
    page.goto("/#/reservations")
    series = page.get_by_test_id("series").filter(has_text="Taller mensual de sonido")
    expect(series.get_by_test_id("reservation")).to_have_count(4)
    second = series.get_by_test_id("reservation").nth(1)
    second.get_by_test_id("cancel").click()
    second.get_by_test_id("cancel-following").click()
    series = page.get_by_test_id("series").filter(has_text="Taller mensual de sonido")
    expect(series.get_by_test_id("status").filter(has_text="Cancelled")).to_have_count(3)
    expect(series.get_by_test_id("reservation").first.get_by_test_id("status")).to_have_text("Approved")
    ana.screenshot()
