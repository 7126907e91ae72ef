"""The accounting export as Spanish accountants open it: CSV dialects (excel-es, standard), tax ids kept as text,
local times with their zone across a daylight-saving change, the XLSX's formats, table and totals sheet, and the
JSON's types. The sums still reconcile with the statements to the cent."""

import csv
import io
import os
import shutil
import subprocess
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pandas
import pytest
from openpyxl import load_workbook

from billing import services
from billing.models import Statement
from tests.conftest import as_user
from tests.factories import AssetFactory, MemberFactory, MembershipFactory, PriceRuleFactory, UserFactory

from .helpers import past_reservation, utc

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/exports/cost-shares/?from=2025-03-01&to=2025-03-31"
RUC = "20123456789"
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def accountant():
    return UserFactory(username="accountant", is_accountant=True, language="en")


@pytest.fixture
def march(accountant):
    """March 2025, closed: a Peruvian member (RUC 20123456789, cost centre 0042) books "Plató A" in Madrid across
    the night the clocks go forward (01:00 CET → 04:00 CEST, two real hours), and a lab in Lima for one hour."""
    madrid = AssetFactory(name="Plató A", timezone="Europe/Madrid")
    PriceRuleFactory(asset=madrid, hourly_rate_minor=4305, vat_rate="21.00")
    lima = AssetFactory(name="Laboratorio Lima", timezone="America/Lima")
    PriceRuleFactory(asset=lima, hourly_rate_minor=10000, vat_rate="21.00")
    member = MemberFactory(name="Andes Producciones", tax_id=RUC, cost_centre="0042")
    booker = MembershipFactory(member=member).user
    across = past_reservation(
        asset=madrid, member=member, booked_by=booker, start=utc(2025, 3, 30, 0), end=utc(2025, 3, 30, 2)
    )
    in_lima = past_reservation(
        asset=lima, member=member, booked_by=booker, start=utc(2025, 3, 10, 14), end=utc(2025, 3, 10, 15)
    )
    services.billing_period_close(period=services.billing_period_for(year=2025, month=3), by=accountant)
    return {"across": across, "lima": in_lima, "member": member}


def statements_gross() -> Decimal:
    minor = sum(line.amount_minor for statement in Statement.objects.all() for line in statement.lines.all())
    return Decimal(minor).scaleb(-2)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def by_reservation(rows: list[dict], march: dict) -> tuple[dict, dict]:
    index = {row["Reservation"]: row for row in rows}
    return index[str(march["across"].id)], index[str(march["lima"].id)]


def test_excel_es_has_a_bom_semicolons_and_decimal_commas_and_reconciles(api, accountant, march):
    response = as_user(api, accountant).get(EXPORT + "&format=csv&dialect=excel-es")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    content = body(response)
    assert content.startswith(BOM + b"Statement;Payer;")
    text = content.decode("utf-8-sig")
    assert "Plató A" in text  # UTF-8, announced by the BOM: not "PlatÃ³ A"
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    across, lima = by_reservation(rows, march)
    # 2 h × 43.05 = 86.10 net, 18.08 VAT (21 %), 104.18 gross: decimal commas, no thousands separator.
    assert (across["Hours"], across["Hourly rate"], across["Net"], across["VAT"], across["Gross"]) == (
        "2,00",
        "43,05",
        "86,10",
        "18,08",
        "104,18",
    )
    assert lima["Gross"] == "121,00" and lima["Status"] == "Awaiting payment"
    exported = sum(Decimal(row["Gross"].replace(",", ".")) for row in rows)
    assert exported == statements_gross() == Decimal("225.18")


def test_the_language_picks_the_dialect_and_dialect_overrides_it(api, accountant, march):
    client = as_user(api, accountant)
    english = body(client.get(EXPORT + "&format=csv"))
    assert english.startswith(b"Statement,Payer,") and "104.18" in english.decode()
    spanish = body(client.get(EXPORT + "&format=csv&language=es"))
    assert spanish.startswith(BOM + b"Extracto;Pagador;")
    assert ";Pendiente de pago;\r\n" in spanish.decode("utf-8-sig")  # the status, in Spanish (no item)
    accountant.language = "es"
    accountant.save(update_fields=["language"])
    assert body(client.get(EXPORT + "&format=csv")).startswith(BOM + b"Extracto;")  # the profile's
    standard = body(client.get(EXPORT + "&format=csv&dialect=standard"))
    assert standard.startswith(b"Extracto,Pagador,") and "104.18" in standard.decode()


def test_tax_ids_and_cost_centres_stay_text(api, accountant, march):
    client = as_user(api, accountant)
    excel = list(csv.DictReader(io.StringIO(body(client.get(EXPORT + "&format=csv")).decode()), delimiter=","))
    assert {(row["Tax id"], row["Cost centre"]) for row in excel} == {(RUC, "0042")}  # standard: as they are
    text = body(client.get(EXPORT + "&format=csv&dialect=excel-es")).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    # Quotes would not keep them text (Excel and LibreOffice both read a quoted 20123456789 as a number); a
    # leading tab does, and shows as nothing.
    assert {(row["Tax id"], row["Cost centre"]) for row in rows} == {("\t" + RUC, "\t0042")}
    assert {row["Payer"] for row in rows} == {"Andes Producciones"}  # other text is left alone
    sheet = load_workbook(io.BytesIO(client.get(EXPORT + "&format=xlsx").content))["Cost shares"]
    header = [cell.value for cell in sheet[1]]
    tax_id = sheet.cell(row=2, column=header.index("Tax id") + 1)
    assert (tax_id.value, tax_id.data_type) == (RUC, "s")
    assert {row["tax_id"] for row in client.get(EXPORT + "&format=json").json()} == {RUC}


def test_libreoffice_in_spanish_opens_excel_es_with_numbers_dates_and_text(api, accountant, march, tmp_path):
    """What a double-click does, headless: LibreOffice's CSV import with its default options and a Spanish locale
    (3082), then read back as XLSX. CI installs LibreOffice (.ci/run) and requires this test."""
    if shutil.which("soffice") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI requires LibreOffice for this test: apt-get install libreoffice-calc")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")
    source = tmp_path / "export.csv"
    source.write_bytes(body(as_user(api, accountant).get(EXPORT + "&format=csv&dialect=excel-es")))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--infilter=CSV:59,34,76,1,,3082", "--convert-to", "xlsx", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    sheet = load_workbook(Path(tmp_path / "export.xlsx")).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    across = next(row for row in rows if row["Reservation"] == march["across"].id)
    assert across["Asset"] == "Plató A"
    assert across["Tax id"].strip() == RUC and isinstance(across["Tax id"], str)
    assert across["Cost centre"].strip() == "0042"
    assert across["Gross"] == pytest.approx(104.18) and across["Hours"] == 2
    assert (across["Start"], across["End"]) == (datetime(2025, 3, 30, 1), datetime(2025, 3, 30, 4))
    assert across["Time zone"] == "Europe/Madrid"


def test_times_are_the_assets_local_times_with_their_zone_across_the_dst_change(api, accountant, march):
    client = as_user(api, accountant)
    standard = list(csv.DictReader(io.StringIO(body(client.get(EXPORT + "&format=csv")).decode())))
    across, lima = by_reservation(standard, march)
    assert (across["Start"], across["End"], across["Time zone"], across["Hours"]) == (
        "2025-03-30T01:00:00+01:00",
        "2025-03-30T04:00:00+02:00",
        "Europe/Madrid",
        "2.00",
    )
    assert (lima["Start"], lima["End"], lima["Time zone"]) == (
        "2025-03-10T09:00:00-05:00",
        "2025-03-10T10:00:00-05:00",
        "America/Lima",
    )
    text = body(client.get(EXPORT + "&format=csv&dialect=excel-es")).decode("utf-8-sig")
    across, lima = by_reservation(list(csv.DictReader(io.StringIO(text), delimiter=";")), march)
    assert (across["Start"], across["End"], across["Time zone"]) == (
        "2025-03-30 01:00:00",
        "2025-03-30 04:00:00",
        "Europe/Madrid",
    )
    assert (lima["Start"], lima["Time zone"]) == ("2025-03-10 09:00:00", "America/Lima")
    sheet = load_workbook(io.BytesIO(client.get(EXPORT + "&format=xlsx").content))["Cost shares"]
    header = [cell.value for cell in sheet[1]]
    cells = {row[header.index("Reservation")].value: row for row in sheet.iter_rows(min_row=2)}
    row = cells[march["across"].id]
    start, end = row[header.index("Start")], row[header.index("End")]
    assert (start.value, end.value) == (datetime(2025, 3, 30, 1), datetime(2025, 3, 30, 4))
    assert start.number_format == "yyyy-mm-dd hh:mm" and row[header.index("Time zone")].value == "Europe/Madrid"
    rows = client.get(EXPORT + "&format=json").json()
    json_row = next(row for row in rows if row["reservation"] == march["across"].id)
    assert (json_row["start"], json_row["end"]) == ("2025-03-30T01:00:00+01:00", "2025-03-30T04:00:00+02:00")


def test_the_xlsx_has_formatted_amounts_a_table_of_the_rows_and_a_totals_sheet(api, accountant, march):
    content = as_user(api, accountant).get(EXPORT + "&format=xlsx").content
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Cost shares", "Totals"]
    sheet = book["Cost shares"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.max_row == 3  # the header and two rows: nothing below them
    for row in sheet.iter_rows(min_row=2):
        for name in ("Hourly rate", "Net", "VAT", "Gross"):
            cell = row[header.index(name)]
            assert (cell.data_type, cell.number_format) == ("n", "#,##0.00"), name
        assert row[header.index("Hours")].number_format == "0.00"
        assert isinstance(row[header.index("Reservation")].value, int)
    (table,) = sheet.tables.values()
    assert table.ref == f"A1:{chr(ord('A') + len(header) - 1)}3"
    assert [column.name for column in table.tableColumns] == header
    frame = pandas.read_excel(io.BytesIO(content))  # the first sheet, as pandas reads it
    assert len(frame) == 2 and list(frame.columns) == header
    assert str(frame["Reservation"].dtype) == "int64"
    assert sorted(frame["Reservation"]) == sorted([march["across"].id, march["lima"].id])
    assert Decimal(str(frame["Gross"].sum())).quantize(Decimal("0.01")) == statements_gross()
    totals = list(book["Totals"].iter_rows(values_only=True))
    assert totals[0] == ("Currency", "Rows", "Net", "VAT", "Gross")
    assert totals[1][:2] == ("EUR", 2) and totals[1][4] == pytest.approx(225.18)
    assert book["Totals"]["E2"].number_format == "#,##0.00"


def test_the_xlsx_speaks_the_users_language(api, accountant, march):
    book = load_workbook(io.BytesIO(as_user(api, accountant).get(EXPORT + "&format=xlsx&language=es").content))
    assert book.sheetnames == ["Repartos de costes", "Totales"]
    sheet = book["Repartos de costes"]
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["Extracto", "Pagador"] and "Zona horaria" in header
    assert {row[header.index("Estado")] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        "Pendiente de pago"
    }
    assert book["Totales"]["A1"].value == "Moneda"


def test_an_unbilled_share_says_so_in_each_language(api, accountant, march):
    """A share accepted after the close, due in March: exported, not yet on a statement."""
    late = past_reservation(
        asset=march["across"].asset, member=march["member"], booked_by=march["across"].booked_by,
        start=utc(2025, 3, 20, 9), end=utc(2025, 3, 20, 10),
    )  # fmt: skip
    client = as_user(api, accountant)
    json_row = next(row for row in client.get(EXPORT + "&format=json").json() if row["reservation"] == late.id)
    assert (json_row["status"], json_row["statement"]) == ("unbilled", None)
    text = body(client.get(EXPORT + "&format=csv&language=es")).decode("utf-8-sig")
    row = next(row for row in csv.DictReader(io.StringIO(text), delimiter=";") if row["Reserva"] == str(late.id))
    assert row["Estado"] == "Sin facturar"


def test_the_json_export_has_integer_ids_and_money_with_its_currency(api, accountant, march):
    rows = as_user(api, accountant).get(EXPORT + "&format=json").json()
    row = next(row for row in rows if row["reservation"] == march["across"].id)
    assert row == {
        "statement": row["statement"],
        "payer": "Andes Producciones",
        "payer_id": march["member"].id,
        "tax_id": RUC,
        "cost_centre": "0042",
        "asset": "Plató A",
        "reservation": march["across"].id,
        "start": "2025-03-30T01:00:00+01:00",
        "end": "2025-03-30T04:00:00+02:00",
        "zone": "Europe/Madrid",
        "hours": "2.00",
        "rate": {"amount": "43.05", "currency": "EUR"},
        "net": {"amount": "86.10", "currency": "EUR"},
        "vat": {"amount": "18.08", "currency": "EUR"},
        "gross": {"amount": "104.18", "currency": "EUR"},
        "status": "open",
        "item": None,
    }
    assert row["statement"].startswith("SIN-2025-")
    assert sum(Decimal(row["gross"]["amount"]) for row in rows) == statements_gross()


@pytest.mark.parametrize(
    "path",
    [
        EXPORT + "&format=csv&dialect=excel",
        EXPORT + "&format=csv&language=fr",
        "/api/v1/insights/members/?from=2025-03-01&to=2025-03-31&format=csv&dialect=semicolon",
    ],
)
def test_an_unknown_dialect_or_language_is_a_400_in_json(api, accountant, path):
    response = as_user(api, accountant).get(path)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json()["field"] in ("dialect", "language")


def test_the_insights_csvs_follow_the_same_dialects(api, accountant, march):
    from insights import rollups

    rollups.rebuild()  # the worker's job: the bookings are written directly
    client = as_user(api, accountant)
    window = {"from": "2025-03-01", "to": "2025-03-31", "format": "csv", "language": "es"}
    content = client.get("/api/v1/insights/members/", window).content
    assert content.startswith(BOM + b"Miembro;Horas;")
    members = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    andes = next(row for row in members if row[0] == "Andes Producciones")
    assert (andes[1], andes[8]) == ("3,0", "225,18 EUR")
    assert members[-1][0] == "Cifras a fecha de" and members[-1][2] == "UTC"
    content = client.get("/api/v1/insights/utilisation/", {**window, "dialect": "standard"}).content
    assert content.startswith(b"Recurso,Grupo,Semana,")
    utilisation = list(csv.reader(io.StringIO(content.decode())))
    assert ["Plató A", "", "2025-03-24", "98.0", "2.0", "2.0"] in utilisation


def test_an_empty_window_gives_a_header_only_csv_and_an_empty_table(api, accountant):
    client = as_user(api, accountant)
    empty = "/api/v1/exports/cost-shares/?from=2031-01-01&to=2031-01-31"
    assert body(client.get(empty + "&format=csv&dialect=excel-es")).decode("utf-8-sig").count("\r\n") == 1
    content = client.get(empty + "&format=xlsx").content
    book = load_workbook(io.BytesIO(content))
    assert not book["Cost shares"].tables and book["Totals"].max_row == 1  # no table without rows
    assert len(pandas.read_excel(io.BytesIO(content))) == 0
    assert client.get(empty + "&format=json").json() == []
