"""Asset services: the same rules whether the API, the admin or a command calls them."""

from datetime import time

import pytest

from assets import services
from sinergia.exceptions import Forbidden
from tests.factories import AssetGroupFactory, UserFactory

pytestmark = pytest.mark.django_db

MORNINGS = [{"weekday": day, "opens": time(9), "closes": time(13)} for day in range(5)]


def test_opening_hours_are_replaced_by_the_assets_managers_only(asset, manager, booker):
    with pytest.raises(Forbidden):
        services.opening_hours_set(asset=asset, by=booker, hours=MORNINGS)
    assert asset.opening_hours.count() == 7
    saved = services.opening_hours_set(asset=asset, by=manager, hours=MORNINGS)
    stored = [(h.weekday, h.opens, h.closes) for h in asset.opening_hours.order_by("weekday")]
    assert [(h.weekday, h.opens, h.closes) for h in saved] == stored == [(d, time(9), time(13)) for d in range(5)]


def test_a_group_manager_adds_assets_to_its_group_and_manages_them(booker):
    group = AssetGroupFactory()
    group_manager = UserFactory()
    group.managers.add(group_manager)
    data = {"name": "Plató C", "kind": "sound stage", "group": group}
    with pytest.raises(Forbidden):
        services.asset_create(by=booker, data=data)
    asset = services.asset_create(by=group_manager, data=data)
    assert list(asset.managers.all()) == [group_manager]
    with pytest.raises(Forbidden):
        services.asset_update(asset=asset, by=UserFactory(), changes={"location": "Nave 9"})
    assert services.asset_update(asset=asset, by=group_manager, changes={"location": "Nave 9"}).location == "Nave 9"
