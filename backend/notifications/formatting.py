"""How e-mails write times and amounts: in the asset's time zone with the zone named, in the recipient's language.

Queued contexts are JSON, so they carry the instant (ISO, with its offset), the zone and amounts in minor units
with their currency; `display_values` turns them into text at render time, inside `translation.override` of the
recipient's language. Every e-mail kind shows times through these keys, never a raw datetime:

- `when`: the booking, "Tue 10 Mar 2026, 17:00–19:00 (Europe/Madrid)" (the end's date too when it differs);
  only the start when the context has no end.
- `deadline_when`: the approval deadline, "Tue 10 Mar 2026, 17:00 (Europe/Madrid)".
- `previous_when`: a moved booking's former time (`previous_start`/`previous_end`), as `when`.
- `alternatives`: the offers of a closure's cancellation, each with its own `when` and `price` text.
- `amount`, `accepted_amount` from `amount_minor`/`currency` and `accepted_amount_minor`/`accepted_currency`;
  `total` from `totals` ({currency: minor units}, several currencies joined by ", ").
- `period`: "2026-05" becomes "May 2026" / "mayo de 2026".
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import dateformat, timezone, translation
from django.utils.dateparse import parse_datetime

from assets.models import CURRENCY_EXPONENTS

# Date formats per language (Django's date-format letters). Spanish writes month abbreviations in lower case.
_DATE_FORMATS = {"es": "D j b Y"}
_DEFAULT_DATE_FORMAT = "D j M Y"
_MONTH_FORMATS = {"es": r"F \d\e Y"}
_DEFAULT_MONTH_FORMAT = "F Y"
# Numbers per language: (decimal separator, thousands separator, symbol after the number). Django's Spanish
# thousands separator is a no-break space; Spanish invoices and spreadsheets write "1.827,10 €".
_NUMBERS = {"es": (",", ".", True)}
_DEFAULT_NUMBERS = (".", ",", False)
_SYMBOLS = {"EUR": "€", "USD": "US$", "JPY": "¥", "CAD": "CA$", "MXN": "MX$"}
_DATETIME_KEYS = ("start", "end", "deadline", "previous_start", "previous_end")


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _zone(name: str | None):
    try:
        return ZoneInfo(name) if name else timezone.get_current_timezone()
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def _zone_name(zone) -> str:
    return getattr(zone, "key", None) or str(zone)


def instant(value) -> datetime | None:
    """A datetime from a context value: a datetime or the ISO string a queued context carries."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str) and value:
        return parse_datetime(value)
    return None


def _day_and_time(moment: datetime) -> tuple[str, str]:
    day = dateformat.format(moment, _DATE_FORMATS.get(_language(), _DEFAULT_DATE_FORMAT))
    return day, dateformat.format(moment, "H:i")


def local_when(start, end=None, zone: str | None = None) -> str:
    """ "Tue 10 Mar 2026, 17:00–19:00 (Europe/Madrid)" in the active language; the zone named, never UTC unlabelled."""
    start = instant(start)
    if start is None:
        return ""
    tz = _zone(zone)
    if timezone.is_naive(start):
        start = timezone.make_aware(start, tz)
    start = start.astimezone(tz)
    start_day, start_time = _day_and_time(start)
    text = f"{start_day}, {start_time}"
    end = instant(end)
    if end is not None:
        end = (timezone.make_aware(end, tz) if timezone.is_naive(end) else end).astimezone(tz)
        end_day, end_time = _day_and_time(end)
        text += f"–{end_time}" if end.date() == start.date() else f" – {end_day}, {end_time}"
    return f"{text} ({_zone_name(tz)})"


def local_money(minor_units, currency: str) -> str:
    """ "1.827,10 €" in Spanish, "€1,827.10" in English, with the currency's exponent (JPY 0, KWD 3)."""
    exponent = CURRENCY_EXPONENTS.get(currency, 2)
    amount = Decimal(int(minor_units)).scaleb(-exponent)
    return _money_text(amount, currency, exponent)


def _money_text(amount: Decimal, currency: str, exponent: int) -> str:
    decimal_sep, thousands_sep, symbol_after = _NUMBERS.get(_language(), _DEFAULT_NUMBERS)
    quantized = abs(amount).quantize(Decimal(1).scaleb(-exponent))
    whole, _, fraction = f"{quantized:f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    number = thousands_sep.join([whole, *groups]) + (decimal_sep + fraction if fraction else "")
    sign = "-" if amount < 0 else ""
    symbol = _SYMBOLS.get(currency)
    if symbol_after:
        return f"{sign}{number} {symbol or currency}"
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{currency} {number}"


def _legacy_money(amount: str, currency: str) -> str:
    """An amount queued before contexts carried minor units ("123.45" next to its currency)."""
    try:
        value = Decimal(amount)
    except InvalidOperation:
        return amount
    return _money_text(value, currency, CURRENCY_EXPONENTS.get(currency, 2))


def _price(price) -> str:
    """An API price ({"amount": "123.45", "currency": "EUR"}) in the recipient's format; "" when there is none."""
    if not isinstance(price, dict) or not price.get("amount"):
        return ""
    return _legacy_money(str(price["amount"]), price.get("currency") or "")


def local_month(period: str) -> str:
    """ "2026-05" as "May 2026" / "mayo de 2026"; anything else as given."""
    try:
        year, month = (int(part) for part in period.split("-"))
        first = date(year, month, 1)
    except (AttributeError, ValueError):
        return period
    return dateformat.format(first, _MONTH_FORMATS.get(_language(), _DEFAULT_MONTH_FORMAT))


def display_values(context: dict) -> dict:
    """The texts an e-mail shows for the times, amounts and period of `context`, in the active language."""
    zone = context.get("timezone")
    values = {key: instant(context[key]) for key in _DATETIME_KEYS if key in context}
    if context.get("start"):
        values["when"] = local_when(context["start"], context.get("end"), zone)
    if context.get("previous_start"):
        values["previous_when"] = local_when(context["previous_start"], context.get("previous_end"), zone)
    if context.get("alternatives"):
        values["alternatives"] = [
            {
                **offer,
                "when": local_when(offer.get("start"), offer.get("end"), zone),
                "price": _price(offer.get("price")),
            }
            for offer in context["alternatives"]
        ]
    if context.get("down_until"):
        values["down_until_when"] = local_when(context["down_until"], None, zone)
    if context.get("deadline"):
        values["deadline_when"] = local_when(context["deadline"], None, zone)
    for prefix in ("", "accepted_"):
        minor, currency = context.get(f"{prefix}amount_minor"), context.get(f"{prefix}currency") or ""
        if minor is not None and minor != "":
            values[f"{prefix}amount"] = local_money(minor, currency)
        elif context.get(f"{prefix}amount") and currency:
            values[f"{prefix}amount"] = _legacy_money(context[f"{prefix}amount"], currency)
    if isinstance(context.get("totals"), dict):
        values["total"] = ", ".join(
            local_money(minor, currency) for currency, minor in sorted(context["totals"].items())
        )
    elif context.get("total") and context.get("currency"):
        values["total"] = _legacy_money(context["total"], context["currency"])
    if context.get("period"):
        values["period"] = local_month(context["period"])
    return values
