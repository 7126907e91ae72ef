"""Browser flows over money and recurring bookings: split and consent, closing a period, a weekly series."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import future, pick_slot

pytestmark = pytest.mark.e2e


def test_ana_splits_a_booking_with_bodega_altiplano_and_diego_accepts(app_for):
    day = future(1, weeks_ahead=5)
    ana = app_for("ana")
    page = ana.page
    page.get_by_test_id("nav-book").click()
    pick_slot(page, "Plató A", day, "12:00", "14:00", "Coproducción con Altiplano")
    expect(page.get_by_test_id("quote-total")).not_to_be_empty()
    page.get_by_test_id("book-split").check()
    page.get_by_role("checkbox", name="Bodega Altiplano").check()
    page.get_by_test_id("book-submit").click()
    shares = page.get_by_test_id("shares-result")
    expect(shares).to_contain_text("Bodega Altiplano")
    ana.screenshot()

    diego = app_for("diego", language="es")
    consent = diego.page
    consent.get_by_test_id("nav-consent").click()
    share = consent.get_by_test_id("share").filter(has_text="Coproducción con Altiplano")
    expect(share).to_contain_text("Norte Films")
    diego.screenshot("test_diego_consent_inbox")
    share.get_by_test_id("accept-share").click()
    expect(share.get_by_test_id("status")).to_have_text("Aceptado")
    diego.screenshot()


def test_accountant_closes_the_period_and_downloads_the_csv(app_for):
    accountant = app_for("accountant", language="en")
    page = accountant.page
    page.get_by_test_id("nav-accounting").click()
    periods = page.get_by_test_id("period")
    expect(periods.first).to_be_visible()
    accountant.screenshot("test_accounting_periods")

    # Only a month that is over offers its close (test_accounting.py may have closed last month already).
    closable = periods.filter(has=page.locator("[data-testid=close-period]:enabled"))
    if closable.count():
        page.on("dialog", lambda dialog: dialog.accept())
        closable.last.get_by_test_id("close-period").click()
    expect(page.get_by_test_id("period").filter(has_text="Closed").first).to_be_visible()
    expect(periods.first.get_by_test_id("close-period")).to_be_disabled()  # the month still running

    today = date.today()
    first_of_last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # the demo's history
    page.get_by_test_id("export-from").fill(first_of_last_month.isoformat())
    page.get_by_test_id("export-from").dispatch_event("change")
    page.get_by_test_id("export-to").fill((today + timedelta(days=40)).isoformat())
    page.get_by_test_id("export-to").dispatch_event("change")
    expect(page.get_by_test_id("export-format")).to_have_value("standard")  # in English: the standard CSV
    with page.expect_download() as info:
        page.get_by_test_id("export-download").click()
    content = Path(info.value.path()).read_text(encoding="utf-8-sig")
    lines = [line for line in content.splitlines() if line.strip()]
    assert len(lines) >= 2, content
    assert "Norte Films" in content
    accountant.screenshot()


def test_recurring_booking_with_the_per_occurrence_report(app_for):
    day = future(0, weeks_ahead=6)  # a Monday
    ana = app_for("ana")
    page = ana.page
    page.get_by_test_id("nav-book").click()
    pick_slot(page, "Plató B", day, "09:00", "11:00", "Clase semanal de iluminación")
    page.get_by_test_id("book-repeat").select_option("weekly")
    page.get_by_test_id("book-count").fill("4")
    expect(page.get_by_test_id("book-submit")).to_have_text("Check dates")
    page.get_by_test_id("book-submit").click()
    report = page.get_by_test_id("series-report")
    expect(report.get_by_test_id("occurrence")).to_have_count(4)
    ana.screenshot("test_recurring_report")
    report.get_by_test_id("series-confirm").click()
    expect(page.get_by_test_id("series-success")).to_contain_text("4")
    ana.screenshot()


# What the pages said before billing and series existed, whatever the API answered.
STAND_IN = re.compile(r"not available yet|todavía no (está |están )?disponible", re.IGNORECASE)


def test_cost_shares_and_accounting_pages_show_their_content(app_for):
    bruno = app_for("bruno")
    page = bruno.page
    page.get_by_test_id("nav-consent").click()
    expect(page.get_by_test_id("empty").or_(page.get_by_test_id("share").first)).to_be_visible()
    expect(page.get_by_text(STAND_IN)).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)
    bruno.screenshot("test_consent_page")

    accountant = app_for("accountant", language="en")
    page = accountant.page
    page.get_by_test_id("nav-accounting").click()
    expect(page.get_by_test_id("periods")).to_be_visible()
    expect(page.get_by_text(STAND_IN)).to_have_count(0)
    accountant.screenshot("test_accounting_page")


def test_a_404_from_the_billing_api_is_shown_as_the_error_it_is(app_for):
    """No page turns a 404 into "not available yet": the person sees the API's answer."""
    not_found = {"status": 404, "json": {"code": "not_found", "detail": "Billing periods went missing."}}
    accountant = app_for("accountant", language="en")
    page = accountant.page
    page.route("**/api/v1/billing-periods/**", lambda route: route.fulfill(**not_found))
    page.get_by_test_id("nav-accounting").click()
    expect(page.get_by_test_id("accounting-error")).to_have_text("Billing periods went missing.")
    expect(page.get_by_text(STAND_IN)).to_have_count(0)

    bruno = app_for("bruno", language="en")
    page = bruno.page
    page.route("**/api/v1/cost-shares/**", lambda route: route.fulfill(**{**not_found, "json": {"detail": "Gone."}}))
    page.get_by_test_id("nav-consent").click()
    expect(page.get_by_test_id("consent-error")).to_have_text("Gone.")
    expect(page.get_by_text(STAND_IN)).to_have_count(0)


def test_a_weekly_series_split_with_sur_proposes_surs_share_on_every_occurrence(app_for):
    day = future(2, weeks_ahead=7)  # a Wednesday
    ana = app_for("ana", language="en")
    page = ana.page
    page.get_by_test_id("nav-book").click()
    pick_slot(page, "Plató B", day, "15:00", "17:00", "Serie compartida con Sur")
    page.get_by_test_id("book-repeat").select_option("weekly")
    page.get_by_test_id("book-count").fill("3")
    page.get_by_test_id("book-split").check()
    page.get_by_role("checkbox", name="Sur Producciones").check()
    page.get_by_test_id("book-submit").click()
    page.get_by_test_id("series-report").get_by_test_id("series-confirm").click()
    success = page.get_by_test_id("series-success")
    expect(success.get_by_test_id("occurrence")).to_have_count(3)
    for occurrence in success.get_by_test_id("occurrence").all():
        share = occurrence.locator("[data-testid^='occurrence-share-']", has_text="Sur Producciones")
        expect(share.get_by_test_id("status")).to_have_text("Awaiting consent")
    ana.screenshot()

    series = ana.api("GET", "/cost-shares/?state=proposed&page_size=100").json()["results"]
    ours = [s for s in series if s["reservation"]["title"] == "Serie compartida con Sur"]
    assert len(ours) == 3 and {s["member"]["name"] for s in ours} == {"Sur Producciones"}
