"""Utilisation of a pooled asset (desks): booked hours against the open hours of all its units."""

from datetime import date

import pytest

from insights import rollups
from tests.billing.helpers import past_reservation
from tests.conftest import as_user, local
from tests.insights.test_api import UTILISATION, accountant, by_name, weekday_asset  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def test_a_pooled_asset_is_open_for_each_of_its_units(api, accountant, member, booker):  # noqa: F811
    desks = weekday_asset("Desks", capacity=4)
    for day in (4, 5):  # a desk 4 hours on Tuesday and on Wednesday
        past_reservation(
            asset=desks, member=member, booked_by=booker, start=local(date(2025, 3, day), 10),
            end=local(date(2025, 3, day), 14),
        )  # fmt: skip
    rollups.rebuild()

    response = as_user(api, accountant).get(UTILISATION, {"from": "2025-03-03", "to": "2025-03-09"})

    row = by_name(response.json()["assets"])["Desks"]
    # 5 open days × 8 h × 4 desks = 160 desk-hours; 8 booked.
    assert (row["open_hours"], row["booked_hours"], row["utilisation"]) == (160.0, 8.0, 5.0)
    tuesday_ten = response.json()["heatmap"][1][10]
    assert (tuesday_ten["open_hours"], tuesday_ten["booked_hours"], tuesday_ten["occupancy"]) == (4.0, 1.0, 25.0)
