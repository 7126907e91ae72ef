"""Parallel bookings of the last units of an item: the item's row lock lets exactly as many through as the stock
holds (PostgreSQL, real parallel connections)."""

from datetime import timedelta

import pytest

from bookings import services
from bookings.models import Reservation
from consumables.models import Item, ReservationItem
from sinergia.exceptions import Conflict
from tests.bookings.test_concurrency import race
from tests.conftest import future_day, local
from tests.factories import AssetFactory, MemberFactory, MembershipFactory, PriceRuleFactory

MONDAY = future_day(0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_bookings_never_oversell_an_items_stock():
    asset = AssetFactory()
    PriceRuleFactory(asset=asset, hourly_rate_minor=7000)
    item = Item.objects.create(asset=asset, name="CO2", unit="cylinder", unit_price_minor=2500, stock=10)
    bookers = [MembershipFactory(member=MemberFactory()) for _ in range(6)]

    def book(i):
        start = local(MONDAY, 8) + timedelta(hours=2 * i)  # no two overlap: only the stock is contended
        return services.reservation_create(
            asset=asset, member=bookers[i].member, by=bookers[i].user, start=start, end=start + timedelta(hours=1),
            title=f"#{i}", items=[{"item": item.id, "quantity": 3}],
        )  # fmt: skip

    results = race(6, book)
    made = [r for r in results if isinstance(r, Reservation)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(made) == 3 and len(refused) == 3, results
    assert {error.code for error in refused} == {"out_of_stock"}
    assert sum(ReservationItem.objects.values_list("quantity_estimated", flat=True)) == 9
    assert Reservation.objects.count() == 3
