import pytest

from consumables.models import Item
from tests.billing.test_consent import sur_admin  # noqa: F401 (a fixture of these tests)
from tests.factories import PriceRuleFactory


@pytest.fixture
def priced_asset(asset):
    """Plató A at 70.00 EUR/h + 21 % VAT."""
    PriceRuleFactory(asset=asset, hourly_rate_minor=7000, vat_rate="21.00")
    return asset


@pytest.fixture
def bottle(priced_asset):
    return Item.objects.create(asset=priced_asset, name="Bottle", unit="bottle", unit_price_minor=37)


@pytest.fixture
def labels(priced_asset):
    return Item.objects.create(asset=priced_asset, name="Labels", unit="roll", unit_price_minor=7)
