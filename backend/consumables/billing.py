"""A payer's share of a booking with items, as separate lines: the time, and one per item (statements, exports)."""

import json

from django.utils.translation import gettext as _

from billing.models import StatementLine

from .pricing import split_share


def item_description(line: dict, reservation_id: int) -> str:
    unit = f" {line['unit']}" if line["unit"] else ""
    return (_("%(item)s, %(quantity)s%(unit)s, booking #%(reservation)s") % {
        "item": line["name"], "quantity": line["quantity"], "unit": unit, "reservation": reservation_id,
    })[:300]  # fmt: skip


def item_statement_lines(line: StatementLine, items: dict, charge_total: int, charge_vat: int) -> list[StatementLine]:
    """The share's `line` reduced to its time part, followed by a line (kind `item`) per item; together they sum
    exactly to the share."""
    result = []
    for part, amount, vat in split_share(line.amount_minor, line.vat_minor, charge_total, charge_vat, items):
        if part is None:
            line.amount_minor, line.vat_minor, line.net_minor = amount, vat, amount - vat
            result.append(line)
            continue
        result.append(StatementLine(
            statement=line.statement, kind=StatementLine.Kind.ITEM, reservation_id=line.reservation_id,
            description=item_description(part, line.reservation_id), currency=line.currency,
            net_minor=amount - vat, vat_minor=vat, amount_minor=amount,
        ))  # fmt: skip
    return result


def item_export_rows(row: dict, gross: int, vat: int, items: dict, charge_total: int, charge_vat: int, *, amount):
    """An export row of a share (`gross`, `vat` in minor units) as its time row and one row per item, with the
    statement's split; `amount` turns minor units into the currency's Decimal. `items` may come as JSON text (the
    export reads rows with psycopg's own loaders, see sinergia.db.plain_rows)."""
    items = json.loads(items) if isinstance(items, str) else items
    currency = row["currency"]
    for part, part_gross, part_vat in split_share(gross, vat, charge_total, charge_vat, items):
        values = {
            "net": amount(part_gross - part_vat, currency), "vat": amount(part_vat, currency),
            "gross": amount(part_gross, currency),
        }  # fmt: skip
        if part is None:
            yield {**row, **values}
        else:
            yield {**row, **values, "hours": None, "rate": None, "item": item_description(part, row["reservation"])}
