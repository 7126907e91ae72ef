"""Rows the write benchmarks book against: their own member, users and always-open assets.

Kept apart from the bench_data dataset (names start with "Bench load") so creates never meet its rows.
"""

from datetime import UTC, datetime, time, timedelta

from accounts.models import Member, Membership, User
from assets.models import Asset, AssetGroup, OpeningHours, PriceRule

# Far enough ahead that every slot is bookable whatever today is, within the default 365-day horizon.
FIRST_DAY = 30


def booker(name: str = "Bench load booker") -> User:
    member, _ = Member.objects.get_or_create(name=f"{name} company", defaults={"tax_id": "BENCH"})
    user, created = User.objects.get_or_create(username=name.lower().replace(" ", "-"))
    if created:
        user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(user=user, member=member)
    return user


def manager(group: AssetGroup) -> User:
    user, _ = User.objects.get_or_create(username="bench-load-manager")
    group.managers.add(user)
    return user


def assets(label: str, count: int, *, requires_approval: bool = False) -> list[Asset]:
    """`count` assets open round the clock every day, hourly prices, no buffers."""
    group, _ = AssetGroup.objects.get_or_create(name=f"Bench load {label}")
    made = []
    for n in range(count):
        asset, created = Asset.objects.get_or_create(
            name=f"Bench load {label} {n:03d}",
            defaults={
                "group": group, "kind": "stage", "timezone": "UTC", "slot_minutes": 30,
                "min_duration": timedelta(minutes=30), "max_duration": timedelta(hours=12),
                "max_horizon": timedelta(days=366), "requires_approval": requires_approval,
            },
        )  # fmt: skip
        if created:
            OpeningHours.objects.bulk_create(
                OpeningHours(asset=asset, weekday=day, opens=time(0), closes=time(0)) for day in range(7)
            )
            PriceRule.objects.create(asset=asset, hourly_rate_minor=10000, vat_rate=21)
        made.append(asset)
    return made


def day_zero() -> datetime:
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today + timedelta(days=FIRST_DAY)


class Slots:
    """Hand out one-hour slots that no earlier request of this run used: asset by asset, hour by hour."""

    def __init__(self, asset_ids: list[int]):
        self.asset_ids = asset_ids
        self.next_hour = 0
        self.start = day_zero()

    def take(self, count: int) -> list[tuple[int, datetime, datetime]]:
        slots = []
        for n in range(count):
            hour = self.next_hour + n // len(self.asset_ids)
            begins = self.start + timedelta(hours=hour)
            slots.append((self.asset_ids[n % len(self.asset_ids)], begins, begins + timedelta(hours=1)))
        self.next_hour += -(-count // len(self.asset_ids))
        return slots


def create_request(asset_id: int, start: datetime, end: datetime, token: str, path: str, **extra) -> dict:
    body = {"asset": asset_id, "start": start.isoformat(), "end": end.isoformat(), "title": "bench", **extra}
    return {"method": "POST", "path": path, "body": body, "token": token}


def wipe(asset_list: list[Asset]) -> None:
    """Forget earlier bench runs' bookings on these assets (and what hangs off them), so slots are free again."""
    from django.db import connection

    ids = [asset.id for asset in asset_list]
    inner = "SELECT id FROM bookings_reservation WHERE asset_id = ANY(%s)"
    with connection.cursor() as cursor:
        for table in ("billing_costshare", "billing_reservationcharge", "bookings_reservationevent"):
            cursor.execute(f"DELETE FROM {table} WHERE reservation_id IN ({inner})", [ids])  # noqa: S608
        cursor.execute("DELETE FROM bookings_reservation WHERE asset_id = ANY(%s)", [ids])
        # As autovacuum would before long. Dead rows clear the visibility map of the pages they sit on (tens of
        # thousands after the create and races figures), and the list counts after them would then read the
        # heap instead of the index only: 23 → 122 ms p95, measuring this figure's debris, not the dataset.
        tables = "bookings_reservation, bookings_reservationevent, billing_reservationcharge, billing_costshare"
        cursor.execute(f"VACUUM ANALYZE {tables}")
