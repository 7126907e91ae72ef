"""Accounting export: one row per cost share (and per billed adjustment), as CSV, XLSX or JSON.

Times are in the asset's own zone, named in the "Time zone" column (an adjustment has neither). CSV comes in the
dialects of sinergia/spreadsheets.py; XLSX has the rows as an Excel table on its first sheet and the totals per
currency on a second; JSON has integer ids, money as {"amount", "currency"} and status codes, where CSV and XLSX
have labels in the file's language.

Rows are the accepted or billed shares whose charge fell due in the window (a share of a booking with consumables
as a row for its time and one per item, named in the "Item" column, as on the statement), plus the adjustments billed in
periods starting in it. "Cost centre" is the code the reservation was booked under (a cost centre of its member)
when the payer is the reservation's own member and it named one; otherwise the payer's default cost centre
(`Member.cost_centre`), which is also what an adjustment carries. The gross of the billed rows adds up to the
statements' totals. CSV is produced row by row from a server-side cursor, so memory stays flat however many rows a
period has.
"""

import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from operator import itemgetter
from zoneinfo import ZoneInfo

from django.db.models import BigIntegerField, Func, Q
from django.db.models.fields.json import KeyTextTransform
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from assets.models import CURRENCY_EXPONENTS
from consumables.billing import item_export_rows
from sinergia.db import plain_rows
from sinergia.spreadsheets import (
    HOURS_FORMAT,
    TIME_FORMAT,
    CsvDialect,
    amount_format,
    csv_header,
    csv_writer,
    string_cell,
)

from .models import DUE_KINDS, Adjustment, ChargeKind, CostShare, Statement

COLUMNS = [
    ("statement", _("Statement")),
    ("payer", _("Payer")),
    ("tax_id", _("Tax id")),
    ("cost_centre", _("Cost centre")),
    ("asset", _("Asset")),
    ("reservation", _("Reservation")),
    ("start", _("Start")),
    ("end", _("End")),
    ("zone", _("Time zone")),
    ("hours", _("Hours")),
    ("rate", _("Hourly rate")),
    ("net", _("Net")),
    ("vat", _("VAT")),
    ("gross", _("Gross")),
    ("currency", _("Currency")),
    ("status", _("Status")),
    ("item", _("Item")),
]
CHUNK = 2000

SHARE_FIELDS = (
    "statement_line__statement__number",
    "statement_line__statement__payment_status",
    "member__name",
    "member__tax_id",
    "member__cost_centre",
    "reservation__asset__name",
    "reservation_id",
    "reservation__start",
    "reservation__end",
    "rate_minor",
    "quote_currency",
    "amount_minor",
    "vat_minor",
    "currency",
    "state",
    "reservation__cost_centre__code",
    "reservation__member_id",
    "member_id",
    "reservation__asset__timezone",
    "reservation__items_quote",
    "reservation__charge__kind",
    "reservation__charge__total_minor",
    "reservation__charge__vat_minor",
)
UNBILLED = "unbilled"
# Status labels as the accounting page says them (a statement "open" is awaiting payment).
STATUS_LABELS = {
    Statement.PaymentStatus.OPEN: _("Awaiting payment"),
    Statement.PaymentStatus.PAID: _("Paid"),
    Statement.PaymentStatus.FAILED: _("Payment failed"),
    Statement.PaymentStatus.VOID: _("Void"),
    UNBILLED: _("Unbilled"),
}


class HoursUnitMinor(Func):
    """The unit price of the hours line of a frozen quote (JSON), or NULL: read in SQL, so the export does not
    parse a million quotes in Python."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        path = "'$.lines[*] ? (@.kind == \"hours\").unit_minor'"
        template = f"(jsonb_path_query_first(%(expressions)s, {path}))::bigint"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        template = (
            "(SELECT json_extract(value, '$.unit_minor') FROM json_each(%(expressions)s, '$.lines')"
            " WHERE json_extract(value, '$.kind') = 'hours' LIMIT 1)"
        )
        return self.as_sql(compiler, connection, template=template, **extra)


def _amount(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-CURRENCY_EXPONENTS.get(currency, 2))


def share_rows(*, start: datetime, end: datetime, member_ids: Iterable[int] | None = None) -> Iterator[dict]:
    """The export's rows, in reservation order, streamed from the database in chunks."""
    shares = CostShare.objects.filter(
        reservation__charge__kind__in=DUE_KINDS,
        reservation__charge__due_at__gte=start,
        reservation__charge__due_at__lt=end,
        amount_minor__gt=0,
    ).filter(Q(state=CostShare.State.ACCEPTED) | Q(statement_line__isnull=False))
    adjustments = Adjustment.objects.filter(billed_in__start__gte=start, billed_in__start__lt=end)
    if member_ids is not None:
        shares = shares.filter(member_id__in=member_ids)
        adjustments = adjustments.filter(member_id__in=member_ids)
    values = (
        shares.annotate(
            rate_minor=HoursUnitMinor("reservation__quote"),
            quote_currency=KeyTextTransform("currency", "reservation__quote"),
        )
        .order_by("reservation_id", "member_id")
        .values_list(*SHARE_FIELDS)
    )
    for row in plain_rows(values, stream=CHUNK):
        (number, paid, payer, tax_id, centre, asset, reservation, r_start, r_end, rate, rate_cur, gross, vat, cur,
         state, booked_centre, booking_member, payer_id, zone_name, items, kind, *charge) = row  # fmt: skip
        if booked_centre and booking_member == payer_id:
            centre = booked_centre
        zone = ZoneInfo(zone_name)  # cached by name
        row = {
            "statement": number or "",
            "payer": payer,
            "payer_id": payer_id,
            "tax_id": tax_id,
            "cost_centre": centre,
            "asset": asset,
            "reservation": reservation,
            "start": r_start.astimezone(zone),
            "end": r_end.astimezone(zone),
            "zone": zone_name,
            "hours": (Decimal(int((r_end - r_start).total_seconds())) / 3600).quantize(Decimal("0.01")),
            "rate": None if rate is None else _amount(rate, rate_cur),
            "rate_currency": rate_cur,
            "net": _amount(gross - vat, cur),
            "vat": _amount(vat, cur),
            "gross": _amount(gross, cur),
            "currency": cur,
            "status": paid if number else UNBILLED,
            "item": None,
        }
        if items and kind == ChargeKind.COMPLETED:
            yield from item_export_rows(row, gross, vat, items, *charge, amount=_amount)
        else:
            yield row
    for adjustment in adjustments.select_related("member", "statement_line__statement").order_by("id"):
        statement = adjustment.statement_line.statement
        cur = adjustment.currency
        yield {
            "statement": statement.number,
            "payer": adjustment.member.name,
            "payer_id": adjustment.member_id,
            "tax_id": adjustment.member.tax_id,
            "cost_centre": adjustment.member.cost_centre,
            "asset": None,
            "reservation": adjustment.reservation_id,
            "start": None,
            "end": None,
            "zone": None,
            "hours": None,
            "rate": None,
            "rate_currency": None,
            "net": _amount(adjustment.amount_minor - adjustment.vat_minor, cur),
            "vat": _amount(adjustment.vat_minor, cur),
            "gross": _amount(adjustment.amount_minor, cur),
            "currency": cur,
            "status": statement.payment_status,
            "item": None,
        }


KEYS = [key for key, _label in COLUMNS]
START, END, STATUS = KEYS.index("start"), KEYS.index("end"), KEYS.index("status")
# The columns that hold text (the others are numbers, times or empty): names chosen by members and managers.
TEXTS = [KEYS.index(key) for key in ("statement", "payer", "tax_id", "cost_centre", "asset", "currency", "item")]
DECIMALS = [KEYS.index(key) for key in ("hours", "rate", "net", "vat", "gross")]
AMOUNTS = {"rate", "net", "vat", "gross"}


def _labels(language: str) -> tuple[list[str], dict[str, str]]:
    """The header and the status labels in `language`."""
    with translation.override(language):
        return [str(label) for _key, label in COLUMNS], {code: str(label) for code, label in STATUS_LABELS.items()}


def csv_chunks(rows: Iterable[dict], *, dialect: CsvDialect, language: str) -> Iterator[str]:
    """CSV text in `dialect`, header first, one row at a time (for a StreamingHttpResponse). The labels are read
    now, in `language`: the rows are written after the view has returned."""
    header, statuses = _labels(language)
    return _csv_lines(rows, dialect, header, statuses)


def _csv_lines(rows: Iterable[dict], dialect: CsvDialect, header: list[str], statuses: dict) -> Iterator[str]:
    # The dialect's rules (sinergia/spreadsheets.py), called only where they can change something: the csv module
    # already writes None as "" and anything else with str(); itemgetter, one test for both times (both set, or
    # both None on an adjustment) and a set lookup before text() keep the million-row export fast.
    writer = csv_writer(dialect)
    yield csv_header(dialect, writer, header)
    values_of = itemgetter(*KEYS)
    time, text_of, text_starts, comma = dialect.time, dialect.text, dialect.text_starts, dialect.decimal_comma
    for row in rows:
        values = list(values_of(row))
        if values[START] is not None:
            values[START], values[END] = time(values[START]), time(values[END])
        values[STATUS] = statuses.get(values[STATUS], values[STATUS])
        for position in TEXTS:
            text = values[position]
            if text and text[:1] in text_starts:
                values[position] = text_of(text)
        if comma:
            for position in DECIMALS:
                if values[position] is not None:  # dialect.number(), inlined: five a row
                    values[position] = str(values[position]).replace(".", ",")
        yield writer.writerow(values)


def _money(amount: Decimal | None, currency: str | None) -> dict | None:
    return None if amount is None else {"amount": str(amount), "currency": currency}


def json_rows(rows: Iterable[dict]) -> list[dict]:
    """The rows for JSON: integer ids, money as {"amount": "86.10", "currency": "EUR"}, times ISO 8601 with
    their offset, status codes."""
    return [
        {
            "statement": row["statement"] or None,
            "payer": row["payer"],
            "payer_id": row["payer_id"],
            "tax_id": row["tax_id"],
            "cost_centre": row["cost_centre"],
            "asset": row["asset"] or None,
            "reservation": row["reservation"],
            "start": row["start"] and row["start"].isoformat(),
            "end": row["end"] and row["end"].isoformat(),
            "zone": row["zone"],
            "hours": None if row["hours"] is None else str(row["hours"]),
            "rate": _money(row["rate"], row["rate_currency"]),
            "net": _money(row["net"], row["currency"]),
            "vat": _money(row["vat"], row["currency"]),
            "gross": _money(row["gross"], row["currency"]),
            "status": row["status"],
            "item": row["item"],
        }
        for row in rows
    ]


def xlsx_bytes(rows: Iterable[dict], *, language: str) -> bytes:
    """A workbook in `language`: the rows as an Excel table on the first sheet (local times with their zone,
    amounts with their currency's decimals, text always as string cells, never formulas), the totals per
    currency on a second sheet, so whatever reads the first sheet gets the rows and nothing else."""
    with translation.override(language):
        return _workbook(rows)


def _workbook(rows: Iterable[dict]) -> bytes:
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

    header, statuses = _labels(translation.get_language())
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Cost shares")))
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_bold(WriteOnlyCell(sheet, value=label), bold) for label in header])

    def formatted(value, number_format: str):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format
        return cell

    totals: dict[str, list] = defaultdict(lambda: [0, Decimal(0), Decimal(0), Decimal(0)])
    count = 0
    for row in rows:
        currency = row["currency"]
        money_format = amount_format(CURRENCY_EXPONENTS.get(currency, 2))
        values = []
        for key in KEYS:
            value = row[key]
            if value is None:
                pass
            elif key in ("start", "end"):
                value = formatted(value.replace(tzinfo=None), TIME_FORMAT)  # the wall clock of "zone"
            elif key == "hours":
                value = formatted(value, HOURS_FORMAT)
            elif key == "rate":
                value = formatted(value, amount_format(CURRENCY_EXPONENTS.get(row["rate_currency"], 2)))
            elif key in AMOUNTS:
                value = formatted(value, money_format)
            elif key == "status":
                value = statuses.get(value, value)
            elif isinstance(value, str) and value.startswith("="):
                value = string_cell(sheet, value)
            values.append(value)
        sheet.append(values)
        count += 1
        total = totals[currency]
        total[0] += 1
        total[1] += row["net"]
        total[2] += row["vat"]
        total[3] += row["gross"]
    if count:
        table = Table(displayName="CostShares", ref=f"A1:{get_column_letter(len(KEYS))}{count + 1}")
        table.tableColumns = [TableColumn(id=index, name=label) for index, label in enumerate(header, start=1)]
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        with warnings.catch_warnings():  # openpyxl warns in write-only mode that the columns are ours to add: they are
            warnings.simplefilter("ignore", UserWarning)
            sheet.add_table(table)

    summary = workbook.create_sheet(str(_("Totals")))
    for index, width in enumerate((12, 10, 16, 16, 16), start=1):
        summary.column_dimensions[get_column_letter(index)].width = width
    labels = [_("Currency"), _("Rows"), _("Net"), _("VAT"), _("Gross")]
    summary.append([_bold(WriteOnlyCell(summary, value=str(label)), bold) for label in labels])
    for currency, (rows_in, net, vat, gross) in sorted(totals.items()):
        money_format = amount_format(CURRENCY_EXPONENTS.get(currency, 2))
        amounts = []
        for amount in (net, vat, gross):
            cell = WriteOnlyCell(summary, value=amount)
            cell.number_format = money_format
            amounts.append(cell)
        summary.append([currency, rows_in, *amounts])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(cell, font):
    cell.font = font
    return cell


# Column widths of the first sheet, in characters, in COLUMNS' order.
WIDTHS = (16, 24, 14, 12, 22, 12, 17, 17, 16, 8, 12, 12, 12, 12, 9, 14, 28)
