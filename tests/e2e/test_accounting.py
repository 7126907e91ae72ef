"""The Accounting page and a statement's own page: the close offered only where the API accepts it, the page
opening on the month to close, a statement's lines and totals, and its PDF read back as text."""

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from .helpers import audit, settle

pytestmark = pytest.mark.e2e

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip


def month_name(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def last_month() -> date:
    return date.today().replace(day=1) - timedelta(days=1)


def spanish(amount: Decimal) -> str:
    """1234.5 → "1 234,50", as the PDF writes money in Spanish (Django's format: a space between thousands)."""
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",")


def closed_last_month(accountant) -> None:
    """The Accounting page opens on last month (closable or closed); close it if it is still open."""
    page = accountant.page
    page.get_by_test_id("nav-accounting").click()
    selected = page.locator("[data-testid=period-link][aria-current=page]")
    expect(selected).to_have_text(month_name(last_month()))
    row = page.get_by_test_id("period").filter(has=selected)
    close = row.get_by_test_id("close-period")
    if close.count() and close.is_enabled():
        page.once("dialog", lambda dialog: dialog.accept())
        close.click()
    expect(page.get_by_test_id("period").filter(has=selected).get_by_test_id("status")).to_have_text("Closed")


def test_the_running_month_offers_no_close_and_says_from_when(app_for):
    accountant = app_for("accountant", language="en")
    page = accountant.page
    page.get_by_test_id("nav-accounting").click()
    today = date.today()
    running = page.get_by_test_id("period").filter(has_text=month_name(today))
    expect(running.get_by_test_id("close-period")).to_be_disabled()
    first_of_next = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    reason = running.get_by_test_id("close-reason")
    expect(reason).to_contain_text("it can be closed from")
    expect(reason).to_contain_text(f"{first_of_next.day} {MONTHS[first_of_next.month - 1][:3]} {first_of_next.year}")
    assert running.get_by_test_id("close-period").get_attribute("aria-describedby") == reason.get_attribute("id")
    # The page did not open on it: the month still running has nothing to show yet.
    expect(running.get_by_test_id("period-link")).not_to_have_attribute("aria-current", "page")
    accountant.screenshot()


def test_the_accountant_opens_a_statement_and_downloads_its_pdf(app_for):
    accountant = app_for("accountant", language="en")
    page = accountant.page
    closed_last_month(accountant)
    last_day = last_month()
    expect(page.get_by_test_id("period-days")).to_contain_text(f"{last_day.day} {MONTHS[last_day.month - 1][:3]}")
    expect(page.get_by_test_id("export-to")).to_have_value(last_month().isoformat())  # the last day, inclusive
    statement_row = page.get_by_test_id("statement").filter(has_text="Norte Films")
    statement_row.get_by_test_id("statement-link").click()

    expect(page.get_by_test_id("statement-line").first).to_be_visible()
    statement_id = int(page.url.rsplit("/", 1)[1])
    detail = accountant.api("GET", f"/statements/{statement_id}/").json()
    assert detail["member"]["name"] == "Norte Films"
    eur = next(total for total in detail["totals"] if total["currency"] == "EUR")
    amount = Decimal(eur["amount"])
    expect(page.get_by_test_id("statement-total")).to_contain_text(f"€{amount:,.2f}")
    expect(page.get_by_test_id("statement-line")).to_have_count(len(detail["lines"]))
    expect(page.get_by_test_id("vat-row").first).to_contain_text("EUR")
    expect(page.get_by_test_id("statement-period")).to_contain_text(str(last_month().day))
    accountant.screenshot()

    with page.expect_download() as info:
        page.get_by_test_id("statement-pdf").click()
    download = info.value
    assert download.suggested_filename == f"statement-{detail['number']}.pdf"
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(pdf_page.extract_text() for pdf_page in reader.pages).replace("\xa0", " ")
    # Norte Films' first member admin, Bruno, reads Spanish: the PDF is in Spanish.
    assert detail["number"] in text and "Norte Films" in text, text
    assert f"Total a pagar: {spanish(amount)} EUR" in text, text


def test_the_member_admin_opens_its_own_statement_and_not_anothers(app_for):
    accountant = app_for("accountant", language="en")
    closed_last_month(accountant)
    statements = accountant.api("GET", "/statements/?page_size=100").json()["results"]
    own = next(s for s in statements if s["member"]["name"] == "Norte Films")
    rival = next(s for s in statements if s["member"]["name"] != "Norte Films")

    bruno = app_for("bruno", language="es")
    page = bruno.page
    page.goto(f"/#/statements/{own['id']}")
    expect(page.get_by_test_id("statement-total")).to_be_visible()
    expect(page.get_by_test_id("statement-back")).to_have_attribute("href", "#/company")
    assert bruno.api("GET", f"/statements/{own['id']}/pdf/").status == 200
    page.goto(f"/#/statements/{rival['id']}")
    expect(page.get_by_test_id("statement-error")).to_have_text("Este extracto no existe o no puedes verlo.")
    assert bruno.api("GET", f"/statements/{rival['id']}/pdf/").status == 404


def test_the_accountant_picks_the_exports_format_in_english_and_spanish(app_for):
    """Four formats with clear labels; the download is the one picked, in the page's language: the CSV for a
    Spanish spreadsheet (BOM, ";", decimal comma), the standard CSV, the workbook and JSON."""
    accountant = app_for("accountant", language="en")
    page = accountant.page
    closed_last_month(accountant)
    choice = page.get_by_test_id("export-format")
    expect(choice.locator("option")).to_have_text(
        ["CSV for Excel or LibreOffice in Spanish (; and decimal comma)", "Standard CSV (, and decimal point)",
         "Excel workbook (XLSX)", "JSON, for integrations"]
    )  # fmt: skip
    expect(choice).to_have_value("standard")
    expect(page.get_by_label("Format")).to_have_count(1)

    def download(value: str) -> tuple[str, bytes]:
        page.get_by_test_id("export-format").select_option(value)
        with page.expect_download() as info:
            page.get_by_test_id("export-download").click()
        return info.value.suggested_filename, Path(info.value.path()).read_bytes()

    name, standard = download("standard")
    assert name.endswith(".csv") and standard.startswith(b"Statement,Payer,"), standard[:80]
    name, workbook = download("xlsx")
    sheet = load_workbook(io.BytesIO(workbook))["Cost shares"]
    assert name.endswith(".xlsx") and sheet["A1"].value == "Statement"
    name, rows = download("json")
    rows = json.loads(rows)
    assert name.endswith(".json") and rows and isinstance(rows[0]["reservation"], int)
    assert set(rows[0]["gross"]) == {"amount", "currency"}

    page.get_by_test_id("language-es").click()
    choice = page.get_by_test_id("export-format")
    expect(choice).to_have_value("excel-es")  # in Spanish, the CSV a Spanish spreadsheet opens comes first
    expect(choice.locator("option").first).to_have_text("CSV para Excel o LibreOffice en español (; y coma decimal)")
    name, spanish = download("excel-es")
    assert spanish.startswith(b"\xef\xbb\xbf" + b"Extracto;Pagador;")
    text = spanish.decode("utf-8-sig")
    assert "Norte Films" in text and "Zona horaria" in text
    gross = [row["Bruto"] for row in csv.DictReader(io.StringIO(text), delimiter=";")]
    assert gross and all("," in amount and "." not in amount for amount in gross), gross
    accountant.screenshot()


@pytest.mark.parametrize("screen", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}])
def test_the_statement_and_accounting_pages_pass_axe_and_fit_the_screen(app_for, screen):
    accountant = app_for("accountant", language="en", viewport=screen)
    closed_last_month(accountant)
    statement = accountant.api("GET", "/statements/?page_size=1").json()["results"][0]
    page = accountant.page
    problems = {}
    for language in ("en", "es"):
        page.get_by_test_id(f"language-{language}").click()
        for path in (f"/statements/{statement['id']}", "/accounting"):
            page.goto(f"/#{path}")
            settle(page)
            expect(page.get_by_test_id("statement-total").or_(page.get_by_test_id("periods"))).to_be_visible()
            found = audit(page)
            if found:
                problems[f"{language} {path}"] = found
        accountant.screenshot(f"statement_{language}_{screen['width']}", full_page=False)
    assert not problems, problems
