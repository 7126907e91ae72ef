"""What every CSV and XLSX the app produces shares: the CSV dialects, the language, and cells a spreadsheet keeps.

Dialects. `standard` is for programs: UTF-8 without BOM, `,` between fields, `.` in decimals, times ISO 8601 with
their offset. `excel-es` is what a Spanish-locale Excel or LibreOffice opens by double-click: UTF-8 with a BOM
(else it is read as Windows-1252), `;` between fields, a decimal comma, times as `2025-03-03 10:00:00` (local
wall-clock time, which both read as a date and time; the file's zone column names the zone). A request picks
one with `?dialect=`; without it the language decides: Spanish gets `excel-es`, English `standard`.

Text that must stay text (OWASP's CSV injection advice and Excel's number guessing). Names that members and
managers choose (an asset, a company, a tax id, a cost centre, a group) reach the accountant's export and the
insights CSVs. A text cell starting with =, +, -, @, a tab or a carriage return would be read as a formula by
Excel, LibreOffice or Google Sheets: in CSV it gets a leading single quote; in XLSX it is a string cell, never a
formula. Quoting a field in CSV does not keep it text: Excel ignores the quotes when it opens a file, and
LibreOffice does too unless "Format quoted field as text" is ticked (checked with LibreOffice 7.4 headless), so a
RUC such as 20123456789 or a cost centre 0042 would become a number. In `excel-es` such text gets a leading tab,
which both keep as text and show as nothing. Numbers stay numbers, negative ones too.
"""

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

# A set of first characters: `text[:1] in FORMULA_STARTS` costs a quarter of str.startswith(tuple), which
# matters on the export's million rows.
FORMULA_STARTS = frozenset("=+-@\t\r")
DIGITS = frozenset("0123456789")
# Text a spreadsheet would take for a number, a date or a time when it opens a CSV (after a digit: more digits,
# separators, an exponent or a percent sign).
LOOKS_NUMERIC = re.compile(r"\d[\d\s.,:/%eE+-]*")

# Excel's number formats: amounts with their currency's decimals and a thousands separator; hours; times.
TIME_FORMAT = "yyyy-mm-dd hh:mm"
HOURS_FORMAT = "0.00"


@dataclass(frozen=True)
class CsvDialect:
    name: str
    delimiter: str
    decimal_comma: bool
    bom: bool
    # True: times as local wall-clock "2025-03-03 10:00:00"; False: ISO 8601 with the offset.
    wall_clock: bool
    # True: text that looks like a number gets a leading tab, so a spreadsheet keeps it as text.
    guard_numeric_text: bool

    def text(self, value: str) -> str:
        """A text cell: never a formula, and in a spreadsheet dialect never taken for a number."""
        first = value[:1]
        if first in FORMULA_STARTS:
            return "'" + value
        if self.guard_numeric_text and first in DIGITS and LOOKS_NUMERIC.fullmatch(value):
            return "\t" + value
        return value

    @property
    def text_starts(self) -> frozenset:
        """The first characters after which text() may change a text: a caller may skip it for any other."""
        return FORMULA_STARTS | DIGITS if self.guard_numeric_text else FORMULA_STARTS

    def number(self, value) -> str:
        text = str(value)
        return text.replace(".", ",") if self.decimal_comma else text

    def time(self, value: datetime) -> str:
        return value.isoformat(sep=" ", timespec="seconds")[:19] if self.wall_clock else value.isoformat()

    def cell(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, datetime):
            return self.time(value)
        if isinstance(value, date):
            return value.isoformat()  # both dialects: spreadsheets read ISO 8601 dates as dates
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, (int, float, Decimal)):
            return self.number(value)
        return self.text(str(value))

    def row(self, values: Iterable) -> list[str]:
        return [self.cell(value) for value in values]


STANDARD = CsvDialect(
    "standard", delimiter=",", decimal_comma=False, bom=False, wall_clock=False, guard_numeric_text=False
)
EXCEL_ES = CsvDialect("excel-es", delimiter=";", decimal_comma=True, bom=True, wall_clock=True, guard_numeric_text=True)
DIALECTS = {dialect.name: dialect for dialect in (EXCEL_ES, STANDARD)}
DIALECT_OF_LANGUAGE = {"es": EXCEL_ES}
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


DIALECT_HELP = (
    "CSV only. excel-es: UTF-8 with BOM, ';' separated, decimal comma, local wall-clock times (opens by "
    "double-click in a Spanish Excel or LibreOffice); standard: UTF-8, ',' separated, '.' decimals, ISO 8601 times "
    "with offset. Default: excel-es when the file's language is Spanish, else standard."
)
LANGUAGE_HELP = "Language of the file's headers and labels (en, es). Default: the user's profile language."


class SpreadsheetParams(serializers.Serializer):
    """The CSV dialect and the language of a file's headers and labels, for any view that answers a CSV or XLSX."""

    dialect = serializers.ChoiceField(
        choices=list(DIALECTS),
        required=False,
        help_text=DIALECT_HELP,
    )
    language = serializers.ChoiceField(
        choices=LANGUAGE_CODES,
        required=False,
        help_text=LANGUAGE_HELP,
    )


# The same two parameters as drf-spectacular declares them on a view with a hand-written parameter list.
SPREADSHEET_PARAMETERS = [
    OpenApiParameter("dialect", str, enum=list(DIALECTS), description=DIALECT_HELP),
    OpenApiParameter("language", str, enum=LANGUAGE_CODES, description=LANGUAGE_HELP),
]


def file_language(user, asked: str | None) -> str:
    """The language a file is written in: the one asked for, else the user's profile language."""
    return asked or getattr(user, "language", None) or settings.LANGUAGE_CODE


def csv_dialect(asked: str | None, language: str) -> CsvDialect:
    if asked:
        return DIALECTS[asked]
    return DIALECT_OF_LANGUAGE.get(language.split("-")[0], STANDARD)


class _Echo:
    def write(self, value):
        return value


def csv_writer(dialect: CsvDialect):
    """A csv.writer whose writerow returns the line instead of writing it (for streaming responses)."""
    return csv.writer(_Echo(), delimiter=dialect.delimiter)


def csv_header(dialect: CsvDialect, writer, header: Iterable) -> str:
    """The first line: the BOM, if the dialect has one, then the header."""
    return ("\ufeff" if dialect.bom else "") + writer.writerow([str(label) for label in header])


def csv_lines(dialect: CsvDialect, header: list, rows: Iterable[Iterable]) -> Iterator[str]:
    """The whole CSV, line by line: the header, then each row's cells."""
    writer = csv_writer(dialect)
    yield csv_header(dialect, writer, header)
    for row in rows:
        yield writer.writerow(dialect.row(row))


def amount_format(decimals: int) -> str:
    """Excel's format for an amount with `decimals` places: #,##0.00 for euros, #,##0 for yen."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def string_cell(sheet, text: str):
    """A write-only cell that is always a string: openpyxl would store text starting with "=" as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell
