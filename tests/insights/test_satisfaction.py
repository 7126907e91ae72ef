"""Satisfaction in insights: members' ratings averaged per asset, per member company and for the cluster, under the
tenancy rules of the other figures (a member admin reads its own companies, and the cluster's only with enough
other companies booking)."""

from datetime import date

import pytest
from django.utils import timezone
from ratings.models import Rating

from insights import rollups
from tests.billing.helpers import past_reservation
from tests.conftest import as_user, local
from tests.factories import AssetFactory, AssetGroupFactory, MemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SATISFACTION = "/api/v1/insights/satisfaction/"
DAY = date(2025, 3, 4)
WINDOW = {"from": "2025-03-01", "to": "2025-03-31"}


def rated(asset, member, user, hour, asset_score, service_score, day=DAY):
    reservation = past_reservation(asset=asset, member=member, booked_by=user, start=local(day, hour),
                                   end=local(day, hour + 1))  # fmt: skip
    now = timezone.now()
    return Rating.objects.create(reservation=reservation, asset_score=asset_score, service_score=service_score,
                                 rated_by=user, rated_at=now, updated_at=now)  # fmt: skip


@pytest.fixture
def world(member, booker):
    group = AssetGroupFactory(name="Platós")
    stage = AssetFactory(name="Plató A", group=group)
    suite = AssetFactory(name="Sala de color")
    AssetFactory(name="Sin valorar", group=group)
    sur = MemberFactory(name="Sur Producciones")
    carla = MembershipFactory(member=sur, user=UserFactory(username="carla")).user
    rated(stage, member, booker, 9, 5, 4)
    rated(stage, member, booker, 11, 4, 4)
    rated(stage, sur, carla, 13, 2, 1)
    rated(suite, sur, carla, 15, 3, 5)
    rated(suite, sur, carla, 10, 1, 1, day=date(2025, 4, 2))  # outside the window
    past_reservation(asset=stage, member=sur, booked_by=carla, start=local(DAY, 16), end=local(DAY, 17))  # unrated
    return {"group": group, "stage": stage, "suite": suite, "sur": sur}


def by_name(rows):
    return {row["name"]: row for row in rows}


def test_the_accountant_reads_every_asset_member_and_the_cluster(api, world):
    accountant = UserFactory(username="accountant", is_accountant=True)
    response = as_user(api, accountant).get(SATISFACTION, WINDOW)
    assert response.status_code == 200, response.json()
    body = response.json()
    assets = by_name(body["assets"])
    assert {k: assets["Plató A"][k] for k in ("ratings", "asset_score", "service_score", "group")} == {
        "ratings": 3, "asset_score": 3.67, "service_score": 3.0, "group": "Platós"}  # fmt: skip
    assert (assets["Sala de color"]["ratings"], assets["Sala de color"]["asset_score"]) == (1, 3.0)
    assert assets["Sin valorar"] == {**assets["Sin valorar"], "ratings": 0, "asset_score": None, "service_score": None}
    members = by_name(body["members"])
    assert (members["Norte Films"]["ratings"], members["Norte Films"]["asset_score"]) == (2, 4.5)
    assert (members["Sur Producciones"]["ratings"], members["Sur Producciones"]["service_score"]) == (2, 3.0)
    assert body["totals"] == {"ratings": 4, "asset_score": 3.5, "service_score": 3.5}
    assert body["withheld"] is None and body["from"] == "2025-03-01"

    grouped = as_user(api, accountant).get(SATISFACTION, {**WINDOW, "group": world["group"].id}).json()
    assert sorted(by_name(grouped["assets"])) == ["Plató A", "Sin valorar"]
    assert grouped["totals"]["ratings"] == 3


def test_a_member_admin_reads_its_company_and_not_a_lone_competitors(api, world, member_admin):
    rollups.rebuild()
    body = as_user(api, member_admin).get(SATISFACTION, WINDOW).json()
    assert [row["name"] for row in body["members"]] == ["Norte Films"]
    assert body["members"][0]["ratings"] == 2
    assert body["assets"] is None and body["totals"] is None
    assert body["withheld"]["code"] == "too_few_members"


def test_a_member_admin_reads_the_cluster_once_three_other_companies_booked(api, world, member, member_admin):
    for index in range(2):
        other = MemberFactory(name=f"Otra {index}")
        user = MembershipFactory(member=other).user
        past_reservation(asset=world["suite"], member=other, booked_by=user, start=local(DAY, 18 + index),
                         end=local(DAY, 19 + index))  # fmt: skip
    rollups.rebuild()
    body = as_user(api, member_admin).get(SATISFACTION, WINDOW).json()
    assert body["withheld"] is None and body["totals"]["ratings"] == 4
    assert [row["name"] for row in body["members"]] == ["Norte Films"]


@pytest.mark.parametrize(
    "query, code",
    [
        ({"from": "2025-03-01"}, "invalid_to"),
        ({"from": "2025-03-31", "to": "2025-03-01"}, "invalid_to"),
        ({"from": "2025-01-01", "to": "2026-06-01"}, "invalid_to"),
        ({**WINDOW, "group": "x"}, "invalid_group"),
        ({**WINDOW, "group": 10**12}, "invalid_group"),
    ],
)
def test_bad_windows_are_400s(api, query, code):
    accountant = UserFactory(username="accountant", is_accountant=True)
    response = as_user(api, accountant).get(SATISFACTION, query)
    assert response.status_code == 400 and response.json()["code"] == code


def test_bookers_and_managers_do_not_read_insights(api, booker, manager):
    assert as_user(api, booker).get(SATISFACTION, WINDOW).status_code == 403
    assert as_user(api, manager).get(SATISFACTION, WINDOW).status_code == 403


def test_a_rating_changes_the_figures_at_once(api, world, booker, member):
    accountant = UserFactory(username="accountant", is_accountant=True)
    rated(world["suite"], member, booker, 20, 5, 5)  # read from the ratings, not from the worker's roll-ups
    body = as_user(api, accountant).get(SATISFACTION, WINDOW).json()
    assert by_name(body["assets"])["Sala de color"]["ratings"] == 2
