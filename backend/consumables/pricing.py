"""The price of a booking's items: per line, quantity x frozen unit price, then VAT at the frozen rate, each
rounded half up to the minor unit once (as assets/pricing.py). Kept as `Reservation.items_quote`, so charges
and reservation details read it from the reservation's row."""

from decimal import Decimal

from assets.pricing import round_minor
from billing.allocation import allocate

NO_ITEMS = {"net_minor": 0, "vat_minor": 0, "total_minor": 0}


def line_price(quantity: int, unit_minor: int, vat_rate: Decimal) -> dict:
    net = quantity * unit_minor
    vat = round_minor(Decimal(net) * Decimal(vat_rate) / 100)
    return {"net_minor": net, "vat_minor": vat, "total_minor": net + vat}


def items_quote(rows) -> dict | None:
    """The priced lines of ReservationItem rows (ordered), with their sums; None without rows."""
    rows = list(rows)
    if not rows:
        return None
    lines = []
    for row in rows:
        lines.append({
            "item": row.item_id, "name": row.item.name, "unit": row.item.unit, "unit_minor": row.unit_price_minor,
            "vat_rate": str(row.vat_rate), "quantity_estimated": row.quantity_estimated,
            "quantity_actual": row.quantity_actual, "quantity": row.quantity,
            **line_price(row.quantity, row.unit_price_minor, row.vat_rate),
        })  # fmt: skip
    return {
        "currency": rows[0].currency,
        "lines": lines,
        **{key: sum(line[key] for line in lines) for key in NO_ITEMS},
    }


def items_totals(items: dict | None) -> dict:
    """{net_minor, vat_minor, total_minor} of a reservation's items (zeros without items)."""
    if not items:
        return dict(NO_ITEMS)
    return {key: items[key] for key in NO_ITEMS}


def price_with_items_minor(quote: dict, items: dict | None) -> int:
    """A booking's frozen price: its quote's total plus its items' (what a reservation's `price` shows)."""
    return quote["total_minor"] + items_totals(items)["total_minor"]


def with_items(values: dict, items: dict | None) -> dict:
    """A charge's `values` with the items' sums added."""
    if not items:
        return values
    return {**values, **{key: values[key] + items[key] for key in NO_ITEMS}}


def split_share(
    amount: int, vat: int, charge_total: int, charge_vat: int, items: dict
) -> list[tuple[dict | None, int, int]]:
    """A payer's share (`amount`, `vat`) of a charge that includes `items`, split into the time part (None, always
    first) and one part per item line, in the charge's proportions (largest remainder): [(line or None, amount,
    vat)], summing exactly to the share."""
    lines = items["lines"]
    weights = {0: max(charge_total - items["total_minor"], 0)}
    vat_weights = {0: max(charge_vat - items["vat_minor"], 0)}
    for index, line in enumerate(lines, start=1):
        weights[index], vat_weights[index] = line["total_minor"], line["vat_minor"]
    if not any(weights.values()):
        return [(None, amount, vat)]
    amounts = allocate(amount, weights)
    vats = allocate(vat, vat_weights) if any(vat_weights.values()) else dict.fromkeys(weights, 0)
    if vats[0] and not amounts[0]:  # rounding may not leave VAT on an empty time part
        vats = allocate(vat, {key: vat_weights[key] for key in vat_weights if key})
        vats[0] = 0
    parts = [(None, amounts[0], vats[0])]  # always: the share's own line
    parts += [(line, amounts[i], vats[i]) for i, line in enumerate(lines, start=1) if amounts[i] or vats[i]]
    return parts
