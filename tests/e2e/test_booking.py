"""Members book in the browser: the form, conflicts with one-click alternatives, Spanish, cancelling."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import book_via_api, calendar_ready, days_after, future, grid_x, grid_y, pick_slot

pytestmark = pytest.mark.e2e


def test_ana_books_plato_a_from_the_calendar(app_for):
    ana = app_for("ana")
    page = ana.page
    day = future(1)  # a Tuesday
    page.goto(f"/#/calendar?group=1&view=day&date={day}")
    calendar_ready(page)
    expect(page.get_by_test_id("calendar")).to_contain_text("Plató A")
    # Click the free 10:00 slot in Plató A's column.
    page.mouse.click(grid_x(page, day, resource=0), grid_y(page, "10:00") + 6)
    expect(page.get_by_test_id("book-form")).to_be_visible()
    expect(page.get_by_test_id("book-asset").locator("option:checked")).to_have_text("Plató A")
    expect(page.get_by_test_id("book-date")).to_have_value(day)
    expect(page.get_by_test_id("book-start")).to_have_value("10:00")
    expect(page.get_by_test_id("book-end")).to_have_value("12:00")
    page.get_by_test_id("book-title").fill("Rodaje anuncio primavera")
    page.get_by_test_id("book-submit").click()
    success = page.get_by_test_id("book-success")
    expect(success).to_contain_text("Booked")
    expect(success).to_contain_text("Plató A")
    expect(success.get_by_test_id("status")).to_have_text("Approved")
    ana.screenshot()

    page.get_by_test_id("go-reservations").click()
    row = page.get_by_test_id("reservation").filter(has_text="Rodaje anuncio primavera")
    expect(row).to_contain_text("10:00–12:00")
    expect(row.get_by_test_id("status")).to_have_text("Approved")


def test_calendar_shows_own_and_busy_blocks(app_for):
    ana = app_for("ana")
    page = ana.page
    expect(page.locator(".ec-event.ev--own").first).to_be_visible()
    expect(page.locator(".ec-event.ev--busy").first).to_be_visible()
    expect(page.locator(".ec-event.ev--busy").first).to_contain_text("Busy")
    ana.screenshot()


def test_form_errors_are_shown_next_to_the_field(app_for):
    ana = app_for("ana")
    page = ana.page
    page.goto("/#/book")
    page.get_by_test_id("book-submit").click()
    expect(page.get_by_test_id("book-title-error")).to_have_text("Say what the booking is for.")
    expect(page.get_by_test_id("book-date-error")).to_have_text("Choose a date.")


def test_carla_gets_the_conflict_and_books_an_alternative_in_one_click(app_for):
    day = future(2)  # a Wednesday
    ana = app_for("ana")
    book_via_api(ana, "Plató A", day, "10:00", "12:00", "Casting Norte")

    carla = app_for("carla", language="en")
    page = carla.page
    page.goto("/#/book")
    pick_slot(page, "Plató A", day, "10:00", "12:00", "Ensayo Sur")
    page.get_by_test_id("book-submit").click()
    conflict = page.get_by_test_id("book-conflict")
    expect(conflict).to_contain_text("That slot is taken")
    alternatives = conflict.get_by_test_id("alternative")
    expect(alternatives.first).to_be_visible()
    carla.screenshot("test_carla_sees_the_conflict")

    choice = alternatives.first
    chosen_text = choice.inner_text()
    choice.click()
    success = page.get_by_test_id("book-success")
    expect(success).to_be_visible()
    asset_name = chosen_text.split("\n")[0].strip()
    expect(success).to_contain_text(asset_name)
    carla.screenshot()


def test_the_booking_flow_in_spanish(app_for):
    day = future(4)  # a Friday
    ana = app_for("ana", language="es")
    page = ana.page
    expect(page.get_by_test_id("nav-book")).to_have_text("Reservar")
    page.get_by_test_id("nav-book").click()
    expect(page.get_by_role("heading", name="Reservar un recurso")).to_be_visible()
    pick_slot(page, "Plató B", day, "16:00", "18:00", "Grabación podcast")
    page.get_by_test_id("book-submit").click()
    success = page.get_by_test_id("book-success")
    expect(success).to_contain_text("Reservado")
    expect(success.get_by_test_id("status")).to_have_text("Aprobada")
    ana.screenshot()

    # The same slot again: the conflict and its alternatives, in Spanish.
    page.get_by_test_id("book-another").click()
    pick_slot(page, "Plató B", day, "16:00", "18:00", "Otra vez")
    page.get_by_test_id("book-submit").click()
    expect(page.get_by_test_id("book-conflict")).to_contain_text("Ese hueco está ocupado")
    expect(page.get_by_test_id("alternative").first).to_contain_text("Reservar esta")
    ana.screenshot("test_the_booking_flow_in_spanish_conflict")


def test_ana_cancels_a_reservation(app_for):
    day = future(0, weeks_ahead=4)  # a Monday
    ana = app_for("ana")
    book_via_api(ana, "Plató B", day, "09:00", "11:00", "Prueba de cámara")
    page = ana.page
    page.get_by_test_id("nav-reservations").click()
    row = page.get_by_test_id("reservation").filter(has_text="Prueba de cámara")
    row.get_by_test_id("cancel").click()
    expect(row.get_by_test_id("cancel-fee")).not_to_be_empty()
    row.get_by_test_id("cancel-reason").fill("Shoot postponed")
    ana.screenshot("test_ana_cancels_a_reservation_confirm")
    row.get_by_test_id("confirm-cancel").click()
    cancelled = page.get_by_test_id("reservation").filter(has_text="Prueba de cámara")
    expect(cancelled.get_by_test_id("status")).to_have_text("Cancelled")
    expect(cancelled.get_by_test_id("cancel")).to_have_count(0)
    ana.screenshot()


def test_phone_layout(app_for):
    ana = app_for("ana", viewport={"width": 390, "height": 844})
    page = ana.page
    expect(page.get_by_test_id("calendar")).to_be_visible()
    ana.screenshot("test_phone_layout_calendar")
    page.goto("/#/book")
    expect(page.get_by_test_id("book-form")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the booking page scrolls sideways ({width}px)"
    ana.screenshot("test_phone_layout_book")
    assert re.search("Sinergia", page.title())


def test_elena_books_three_whole_days_of_the_cellar_from_the_form(app_for):
    first = future(1, weeks_ahead=9)  # a Tuesday
    last = days_after(first, 2)  # the Thursday after
    elena = app_for("elena")
    page = elena.page
    page.goto("/#/book")
    page.get_by_test_id("book-asset").select_option(label="Bodega de fermentación")
    page.get_by_test_id("book-whole-days").check()
    page.get_by_test_id("book-date").fill(first)
    page.get_by_test_id("book-date").dispatch_event("change")
    page.get_by_test_id("book-end-date").fill(last)
    page.get_by_test_id("book-end-date").dispatch_event("change")
    page.get_by_test_id("book-title").fill("Fermentación en barrica")
    expect(page.get_by_test_id("quote-total")).to_contain_text("PEN")
    expect(page.get_by_test_id("quote-policy")).to_contain_text("pending")
    elena.screenshot("test_cellar_form_whole_days")
    page.get_by_test_id("book-submit").click()
    success = page.get_by_test_id("book-success")
    expect(success).to_contain_text("Request sent")
    expect(success).to_contain_text("Tue, ")
    expect(success).to_contain_text(" – Thu, ")
    expect(success).not_to_contain_text("00:00")
    # Focus lands on the outcome, not on <body>.
    assert page.evaluate("document.activeElement.closest('[data-testid=book-success]') !== null")
    elena.screenshot()


def test_a_cellar_booking_across_midnight_takes_both_days_and_times(app_for):
    day = future(5, weeks_ahead=9)  # a Saturday
    elena = app_for("elena")
    page = elena.page
    page.goto("/#/book")
    page.get_by_test_id("book-asset").select_option(label="Bodega de fermentación")
    page.get_by_test_id("book-date").fill(day)
    page.get_by_test_id("book-date").dispatch_event("change")
    page.get_by_test_id("book-start").select_option("18:00")
    next_day = days_after(day, 1)
    page.get_by_test_id("book-end-date").fill(next_day)
    page.get_by_test_id("book-end-date").dispatch_event("change")
    page.get_by_test_id("book-end").select_option("06:00")
    page.get_by_test_id("book-title").fill("Trasiego nocturno")
    page.get_by_test_id("book-submit").click()
    success = page.get_by_test_id("book-success")
    expect(success).to_contain_text("18:00 – Sun, ")
    expect(success).to_contain_text("06:00")


def test_the_price_card_states_the_cancellation_policy_before_booking(app_for):
    day = future(2, weeks_ahead=9)
    ana = app_for("ana")
    page = ana.page
    page.goto("/#/book")
    pick_slot(page, "Plató A", day, "10:00", "12:00", "Rodaje con política")
    policy = page.get_by_test_id("quote-policy")
    expect(policy).to_contain_text("Free cancellation until")
    expect(policy).to_contain_text("50 %")
    expect(policy).to_contain_text("€")


def test_the_book_page_opens_on_an_asset_the_company_uses(app_for):
    elena = app_for("elena")
    page = elena.page
    page.goto("/#/book")
    chosen = page.get_by_test_id("book-asset").locator("option:checked")
    expect(chosen).to_have_text(re.compile("Bodega de fermentación|Línea de embotellado"))


def test_request_anyway_when_only_pending_requests_are_in_the_way(app_for):
    day = future(3, weeks_ahead=9)  # a Thursday
    ana = app_for("ana")
    first = book_via_api(ana, "Sala de etalonaje", day, "10:00", "13:00", "Etalonaje Norte")
    assert first["status"] == "pending"

    carla = app_for("carla", language="en")
    page = carla.page
    page.goto("/#/book")
    pick_slot(page, "Sala de etalonaje", day, "11:00", "14:00", "Etalonaje Sur")
    page.get_by_test_id("book-submit").click()
    conflict = page.get_by_test_id("book-conflict")
    expect(conflict).to_contain_text("That slot is taken")
    carla.screenshot("test_request_anyway_offer")
    conflict.get_by_test_id("book-compete").click()
    success = page.get_by_test_id("book-success")
    expect(success).to_contain_text("Request sent")
    expect(success).to_contain_text("the manager will choose")

    manager = app_for("manager", language="en")
    inbox = manager.page
    inbox.get_by_test_id("nav-inbox").click()
    request = inbox.get_by_test_id("request").filter(has=inbox.get_by_role("heading", name=re.compile("Etalonaje Sur")))
    expect(request.get_by_test_id("rivals")).to_contain_text("Etalonaje Norte")
    request.get_by_test_id("approve").click()
    expect(inbox.get_by_test_id("inbox-flash")).to_contain_text("1 competing request was declined")
    manager.screenshot()


def test_a_session_that_expires_mid_form_says_why_and_comes_back_with_the_draft(app_for):
    day = future(3, weeks_ahead=10)  # a Thursday
    ana = app_for("ana")
    page = ana.page
    page.goto("/#/book")
    pick_slot(page, "Plató B", day, "15:00", "18:00", "Rodaje con borrador")
    page.get_by_test_id("book-notes").fill("Traemos grúa y dos focos HMI.")
    expect(page.get_by_test_id("quote-total")).to_contain_text("€")  # nothing else is on its way to the server
    ana.context.clear_cookies()  # the session ends while the form is open
    page.get_by_test_id("book-title").press("Enter")  # submit from the keyboard

    expect(page.get_by_test_id("login-notice")).to_contain_text("Your session has expired")
    ana.screenshot("test_session_expired_login")
    page.get_by_test_id("login-username").fill("ana")
    page.get_by_test_id("login-password").fill("demo")
    page.get_by_test_id("login-submit").click()

    expect(page.get_by_test_id("book-form")).to_be_visible()
    expect(page.get_by_test_id("book-title")).to_have_value("Rodaje con borrador")
    expect(page.get_by_test_id("book-notes")).to_have_value("Traemos grúa y dos focos HMI.")
    expect(page.get_by_test_id("book-asset").locator("option:checked")).to_have_text("Plató B")
    expect(page.get_by_test_id("book-date")).to_have_value(day)
    expect(page.get_by_test_id("book-start")).to_have_value("15:00")
    expect(page.get_by_test_id("book-end")).to_have_value("18:00")
    page.get_by_test_id("book-submit").click()
    expect(page.get_by_test_id("book-success")).to_contain_text("Booked")
    ana.screenshot()


def test_another_person_signing_in_does_not_get_the_draft(app_for):
    ana = app_for("ana")
    page = ana.page
    page.goto("/#/book")
    page.get_by_test_id("book-title").fill("Borrador privado de Ana")
    ana.context.clear_cookies()
    page.get_by_test_id("book-submit").click()  # the client check fails first: nothing is sent
    page.get_by_test_id("book-date").fill(future(4, weeks_ahead=10))
    page.get_by_test_id("book-date").dispatch_event("change")
    page.get_by_test_id("book-submit").click()
    expect(page.get_by_test_id("login-notice")).to_be_visible()
    page.get_by_test_id("login-username").fill("carla")
    page.get_by_test_id("login-password").fill("demo")
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("header-user").wait_for()
    page.goto("/#/book")
    expect(page.get_by_test_id("book-title")).to_have_value("")
