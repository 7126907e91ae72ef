"""A bottling run in the browser (issue #24): Elena (Bodega Altiplano) books the bottling line with Operator Olga
and 2,000 bottles and splits the cost with Miel de Boyacá; the booking page shows the operator, the items and the
money split; Felipe, Miel de Boyacá's admin, sees the share with the bottles in it on Consent and accepts it. The
shares sum exactly to the charges, to the cent. The Book page with an operator and items passes axe and fits a
390 px phone in English and Spanish."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from .helpers import asset_id, audit, future, settle
from .test_closures import PHONE

pytestmark = pytest.mark.e2e

LINE, OPERATOR, PARTNER = "Línea de embotellado", "Operator Olga", "Miel de Boyacá"
TITLE = "Embotellado compartido con Miel de Boyacá"


def _items(app, line: int) -> dict[str, int]:
    return {item["name"]: item["id"] for item in app.api("GET", f"/assets/{line}/items/").json()}


def _charge_and_shares(app, reservation: int) -> tuple[dict, list[dict]]:
    charge = app.api("GET", f"/reservations/{reservation}/charge/")
    shares = app.api("GET", f"/reservations/{reservation}/shares/")
    assert charge.status == 200 and shares.status == 200, (charge.text(), shares.text())
    return charge.json(), shares.json()


def _cents(money: dict) -> Decimal:
    return Decimal(money["amount"])


def _fill_the_run(page, line: int, day: str, bottles: int, labels: int, ids: dict[str, int]):
    """The Book page for the line on `day` from 09:00 to 11:00 (inside the line's weekday hours, Lima time), with
    an operator and items."""
    page.goto(f"/#/book?asset={line}&date={day}&start=09:00&end=11:00")
    settle(page)
    page.get_by_test_id("book-operator").check()
    page.get_by_test_id(f"book-item-{ids['Botella 750 ml']}").fill(str(bottles))
    page.get_by_test_id(f"book-item-{ids['Etiquetas']}").fill(str(labels))


def test_elena_books_a_bottling_run_with_an_operator_split_with_miel_and_felipe_accepts(app_for):
    elena = app_for("elena", language="en")
    line = asset_id(elena, LINE)
    ids = _items(elena, line)
    page = elena.page
    day = future(3, weeks_ahead=11)  # a Thursday no other journey books on the line

    # The Book page: the slot, the operator, 2,000 bottles and 10 rolls of labels, the estimate, the split.
    _fill_the_run(page, line, day, 2000, 10, ids)
    expect(page.get_by_test_id("quote-total")).not_to_be_empty()
    # 2,000 × 1.20 + 10 × 45.00 = 2,850.00 soles before VAT
    expect(page.get_by_test_id("book-items-estimate")).to_contain_text("2,850.00")
    page.get_by_test_id("book-title").fill(TITLE)
    page.get_by_test_id("book-split").check()
    page.get_by_role("checkbox", name=PARTNER).check()
    assert audit(page) == []
    page.get_by_test_id("book-submit").click()
    success = page.get_by_test_id("book-success")
    expect(success).to_contain_text("Booked")
    expect(page.get_by_test_id("book-operator-booked")).to_have_text(f"Operator: {OPERATOR}")
    shares_note = page.get_by_test_id("shares-result")
    expect(shares_note).to_contain_text("Bodega Altiplano")
    expect(shares_note).to_contain_text(PARTNER)
    assert audit(page) == []
    elena.screenshot("test_bottling_run_booked")

    # The booking page: the operator, the items and the money split.
    page.get_by_test_id("open-booking").click()
    settle(page)
    booking = int(page.url.rsplit("/", 1)[1].split("?")[0])
    detail = elena.api("GET", f"/reservations/{booking}/").json()
    assert detail["title"] == TITLE
    expect(page.get_by_test_id("booking-operator-name")).to_have_text(OPERATOR)
    items = page.get_by_test_id("booking-items")
    expect(items.get_by_test_id(f"booking-item-{ids['Botella 750 ml']}")).to_have_value("2000")
    expect(items.get_by_test_id(f"booking-item-{ids['Etiquetas']}")).to_have_value("10")
    split = page.get_by_test_id("booking-shares").get_by_test_id("booking-share")
    expect(split).to_have_count(2)
    expect(split.filter(has_text=PARTNER)).to_contain_text("Awaiting consent")
    assert audit(page) == []
    elena.screenshot("test_bottling_run_booking_page")

    # Felipe, Miel de Boyacá's admin, sees the share, the bottles in it, and accepts it.
    charge, shares = _charge_and_shares(elena, booking)
    partner_share = next(share for share in shares if share["member"]["name"] == PARTNER)
    time_only = _cents(detail["price"]) - _cents(detail["items"]["total"])
    assert _cents(partner_share["amount"]) > time_only  # more than the whole time: the bottles are in it
    felipe = app_for("felipe", language="es")
    consent = felipe.page
    consent.get_by_test_id("nav-consent").click()
    settle(consent)
    cards = consent.get_by_test_id("share").filter(has_text=TITLE)
    expect(cards).to_have_count(2)  # the booking's share and the technician's, split with the same weights
    whole, cents = partner_share["amount"]["amount"].split(".")  # "1890.27": "1890,27" or "1.890,27" in Spanish
    shown = rf"{whole[:-3]}\.?{whole[-3:]},{cents}" if len(whole) > 3 else f"{whole},{cents}"
    card = cards.filter(has=consent.get_by_test_id("share-amount").filter(has_text=re.compile(shown)))
    expect(card).to_contain_text("Bodega Altiplano")
    assert audit(consent) == []
    felipe.screenshot("test_bottling_run_consent")
    card.get_by_test_id("accept-share").click()
    expect(card.get_by_test_id("status")).to_have_text("Aceptado")
    assert audit(consent) == []

    # Through the API: the shares sum exactly to each charge, to the cent.
    charge, shares = _charge_and_shares(elena, booking)
    assert sum(_cents(share["amount"]) for share in shares) == _cents(charge["total"])
    assert {share["member"]["name"]: share["state"] for share in shares}[PARTNER] == "accepted"
    assert _cents(charge["total"]) == _cents(detail["price"])  # the time, the fixed fee and the items, with VAT
    technician = detail["operator_booking"]
    assert technician["asset"]["name"] == OPERATOR
    tech_charge, tech_shares = _charge_and_shares(elena, technician["id"])
    assert _cents(tech_charge["total"]) > 0
    # The technician's time is a charge of its own, split like the booking; Felipe's answer decided both shares.
    assert sum(_cents(share["amount"]) for share in tech_shares) == _cents(tech_charge["total"])
    assert {share["member"]["name"]: share["state"] for share in tech_shares}[PARTNER] == "accepted"
    assert elena.errors == [] and felipe.errors == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_book_page_with_an_operator_and_bottles_passes_axe_and_fits_a_phone(app_for, language):
    elena = app_for("elena", language=language, viewport=PHONE)
    line = asset_id(elena, LINE)
    page = elena.page
    _fill_the_run(page, line, future(3, weeks_ahead=12), 2000, 4, _items(elena, line))
    expect(page.get_by_test_id("book-operator-choice")).to_contain_text(
        "Book an operator" if language == "en" else "Reservar un operador"
    )
    # 2,000 × 1.20 + 4 × 45.00 = 2,580.00 soles before VAT
    expect(page.get_by_test_id("book-items-estimate")).to_contain_text(
        "2,580.00" if language == "en" else re.compile(r"2\.?580,00")
    )
    page.get_by_test_id("book-split").check()
    assert audit(page) == []
    elena.screenshot(f"test_bottling_run_book_phone_{language}")
