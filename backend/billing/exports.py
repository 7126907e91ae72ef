"""Accounting export: one row per cost share (and per billed adjustment), as CSV, XLSX or JSON.

Rows are the accepted or billed shares whose charge fell due in the window, plus the adjustments billed in
periods starting in it. "Cost centre" is the code the reservation was booked under (a cost centre of its member)
when the payer is the reservation's own member and it named one; otherwise the payer's default cost centre
(`Member.cost_centre`), which is also what an adjustment carries. The gross of the billed rows adds up to the
statements' totals. CSV is produced row by row from a server-side cursor, so memory stays flat however many rows a
period has.
"""

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from operator import itemgetter

from django.db.models import BigIntegerField, Func, Q
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.models import CURRENCY_EXPONENTS
from sinergia.db import plain_rows
from sinergia.spreadsheets import FORMULA_STARTS, neutralised

from .models import DUE_KINDS, Adjustment, CostShare

COLUMNS = [
    ("statement", _("Statement")),
    ("payer", _("Payer")),
    ("tax_id", _("Tax id")),
    ("cost_centre", _("Cost centre")),
    ("asset", _("Asset")),
    ("reservation", _("Reservation")),
    ("start", _("Start")),
    ("end", _("End")),
    ("hours", _("Hours")),
    ("rate", _("Hourly rate")),
    ("net", _("Net")),
    ("vat", _("VAT")),
    ("gross", _("Gross")),
    ("currency", _("Currency")),
    ("status", _("Status")),
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
)


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
    zone = timezone.get_default_timezone()
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
         state, booked_centre, booking_member, payer_id) = row  # fmt: skip
        if booked_centre and booking_member == payer_id:
            centre = booked_centre
        yield {
            "statement": number or "",
            "payer": payer,
            "tax_id": tax_id,
            "cost_centre": centre,
            "asset": asset,
            "reservation": reservation,
            "start": r_start.astimezone(zone),
            "end": r_end.astimezone(zone),
            "hours": (Decimal(int((r_end - r_start).total_seconds())) / 3600).quantize(Decimal("0.01")),
            "rate": None if rate is None else _amount(rate, rate_cur),
            "net": _amount(gross - vat, cur),
            "vat": _amount(vat, cur),
            "gross": _amount(gross, cur),
            "currency": cur,
            "status": paid if number else "unbilled",
        }
    for adjustment in adjustments.select_related("member", "statement_line__statement").order_by("id"):
        statement = adjustment.statement_line.statement
        cur = adjustment.currency
        yield {
            "statement": statement.number,
            "payer": adjustment.member.name,
            "tax_id": adjustment.member.tax_id,
            "cost_centre": adjustment.member.cost_centre,
            "asset": "",
            "reservation": adjustment.reservation_id,
            "start": None,
            "end": None,
            "hours": None,
            "rate": None,
            "net": _amount(adjustment.amount_minor - adjustment.vat_minor, cur),
            "vat": _amount(adjustment.vat_minor, cur),
            "gross": _amount(adjustment.amount_minor, cur),
            "currency": cur,
            "status": statement.payment_status,
        }


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


class _Echo:
    def write(self, value):
        return value


KEYS = [key for key, _label in COLUMNS]
START, END = KEYS.index("start"), KEYS.index("end")
# The columns that hold text (the others are numbers, times or empty): names chosen by members and managers.
TEXTS = [KEYS.index(key) for key in ("statement", "payer", "tax_id", "cost_centre", "asset", "currency", "status")]


def csv_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """CSV text, header first, one row at a time (for a StreamingHttpResponse). Text that a spreadsheet would
    take for a formula gets a leading quote (sinergia/spreadsheets.py)."""
    writer = csv.writer(_Echo())
    yield writer.writerow([str(label) for _key, label in COLUMNS])
    # The csv module already writes None as "" and anything else with str(); only times need ISO 8601.
    # itemgetter and one test for both times (both set, or both None on an adjustment) pay for the text checks.
    values_of = itemgetter(*KEYS)
    for row in rows:
        values = list(values_of(row))
        if values[START] is not None:
            values[START], values[END] = values[START].isoformat(), values[END].isoformat()
        for position in TEXTS:
            if values[position][:1] in FORMULA_STARTS:
                values[position] = neutralised(values[position])
        yield writer.writerow(values)


def json_rows(rows: Iterable[dict]) -> list[dict]:
    return [{key: _text(row[key]) if row[key] is not None else None for key, _label in COLUMNS} for row in rows]


def _string_cell(sheet, text: str):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def xlsx_bytes(rows: Iterable[dict]) -> bytes:
    """A workbook with a bold header, typed cells (numbers, dates) and a total line per currency. Text is always a
    string cell: openpyxl would store one starting with "=" as a formula."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Cost shares")))
    bold = Font(bold=True)
    header = []
    for _key, label in COLUMNS:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    for row in rows:
        values = []
        for key, _label in COLUMNS:
            value = row[key]
            if isinstance(value, datetime):
                value = timezone.make_naive(value, timezone.get_default_timezone())
            elif isinstance(value, str) and value.startswith("="):
                value = _string_cell(sheet, value)
            values.append(value)
        sheet.append(values)
        total = totals[row["currency"]]
        total[0] += row["net"]
        total[1] += row["vat"]
        total[2] += row["gross"]
    for currency, (net, vat, gross) in sorted(totals.items()):
        sheet.append([str(_("Total"))] + [None] * 9 + [net, vat, gross, currency, None])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
