"""Measure the streamed CSV cost-share export: time and peak Python memory for N shares.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_billing .venv/bin/python scripts/bench_export.py 100000

Fills the database named in DATABASE_URL with N completed one-payer reservations (bulk inserts, once),
then streams the CSV through the same generator the API uses and reports rows, seconds and peak memory.
"""

import os
import resource
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "backend"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergia.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from accounts.models import Member, User  # noqa: E402
from assets.models import Asset  # noqa: E402
from billing import exports  # noqa: E402
from billing.models import ChargeKind, CostShare, ReservationCharge  # noqa: E402
from bookings.models import Reservation, Status  # noqa: E402
from sinergia.spreadsheets import STANDARD  # noqa: E402


def fill(count: int) -> None:
    if CostShare.objects.filter(reservation__title="bench").count() >= count:
        return
    member, _ = Member.objects.get_or_create(name="Bench member", defaults={"tax_id": "B0", "cost_centre": "CC"})
    user, _ = User.objects.get_or_create(username="bench")
    asset, _ = Asset.objects.get_or_create(name="Bench asset", defaults={"kind": "stage"})
    quote = {"currency": "EUR", "lines": [{"kind": "hours", "unit_minor": 10000}], "total_minor": 12100}
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for offset in range(0, count, 5000):
        batch = [
            Reservation(
                asset=asset, member=member, booked_by=user, title="bench", status=Status.COMPLETED, quote=quote,
                start=start + timedelta(minutes=n), end=start + timedelta(minutes=n, hours=1),
                blocked_start=start + timedelta(minutes=n), blocked_end=start + timedelta(minutes=n, hours=1),
            )
            for n in range(offset, min(offset + 5000, count))
        ]  # fmt: skip
        Reservation.objects.bulk_create(batch)
        ReservationCharge.objects.bulk_create(
            ReservationCharge(
                reservation=r, kind=ChargeKind.COMPLETED, currency="EUR", net_minor=10000, vat_minor=2100,
                total_minor=12100, due_at=r.end,
            )
            for r in batch
        )  # fmt: skip
        CostShare.objects.bulk_create(
            CostShare(
                reservation=r, member=member, weight=1, currency="EUR", amount_minor=12100, vat_minor=2100,
                state=CostShare.State.ACCEPTED,
            )
            for r in batch
        )  # fmt: skip


def stream() -> tuple[int, int]:
    rows = size = 0
    window = {"start": datetime(2023, 1, 1, tzinfo=UTC), "end": datetime(2026, 1, 1, tzinfo=UTC)}
    for chunk in exports.csv_chunks(exports.share_rows(**window), dialect=STANDARD, language="en"):
        rows += 1
        size += len(chunk)
    return rows - 1, size


def main(count: int) -> None:
    call_command("migrate", verbosity=0)
    fill(count)
    began = time.perf_counter()
    rows, size = stream()
    seconds = time.perf_counter() - began
    tracemalloc.start()  # a second pass: tracing slows Python down, so it is not timed
    stream()
    _current, peak = tracemalloc.get_traced_memory()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{rows} rows, {size / 1e6:.1f} MB of CSV in {seconds:.1f} s; peak traced Python memory {peak / 1e6:.1f} MB;")
    print(f"process max RSS {rss:.0f} MB (includes Django and the bulk fill)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
