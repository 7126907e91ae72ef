"""The benchmark dataset: `manage.py bench_data --assets 1000 --days 365 --per-day 4 --seed 1`.

A whole cluster (asset groups of 50, opening hours, blackout days, price rules, standalone rates,
member companies with fair shares and their users) and a year of reservations with frozen quotes,
charges and cost shares, loaded with COPY in asset-and-time order. Everything comes from one seeded
random.Random and a fixed calendar (days from `start`, not from today), and ids are assigned here,
so the same arguments give the same rows, ids included.

PostgreSQL only. It empties the database's domain tables first, so it refuses a database that holds
reservations it did not load, unless forced; what it loaded is recorded as a comment on the
reservations table (metadata, not rows).
"""

import json
import random
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection, transaction

from billing.allocation import allocate
from sinergia.db import copy_rows

GROUP_SIZE = 50
MEMBERS = 40
OPENS, CLOSES = 7, 23  # local opening hours, every day (every 7th asset is closed on Sundays)
VAT_RATE = Decimal("21.00")
# Reservations ending before this instant are completed, later ones approved (so most rows sit in the
# exclusion constraint's GiST index, as upcoming bookings do): a constant, so reruns agree.
COMPLETED_BEFORE = datetime(2026, 2, 1, tzinfo=UTC)
DEFAULT_START = date(2026, 1, 5)
KEEP_TABLES = {"django_migrations", "django_content_type", "auth_permission", "auth_group_permissions"}
COMMENT_PREFIX = "bench_data "


class DatasetError(Exception):
    """The database cannot take the dataset (not PostgreSQL, or it holds other data)."""


def recorded() -> dict:
    """The parameters of the dataset bench_data loaded into this database, or {}."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT obj_description('bookings_reservation'::regclass, 'pg_class')")
        comment = cursor.fetchone()[0] or ""
    return json.loads(comment.removeprefix(COMMENT_PREFIX)) if comment.startswith(COMMENT_PREFIX) else {}


def describe() -> dict:
    """What benchmarks need to know of the dataset in the database; {} when there is none."""
    from accounts.models import Member, User
    from assets.models import Asset, AssetGroup

    parameters = recorded()
    if not parameters:
        return {}

    def ids(queryset) -> list[int]:
        return list(queryset.order_by("id").values_list("id", flat=True))

    first = date.fromisoformat(parameters["start"])
    return {
        "parameters": {key: parameters[key] for key in ("assets", "days", "per_day", "seed")},
        "start": first.isoformat(),
        "end": (first + timedelta(days=parameters["days"])).isoformat(),
        "groups": ids(AssetGroup.objects.filter(name__startswith="Bench group")),
        "assets": ids(Asset.objects.filter(name__startswith="Bench asset")),
        "members": ids(Member.objects.filter(name__startswith="Bench member")),
        "users": {
            "admin": User.objects.get(username="bench-admin").id,
            "accountant": User.objects.get(username="bench-accountant").id,
            "managers": ids(User.objects.filter(username__startswith="bench-manager-")),
            "bookers": ids(User.objects.filter(username__startswith="bench-booker-")),
            "member_admins": ids(User.objects.filter(username__startswith="bench-memberadmin-")),
        },
    }


def fingerprint() -> str:
    """An md5 over every reservation, charge and cost share, in id order (computed by PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT md5(string_agg(row, ',' ORDER BY kind, id)) FROM ("
            " SELECT 1 AS kind, id, concat_ws('|', id, asset_id, member_id, booked_by_id, start, \"end\","
            "   blocked_start, blocked_end, status, quote::text) AS row FROM bookings_reservation"
            " UNION ALL SELECT 2, id, concat_ws('|', id, reservation_id, kind, currency, total_minor, vat_minor)"
            "   FROM billing_reservationcharge"
            " UNION ALL SELECT 3, id, concat_ws('|', id, reservation_id, member_id, weight, amount_minor, vat_minor,"
            "   state) FROM billing_costshare) rows"
        )
        return cursor.fetchone()[0] or ""


def _domain_tables() -> list[str]:
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return sorted(tables - KEEP_TABLES)


def _check_may_wipe(force: bool) -> None:
    if connection.vendor != "postgresql":
        raise DatasetError("bench_data needs PostgreSQL (it loads with COPY); set DATABASE_URL.")
    from bookings.models import Reservation

    if not force and not recorded() and Reservation.objects.exists():
        raise DatasetError(
            "This database holds reservations that bench_data did not load; it would delete them. "
            "Use a database of its own, or --force."
        )


def _half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Plan:
    """The dataset's rows, generated in a fixed order from one random.Random."""

    def __init__(self, *, assets: int, days: int, per_day: int, seed: int, start: date):
        self.assets, self.days, self.per_day, self.start = assets, days, per_day, start
        self.rng = random.Random(seed)
        self.now = datetime(2026, 1, 1, tzinfo=UTC)  # created_at of the fixed rows

    # --- the cluster -------------------------------------------------------------------------------
    def cluster(self) -> dict:
        from accounts.models import Member, Membership, User
        from assets.models import Asset, AssetGroup, Blackout, OpeningHours, PeakWindow, PriceRule
        from insights.models import AssetStandaloneRate, FairShare

        rng = self.rng
        groups = AssetGroup.objects.bulk_create(
            AssetGroup(id=n + 1, name=f"Bench group {n + 1:02d}") for n in range(-(-self.assets // GROUP_SIZE))
        )
        users = [User(id=1, username="bench-admin", is_staff=True), User(id=2, username="bench-accountant",
                                                                        is_accountant=True)]  # fmt: skip
        users += [User(id=3 + n, username=f"bench-manager-{n + 1:02d}") for n in range(len(groups))]
        members = [Member(id=n + 1, name=f"Bench member {n + 1:03d}", tax_id=f"B{n + 1:08d}",
                          tier="full" if n % 5 else "associate") for n in range(MEMBERS)]  # fmt: skip
        first_member_user = len(users) + 1
        for n in range(MEMBERS):
            users.append(User(id=first_member_user + 2 * n, username=f"bench-booker-{n + 1:03d}"))
            users.append(User(id=first_member_user + 2 * n + 1, username=f"bench-memberadmin-{n + 1:03d}"))
        for user in users:
            user.set_unusable_password()
            user.email = f"{user.username}@bench.invalid"
        User.objects.bulk_create(users)
        Member.objects.bulk_create(members)
        Membership.objects.bulk_create(
            Membership(user_id=first_member_user + 2 * n + k, member_id=n + 1, role=role)
            for n in range(MEMBERS)
            for k, role in enumerate((Membership.Role.BOOKER, Membership.Role.MEMBER_ADMIN))
        )
        for n, group in enumerate(groups):
            group.managers.add(3 + n)
        FairShare.objects.bulk_create(
            FairShare(member_id=n + 1, weight=Decimal(rng.choice((1, 1, 2, 3))), valid_from=self.start)
            for n in range(MEMBERS)
        )

        assets = []
        for n in range(self.assets):
            toronto = n % 10 == 9
            assets.append(
                Asset(
                    id=n + 1, group_id=n // GROUP_SIZE + 1, name=f"Bench asset {n + 1:04d}", kind="stage",
                    timezone="America/Toronto" if toronto else "Europe/Madrid", slot_minutes=30,
                    cleanup_buffer=timedelta(minutes=15 if n % 5 == 4 else 0), requires_approval=n % 4 == 3,
                    max_horizon=timedelta(days=366),
                )
            )  # fmt: skip
        Asset.objects.bulk_create(assets)
        hours, rules, peaks, rates, blackouts, plan = [], [], [], [], [], {}
        for asset in assets:
            open_days = [d for d in range(7) if not (d == 6 and asset.id % 7 == 0)]
            hours += [OpeningHours(asset=asset, weekday=d, opens=clock(OPENS), closes=clock(CLOSES)) for d in open_days]
            currency = "USD" if asset.timezone == "America/Toronto" else "EUR"
            rate = 2 * rng.randrange(2500, 7500)  # even: half hours price exactly
            rules.append(PriceRule(asset=asset, currency=currency, hourly_rate_minor=rate, vat_rate=VAT_RATE))
            peaks.append(PeakWindow(asset=asset, weekday=5, starts=clock(18), ends=clock(22)))
            rates.append(AssetStandaloneRate(asset=asset, hourly_rate_minor=rate * 2, currency=currency))
            zone = ZoneInfo(asset.timezone)
            dark = {self.start + timedelta(days=rng.randrange(self.days)) for _ in range(2)}
            for day in sorted(dark):
                begins = datetime.combine(day, clock(0), zone)
                ends = begins + timedelta(days=1)
                blackouts.append(Blackout(asset=asset, start=begins, end=ends, reason="maintenance"))
            plan[asset.id] = (zone, set(open_days), dark, currency, rate, asset.cleanup_buffer)
        OpeningHours.objects.bulk_create(hours)
        PriceRule.objects.bulk_create(rules)
        PeakWindow.objects.bulk_create(peaks)
        AssetStandaloneRate.objects.bulk_create(rates)
        Blackout.objects.bulk_create(blackouts)
        bookers = {n + 1: first_member_user + 2 * n for n in range(MEMBERS)}
        return {"assets": plan, "bookers": bookers}

    # --- the reservations -------------------------------------------------------------------------
    def bookings(self, cluster: dict) -> Iterator[tuple]:
        """(reservation, charge or None, shares) per booking, asset by asset, day by day."""
        rng = self.rng
        segment = timedelta(hours=CLOSES - OPENS) / self.per_day
        reservation_id = charge_id = share_id = 0
        for asset_id, (zone, open_days, dark, currency, rate, buffer) in cluster["assets"].items():
            for offset in range(self.days):
                day = self.start + timedelta(days=offset)
                if day.weekday() not in open_days or day in dark:
                    continue
                opens = datetime.combine(day, clock(OPENS), zone)
                for slot in range(self.per_day):
                    room = segment - buffer
                    half_hours = min(rng.randint(2, 6), int(room / timedelta(minutes=30)))
                    lead = rng.randrange(0, int(room / timedelta(minutes=30)) - half_hours + 1)
                    start = (opens + segment * slot + timedelta(minutes=30 * lead)).astimezone(UTC)
                    end = start + timedelta(minutes=30 * half_hours)
                    member = rng.randrange(1, MEMBERS + 1)
                    roll = rng.random()
                    if roll < 0.05:
                        status = "cancelled"
                    elif roll < 0.08 and asset_id % 4 == 0:
                        status = "pending"
                    else:
                        status = "completed" if end <= COMPLETED_BEFORE else "approved"
                    net = rate * half_hours // 2
                    vat = _half_up(net * VAT_RATE / 100)
                    quote = {
                        "currency": currency, "tier": "full",
                        "lines": [{"kind": "hours", "description": "Hours", "quantity": f"{half_hours / 2:.2f}",
                                   "unit_minor": rate, "amount_minor": net}],
                        "net_minor": net, "vat_rate": str(VAT_RATE), "vat_minor": vat, "total_minor": net + vat,
                    }  # fmt: skip
                    reservation_id += 1
                    reservation = (
                        reservation_id, asset_id, member, cluster["bookers"][member], start, end, start,
                        end + buffer, status, "Bench booking", "", json.dumps(quote), self.now, self.now,
                    )  # fmt: skip
                    charge, shares = None, []
                    if status in ("approved", "completed"):
                        charge_id += 1
                        kind = "completed" if status == "completed" else "booked"
                        charge = (charge_id, reservation_id, kind, currency, net, vat, net + vat,
                                  end if kind == "completed" else None, self.now)  # fmt: skip
                        payers = {member: 1}
                        if rng.random() < 0.1:
                            payers[(member % MEMBERS) + 1] = 1
                        amounts = allocate(net + vat, payers)
                        vats = allocate(vat, amounts)
                        for payer in sorted(payers):
                            share_id += 1
                            shares.append((share_id, reservation_id, payer, 1, currency, amounts[payer], vats[payer],
                                           "accepted", amounts[payer], currency, self.now, self.now))  # fmt: skip
                    yield reservation, charge, shares


RESERVATION_COLUMNS = [
    "id", "asset_id", "member_id", "booked_by_id", "start", "end", "blocked_start", "blocked_end", "status",
    "title", "notes", "quote", "created_at", "updated_at",
]  # fmt: skip
CHARGE_COLUMNS = ["id", "reservation_id", "kind", "currency", "net_minor", "vat_minor", "total_minor", "due_at",
                  "updated_at"]  # fmt: skip
SHARE_COLUMNS = ["id", "reservation_id", "member_id", "weight", "currency", "amount_minor", "vat_minor", "state",
                 "accepted_amount_minor", "accepted_currency", "decided_at", "created_at"]  # fmt: skip


def build(*, assets: int, days: int, per_day: int, seed: int, start: date = DEFAULT_START, force: bool = False) -> dict:
    """Empty the domain tables and load the dataset; returns row counts, seconds and the fingerprint."""
    _check_may_wipe(force)
    began = time.perf_counter()
    plan = Plan(assets=assets, days=days, per_day=per_day, seed=seed, start=start)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(_domain_tables())} RESTART IDENTITY CASCADE")
        cluster = plan.cluster()
        charges, shares = [], []

        def reservations():
            for reservation, charge, its_shares in plan.bookings(cluster):
                yield reservation
                if charge:
                    charges.append(charge)
                shares.extend(its_shares)

        counts = {"reservations": copy_rows("bookings_reservation", RESERVATION_COLUMNS, reservations())}
        counts["charges"] = copy_rows("billing_reservationcharge", CHARGE_COLUMNS, iter(charges))
        counts["cost_shares"] = copy_rows("billing_costshare", SHARE_COLUMNS, iter(shares))
        # Later inserts (the benchmarks' own) take ids after the loaded ones.
        for table in ("bookings_reservation", "billing_reservationcharge", "billing_costshare", "accounts_user",
                      "accounts_member", "assets_asset", "assets_assetgroup"):  # fmt: skip
            sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            cursor.execute(sql)
        parameters = {"assets": assets, "days": days, "per_day": per_day, "seed": seed, "start": start.isoformat()}
        cursor.execute("COMMENT ON TABLE bookings_reservation IS %s", [COMMENT_PREFIX + json.dumps(parameters)])
    from insights import rollups

    counts["insights_days"] = rollups.rebuild()  # COPY goes around the services: roll the loaded year up now
    with connection.cursor() as cursor:
        # VACUUM too, as autovacuum would in time: it sets the visibility map, so counts use index-only scans.
        cursor.execute("VACUUM ANALYZE")
    counts["seconds"] = round(time.perf_counter() - began, 1)
    counts["fingerprint"] = fingerprint()
    return counts
