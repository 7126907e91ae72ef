"""bench_data: deterministic, complete, never overlapping, and careful with other data."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from bookings.models import Reservation
from tests.bench import benchdata
from tests.bench.management.commands.bench_data import Command as BenchData
from tests.factories import AssetFactory, MemberFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TINY = {"assets": 3, "days": 7, "per_day": 2, "seed": 1}


def rows() -> list[tuple]:
    return list(Reservation.objects.order_by("id").values_list("id", "asset_id", "member_id", "start", "end", "status"))


def test_the_same_arguments_give_the_same_rows_and_ids():
    first = benchdata.build(**TINY)
    before = rows()
    second = benchdata.build(**TINY)
    assert first["fingerprint"] == second["fingerprint"] != ""
    assert rows() == before
    assert benchdata.build(**{**TINY, "seed": 2})["fingerprint"] != first["fingerprint"]


def test_every_open_day_of_every_asset_gets_its_bookings_except_blackout_days():
    benchdata.build(**TINY)
    described = benchdata.describe()
    assert described["parameters"] == TINY
    assert len(described["assets"]) == 3 and len(described["groups"]) == 1 and len(described["members"]) == 40
    with connection.cursor() as cursor:
        # Blackout days (2 per asset, maybe the same day twice) and closed Sundays (asset ids divisible by 7) are empty.
        cursor.execute(
            "SELECT r.asset_id, count(*) FROM bookings_reservation r GROUP BY r.asset_id ORDER BY r.asset_id"
        )
        per_asset = dict(cursor.fetchall())
        cursor.execute(
            "SELECT asset_id, count(DISTINCT start::date) FROM assets_blackout GROUP BY asset_id ORDER BY asset_id"
        )
        dark_days = dict(cursor.fetchall())
    for asset_id in described["assets"]:
        assert per_asset[asset_id] == (TINY["days"] - dark_days[asset_id]) * TINY["per_day"]
    assert Reservation.objects.filter(start__gte=benchdata.COMPLETED_BEFORE, status="completed").count() == 0


def test_no_two_blocking_reservations_overlap_and_shares_add_up_to_their_charge():
    benchdata.build(**{**TINY, "assets": 10, "per_day": 6})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM bookings_reservation a JOIN bookings_reservation b ON a.asset_id = b.asset_id"
            " AND a.id < b.id AND a.blocked_start < b.blocked_end AND b.blocked_start < a.blocked_end"
            " WHERE a.status IN ('pending', 'approved') AND b.status IN ('pending', 'approved')"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*) FROM billing_reservationcharge c JOIN (SELECT reservation_id, sum(amount_minor) total,"
            " sum(vat_minor) vat FROM billing_costshare GROUP BY reservation_id) s USING (reservation_id)"
            " WHERE s.total <> c.total_minor OR s.vat <> c.vat_minor"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM billing_costshare GROUP BY reservation_id HAVING count(*) > 1")
        assert cursor.fetchall(), "some bookings are split between two payers"


def test_refuses_a_database_with_reservations_it_did_not_load_unless_forced():
    with connection.cursor() as cursor:
        cursor.execute("COMMENT ON TABLE bookings_reservation IS NULL")  # earlier tests' dataset record
    asset, member, user = AssetFactory(), MemberFactory(), UserFactory()
    from datetime import UTC, datetime, timedelta

    start = datetime(2030, 1, 7, 10, tzinfo=UTC)
    Reservation.objects.create(asset=asset, member=member, booked_by=user, start=start, end=start + timedelta(hours=1),
                               blocked_start=start, blocked_end=start + timedelta(hours=1), title="real")  # fmt: skip
    with pytest.raises(CommandError, match="did not load"):
        call_command(BenchData(), "--assets", "1", "--days", "1", "--per-day", "1")
    assert Reservation.objects.filter(title="real").exists()
    call_command(BenchData(), "--assets", "1", "--days", "7", "--per-day", "1", "--force")
    assert not Reservation.objects.filter(title="real").exists()
