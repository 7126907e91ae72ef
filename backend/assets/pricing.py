"""Quotes: what a booking of an asset costs a member, in integer minor units.

Off-peak and peak minutes are priced at their hourly rates, then the fixed fee,
then VAT on the net; each amount rounds half up to the minor unit once.
"""

from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from sinergia.intervals import total_seconds

from .hours import weekly_intervals
from .models import CURRENCY_EXPONENTS, Asset, PriceRule


def round_minor(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def money(minor_units: int, currency: str) -> dict:
    """{"amount": "123.45", "currency": "EUR"} from minor units and the currency's exponent."""
    exponent = CURRENCY_EXPONENTS.get(currency, 2)
    amount = Decimal(minor_units).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent))
    return {"amount": str(amount), "currency": currency}


@dataclass
class QuoteLine:
    kind: str
    description: str
    quantity: str
    unit_minor: int
    amount_minor: int


@dataclass
class Quote:
    currency: str
    tier: str
    lines: list[QuoteLine] = field(default_factory=list)
    net_minor: int = 0
    vat_rate: str = "0"
    vat_minor: int = 0
    total_minor: int = 0

    def as_dict(self) -> dict:
        return asdict(self)

    def price(self) -> dict:
        return money(self.total_minor, self.currency)


def price_rule_for(asset: Asset, tier: str) -> PriceRule | None:
    """The rule for `tier`, else the full-member rule; uses prefetched price_rules."""
    rules = {rule.tier: rule for rule in asset.price_rules.all()}
    return rules.get(tier) or rules.get("full")


def quote(*, asset: Asset, tier: str, start: datetime, end: datetime) -> Quote | None:
    """Price a booking of `asset` from `start` to `end`; None when the asset has no price rule."""
    rule = price_rule_for(asset, tier)
    if rule is None:
        return None
    result = Quote(currency=rule.currency, tier=rule.tier, vat_rate=str(rule.vat_rate))
    total_minutes = Decimal(int((end - start).total_seconds())) / 60
    peak_minutes = Decimal(0)
    if rule.peak_hourly_rate_minor is not None:
        windows = [(window.weekday, window.starts, window.ends) for window in asset.peak_windows.all()]
        peak_minutes = Decimal(int(total_seconds(weekly_intervals(windows, asset.tz, start, end)))) / 60
    for kind, description, minutes, rate in (
        ("hours", _("Hours"), total_minutes - peak_minutes, rule.hourly_rate_minor),
        ("peak_hours", _("Peak hours"), peak_minutes, rule.peak_hourly_rate_minor),
    ):
        if minutes:
            amount = round_minor(Decimal(rate) * minutes / 60)
            hours = (minutes / 60).quantize(Decimal("0.01"))
            result.lines.append(QuoteLine(kind, description, str(hours), rate, amount))
    if rule.fixed_fee_minor:
        result.lines.append(QuoteLine("fixed_fee", _("Fixed fee"), "1", rule.fixed_fee_minor, rule.fixed_fee_minor))
    result.net_minor = sum(line.amount_minor for line in result.lines)
    result.vat_minor = round_minor(Decimal(result.net_minor) * rule.vat_rate / 100)
    result.total_minor = result.net_minor + result.vat_minor
    return result
