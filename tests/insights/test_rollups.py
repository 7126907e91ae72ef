"""The daily roll-ups behind the insights: the services record what they change, Celery rolls it up, readers only
read and say how fresh their answer is."""

import threading
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import Membership
from billing import services as billing
from billing.models import CostShare
from bookings import services as bookings
from bookings.models import Reservation, Status
from insights import rollups, stale
from insights import services as insights
from insights.clock import local_hours
from insights.models import AssetDay, MemberDay, StaleRange
from insights.tasks import rebuild_insights, refresh_insights
from tests.billing.helpers import past_reservation, utc
from tests.conftest import as_user, local
from tests.factories import (
    AssetFactory,
    AssetGroupFactory,
    MemberFactory,
    MembershipFactory,
    PriceRuleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

UTILISATION = "/api/v1/insights/utilisation/"
MEMBERS = "/api/v1/insights/members/"
TUESDAY, THURSDAY = date(2025, 3, 4), date(2025, 3, 6)
WEEK = {"from": "2025-03-03", "to": "2025-03-09"}
BEFORE = utc(2025, 2, 1)  # when the bookings below are made


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


def test_service_changes_reach_the_figures_at_the_next_refresh(accountant, priced_asset, member, booker, admin_of):
    reservation = bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(TUESDAY, 10), end=local(TUESDAY, 14),
        title="Rodaje", now=BEFORE,
    )  # fmt: skip
    assert booked_hours(accountant) == 0.0  # not rolled up yet: the answer says so with its as_of
    refresh_insights()
    assert booked_hours(accountant) == 4.0

    # A move: the day it left and the day it went to are both recomputed.
    reservation = bookings.reservation_update(
        reservation=reservation, by=booker, start=local(THURSDAY, 9), end=local(THURSDAY, 12), now=BEFORE
    )
    refresh_insights()
    figures = accountant.get(UTILISATION, WEEK).json()
    assert figures["totals"]["booked_hours"] == 3.0
    assert figures["heatmap"][1][10]["booked_hours"] == 0.0  # Tuesday was recomputed
    assert figures["heatmap"][3][9]["booked_hours"] == 1.0  # Thursday too

    # A split: half the charge (and so half the hours) goes to another payer, then back when it declines.
    payer = MemberFactory(name="Sur")
    payer_admin = admin_of(payer)
    billing.cost_shares_set(reservation=reservation, payers=[(member, Decimal(1)), (payer, Decimal(1))], by=booker)
    refresh_insights()
    assert row_of(accountant, member)["hours"] == 1.5
    assert (row_of(accountant, payer)["hours"], row_of(accountant, payer)["spend"][0]["amount"]) == (1.5, "150.00")
    billing.cost_share_decline(share=CostShare.objects.get(member=payer), by=payer_admin)
    refresh_insights()
    assert row_of(accountant, member)["hours"] == 3.0
    assert row_of(accountant, payer)["spend"] == []

    # A standalone rate applies to every hour already booked.
    insights.standalone_rate_set(asset=priced_asset, hourly_rate_minor=15000, currency="EUR",
                                 by=UserFactory(is_staff=True))  # fmt: skip
    refresh_insights()
    assert row_of(accountant, member)["savings"][0]["amount"] == "150.00"  # 3 h × 150.00 − 300.00

    # The booking is completed by the beat task's service, then a cancelled one counts apart.
    bookings.reservation_complete(reservation=reservation, now=local(THURSDAY, 13))
    other = bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(TUESDAY, 10), end=local(TUESDAY, 11),
        title="Prueba", now=BEFORE,
    )  # fmt: skip
    bookings.reservation_cancel(reservation=other, by=booker, now=BEFORE)
    refresh_insights()
    assert booked_hours(accountant) == 3.0
    assert row_of(accountant, member)["cancellations"] == 1
    assert not StaleRange.objects.exists()


@pytest.fixture
def admin_of():
    return lambda member: MembershipFactory(member=member, role=Membership.Role.MEMBER_ADMIN).user


def test_an_answer_says_how_fresh_it_is(accountant, priced_asset, member, booker):
    refresh_insights()
    before = timezone.now()
    fresh = accountant.get(MEMBERS, WEEK).json()
    assert parse_datetime(fresh["as_of"]) >= before  # nothing waits: complete up to now

    bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(TUESDAY, 10), end=local(TUESDAY, 12),
        title="Rodaje", now=BEFORE,
    )  # fmt: skip
    recorded = StaleRange.objects.get().created_at
    for url in (UTILISATION, MEMBERS):
        assert parse_datetime(accountant.get(url, WEEK).json()["as_of"]) == recorded
        csv_rows = accountant.get(url, {**WEEK, "format": "csv"}).content.decode().splitlines()
        assert csv_rows[-1] == f"Figures as of,{recorded.isoformat()},UTC"
    refresh_insights()
    assert parse_datetime(accountant.get(UTILISATION, WEEK).json()["as_of"]) > recorded


def test_a_get_writes_nothing(accountant, priced_asset, member, booker):
    bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(TUESDAY, 10), end=local(TUESDAY, 12),
        title="Rodaje", now=BEFORE,
    )  # fmt: skip
    pending = list(StaleRange.objects.values_list("id", flat=True))
    with CaptureQueriesContext(connection) as queries:
        for url in (UTILISATION, MEMBERS):
            for params in (WEEK, {**WEEK, "format": "csv"}):
                assert accountant.get(url, params).status_code == 200
    statements = [query["sql"].lstrip().split()[0].upper() for query in queries.captured_queries]
    assert set(statements) <= {"SELECT", "SAVEPOINT", "RELEASE"}, statements
    assert list(StaleRange.objects.values_list("id", flat=True)) == pending
    assert not AssetDay.objects.exists() and not MemberDay.objects.exists()


def test_writes_around_the_services_reach_the_figures_with_the_nightly_rebuild(accountant, priced_asset, member,
                                                                               booker):  # fmt: skip
    rebuild_insights()  # nothing left to roll up
    reservation = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=local(TUESDAY, 10), end=local(TUESDAY, 14)
    )
    assert rollups.refresh() == 0  # written directly: no service recorded it
    assert booked_hours(accountant) == 0.0
    rebuild_insights()
    assert booked_hours(accountant) == 4.0

    Reservation.objects.filter(id=reservation.id).update(status=Status.CANCELLED)
    rebuild_insights()
    assert booked_hours(accountant) == 0.0
    assert row_of(accountant, member)["cancellations"] == 1
    assert settings.CELERY_BEAT_SCHEDULE["rebuild-insights"]["task"] == "insights.tasks.rebuild_insights"


def test_an_asset_moving_group_is_seen_whatever_saves_it(accountant, priced_asset, member, booker):
    """The admin's asset form saves the model itself: the database trigger records the move."""
    past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=local(TUESDAY, 10), end=local(TUESDAY, 12)
    )
    rebuild_insights()
    group = priced_asset.group
    priced_asset.name = "Plató grande"
    priced_asset.save()
    assert not StaleRange.objects.exists()  # a new name changes no figure
    priced_asset.group = AssetGroupFactory(name="Bodegas")
    priced_asset.save()
    assert list(StaleRange.objects.values_list("start", "end")) == [(None, None)]
    refresh_insights()
    assert row_of(accountant, member, group=group.id)["hours"] == 0.0
    assert row_of(accountant, member, group=priced_asset.group_id)["hours"] == 2.0


def test_refresh_recomputes_only_the_days_that_changed(priced_asset, member, booker):
    past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=local(TUESDAY, 10), end=local(TUESDAY, 12)
    )
    rollups.rebuild()
    late = utc(2025, 3, 6, 23)  # the cluster's days are UTC days
    moved = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=late, end=late + timedelta(hours=3)
    )
    stale.reservation_changed(moved)
    assert rollups.refresh() == 2  # Thursday and Friday, where the booking ends
    assert sorted(AssetDay.objects.values_list("day", "booked_seconds")) == [
        (TUESDAY, 7200.0), (THURSDAY, 3600.0), (THURSDAY + timedelta(days=1), 7200.0)
    ]  # fmt: skip
    # Member figures count by the day each booking starts, on the row of its spend.
    assert sorted(MemberDay.objects.values_list("day", "bookings", "currency")) == [
        (TUESDAY, 1, "EUR"), (THURSDAY, 1, "EUR")
    ]  # fmt: skip


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_change_committed_during_a_refresh_waits_for_the_next_one(priced_asset, member, booker, settings):
    """The refresh deletes only the ranges it read, so a booking that commits meanwhile is not lost."""
    settings.CELERY_TASK_ALWAYS_EAGER = False  # as with a worker: no refresh right after each commit
    rollups.refresh()
    inserted, release = threading.Event(), threading.Event()

    def book_and_wait():
        try:
            with transaction.atomic():
                bookings.reservation_create(
                    asset=priced_asset, member=member, by=booker, start=local(TUESDAY, 10), end=local(TUESDAY, 12),
                    title="Rodaje", now=BEFORE,
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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_refresh_that_finds_another_running_leaves_at_once(priced_asset, member, booker, settings):
    """Beat's refresh every minute does not queue behind the nightly rebuild: it leaves the ranges for later."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    stale.everything_changed()
    locked, release = threading.Event(), threading.Event()

    def hold_the_refresh_lock():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("LOCK TABLE insights_assetday IN EXCLUSIVE MODE")
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_refresh_lock)
    holder.start()
    try:
        assert locked.wait(timeout=30)
        assert rollups.refresh() == 0
        assert StaleRange.objects.count() == 1
    finally:
        release.set()
        holder.join(timeout=30)


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
