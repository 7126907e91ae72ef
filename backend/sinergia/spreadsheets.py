"""Cells that a spreadsheet must show as text (OWASP's CSV injection advice).

Names that members and managers choose (an asset, a company, a tax id, a cost centre, a group) reach the
accountant's export and the insights CSVs. A text cell starting with =, +, -, @, a tab or a carriage return
would be read as a formula by Excel, LibreOffice or Google Sheets: in CSV it gets a leading single quote; in
XLSX it is a string cell, never a formula. Numbers stay numbers, negative ones too.
"""

# A set of first characters: `text[:1] in FORMULA_STARTS` costs a quarter of str.startswith(tuple), which
# matters on the export's million rows.
FORMULA_STARTS = frozenset("=+-@\t\r")


def neutralised(text: str) -> str:
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_row(values) -> list:
    """The row with every text cell neutralised; numbers, dates and None as they are."""
    return [neutralised(value) if isinstance(value, str) else value for value in values]
