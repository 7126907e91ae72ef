"""The daily roll-ups behind the insights follow every change, however it reaches the database."""

import threading
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from billing.models import CostShare
from bookings.models import Reservation, Status
from insights import rollups
from insights.clock import local_hours
from insights.models import AssetDay, AssetStandaloneRate, MemberDay, StaleRange
from tests.billing.helpers import past_reservation, utc
from tests.conftest import as_user, local
from tests.factories import AssetFactory, AssetGroupFactory, MemberFactory, PriceRuleFactory, UserFactory

pytestmark = pytest.mark.django_db

UTILISATION = "/api/v1/insights/utilisation/"
MEMBERS = "/api/v1/insights/members/"
TUESDAY, THURSDAY = date(2025, 3, 4), date(2025, 3, 6)
WEEK = {"from": "2025-03-03", "to": "2025-03-09"}


@pytest.fixture
def accountant(api):
    return as_user(api, UserFactory(username="accountant", is_accountant=True))


@pytest.fixture
def priced_asset():
    asset = AssetFactory(name="Plató", group=AssetGroupFactory(name="Platós"))
    PriceRuleFactory(asset=asset, vat_rate="0")  # 100.00 an hour
    return asset


def booked_hours(accountant, **params) -> float:
    return accountant.get(UTILISATION, {**WEEK, **params}).json()["totals"]["booked_hours"]


def row_of(accountant, member, **params) -> dict:
    rows = accountant.get(MEMBERS, {**WEEK, **params}).json()["members"]
    return next(row for row in rows if row["id"] == member.id)


def test_status_changes_and_moves_reach_the_figures_whatever_path_they_take(accountant, priced_asset, member, booker):
    reservation = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=local(TUESDAY, 10), end=local(TUESDAY, 14)
    )
    assert booked_hours(accountant) == 4.0

    # A queryset update sends no Django signal; the triggers see it all the same.
    Reservation.objects.filter(id=reservation.id).update(status=Status.CANCELLED)
    assert booked_hours(accountant) == 0.0
    assert row_of(accountant, member)["cancellations"] == 1

    Reservation.objects.filter(id=reservation.id).update(
        status=Status.COMPLETED, start=local(THURSDAY, 9), end=local(THURSDAY, 12), blocked_start=local(THURSDAY, 9),
        blocked_end=local(THURSDAY, 12),
    )  # fmt: skip
    figures = accountant.get(UTILISATION, WEEK).json()
    assert figures["totals"]["booked_hours"] == 3.0
    assert figures["heatmap"][1][10]["booked_hours"] == 0.0  # Tuesday was recomputed
    assert figures["heatmap"][3][9]["booked_hours"] == 1.0  # Thursday too

    reservation.delete()
    assert booked_hours(accountant) == 0.0
    assert not AssetDay.objects.exists()


def test_cost_shares_rates_and_groups_reach_the_member_figures(accountant, priced_asset, member, booker):
    past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=local(TUESDAY, 10), end=local(TUESDAY, 12)
    )
    payer = MemberFactory(name="Sur")
    row = row_of(accountant, member)
    assert (row["hours"], row["spend"][0]["amount"], row["savings"]) == (2.0, "200.00", [])

    # Half of the charge moves to another payer: spend and hours follow the money.
    CostShare.objects.filter(member=member).update(amount_minor=10000)
    CostShare.objects.create(
        reservation=Reservation.objects.get(), member=payer, weight=1, currency="EUR", amount_minor=10000
    )
    assert row_of(accountant, member)["hours"] == 1.0
    assert (row_of(accountant, payer)["hours"], row_of(accountant, payer)["spend"][0]["amount"]) == (1.0, "100.00")

    # A standalone rate set afterwards applies to the hours already booked.
    AssetStandaloneRate.objects.create(asset=priced_asset, hourly_rate_minor=15000, currency="EUR")
    assert row_of(accountant, member)["savings"][0]["amount"] == "50.00"  # 1 h × 150.00 − 100.00

    # Moving the asset to another group moves its figures with it.
    group = priced_asset.group
    priced_asset.group = AssetGroupFactory(name="Bodegas")
    priced_asset.save()
    assert row_of(accountant, member, group=group.id)["hours"] == 0.0
    assert row_of(accountant, member, group=priced_asset.group_id)["hours"] == 1.0


def test_changes_that_alter_no_figure_mark_nothing(accountant, priced_asset, member, booker):
    reservation = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=local(TUESDAY, 10), end=local(TUESDAY, 12)
    )
    rollups.refresh()
    reservation.title = "Renamed"
    reservation.save()  # writes every column, none of them changed but the title
    priced_asset.name = "Plató grande"
    priced_asset.save()
    assert not StaleRange.objects.exists()
    assert rollups.refresh() == 0


def test_refresh_recomputes_only_the_days_that_changed(accountant, priced_asset, member, booker):
    past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=local(TUESDAY, 10), end=local(TUESDAY, 12)
    )
    rollups.refresh()
    late = utc(2025, 3, 6, 23)  # the cluster's days are UTC days
    past_reservation(asset=priced_asset, member=member, booked_by=booker, start=late, end=late + timedelta(hours=3))
    assert rollups.refresh() == 2  # Thursday and Friday, where the booking ends
    assert sorted(AssetDay.objects.values_list("day", "booked_seconds")) == [
        (TUESDAY, 7200.0), (THURSDAY, 3600.0), (THURSDAY + timedelta(days=1), 7200.0)
    ]  # fmt: skip
    # Member figures count by the day each booking starts, on the row of its spend.
    assert sorted(MemberDay.objects.values_list("day", "bookings", "currency")) == [
        (TUESDAY, 1, "EUR"), (THURSDAY, 1, "EUR")
    ]  # fmt: skip


@pytest.mark.postgres
def test_a_bulk_update_records_one_range_on_postgresql(priced_asset, member, booker):
    for day in (TUESDAY, THURSDAY):
        past_reservation(asset=priced_asset, member=member, booked_by=booker, start=local(day, 10), end=local(day, 12))
    StaleRange.objects.all().delete()

    Reservation.objects.update(status=Status.NO_SHOW)

    assert list(StaleRange.objects.values_list("start", "end")) == [(local(TUESDAY, 10), local(THURSDAY, 12))] * 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_change_committed_during_a_refresh_waits_for_the_next_one(priced_asset, member, booker):
    """The refresh deletes only the ranges it read, so a booking that commits meanwhile is not lost."""
    rollups.refresh()
    inserted, release = threading.Event(), threading.Event()

    def book_and_wait():
        try:
            with transaction.atomic():
                past_reservation(
                    asset=priced_asset, member=member, booked_by=booker, start=local(TUESDAY, 10),
                    end=local(TUESDAY, 12),
                )  # fmt: skip
                inserted.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    writer = threading.Thread(target=book_and_wait)
    writer.start()
    assert inserted.wait(timeout=30)
    assert rollups.refresh() == 0  # the writer's range is not committed yet
    release.set()
    writer.join(timeout=30)

    assert rollups.refresh() == 1
    assert AssetDay.objects.get().booked_seconds == 7200.0


def test_the_beat_task_refreshes():
    from insights.tasks import refresh_insights

    AssetFactory()
    StaleRange.objects.create()
    refresh_insights()
    assert not StaleRange.objects.exists()


def test_local_hours_are_exact_across_daylight_saving_and_fast_without_it():
    madrid = ZoneInfo("Europe/Madrid")
    # 01:00–04:00 on 30 March 2025 lasts two hours: 02:00–03:00 did not exist.
    spring = local_hours(utc(2025, 3, 30, 0), utc(2025, 3, 30, 2), madrid)
    assert spring == ((6, 1, 3600.0), (6, 3, 3600.0))
    # 02:00–03:00 on 26 October 2025 happened twice.
    autumn = local_hours(utc(2025, 10, 26, 0), utc(2025, 10, 26, 2), madrid)
    assert autumn == ((6, 2, 3600.0), (6, 2, 3600.0))
    # Without a change of offset the wall-clock shortcut agrees: Sunday 23:30 to Monday 01:15 local.
    assert local_hours(utc(2025, 3, 2, 22, 30), utc(2025, 3, 3, 0, 15), madrid) == (
        (6, 23, 1800.0), (0, 0, 3600.0), (0, 1, 900.0)
    )  # fmt: skip
