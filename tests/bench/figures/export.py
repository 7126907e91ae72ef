"""Figure 6: the accounting export of a month with a million cost shares.

The figure's own rows (member "Bench export", October 2025, before the bench_data year): completed
one-hour bookings every two seconds, each with its charge and accepted share, inserted by SQL, and the
month closed through the real billing service (`billing_period_close`: the request's checks, then in this
process `billing_period_close_run`, what the worker's task runs), so the statements are the ones accountants get. Each
export runs in a child process (tests/bench/export_worker.py) that reports time, output hash and RSS.
"""

import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from tests.bench.harness import REPO, Result, within

BASE = datetime(2025, 10, 1, tzinfo=UTC)
SPACING = timedelta(seconds=2)

FILL = """
INSERT INTO bookings_reservation (asset_id, member_id, booked_by_id, start, "end", blocked_start, blocked_end,
    status, title, notes, quote, created_at, updated_at)
SELECT %(asset)s, %(member)s, %(user)s, t, t + interval '1 hour', t, t + interval '1 hour', 'completed',
    'Bench export', '', jsonb_build_object('currency', 'EUR', 'tier', 'full', 'lines', jsonb_build_array(
        jsonb_build_object('kind', 'hours', 'description', 'Hours', 'quantity', '1.00',
                           'unit_minor', 5000 + n %% 97 * 100, 'amount_minor', 5000 + n %% 97 * 100)),
        'net_minor', 5000 + n %% 97 * 100, 'vat_rate', '21.00', 'vat_minor', round((5000 + n %% 97 * 100) * 0.21),
        'total_minor', 5000 + n %% 97 * 100 + round((5000 + n %% 97 * 100) * 0.21)), now(), now()
FROM (SELECT n, %(base)s::timestamptz + n * interval '2 seconds' AS t FROM generate_series(1, %(rows)s) n) slots;
INSERT INTO billing_reservationcharge (reservation_id, kind, currency, net_minor, vat_minor, total_minor, due_at,
    updated_at)
SELECT id, 'completed', 'EUR', (quote->>'net_minor')::bigint, (quote->>'vat_minor')::bigint,
    (quote->>'total_minor')::bigint, "end", now()
FROM bookings_reservation WHERE asset_id = %(asset)s;
INSERT INTO billing_costshare (reservation_id, member_id, weight, currency, amount_minor, vat_minor, state,
    accepted_amount_minor, accepted_currency, decided_at, created_at)
SELECT id, %(member)s, 1, 'EUR', (quote->>'total_minor')::bigint, (quote->>'vat_minor')::bigint, 'accepted',
    (quote->>'total_minor')::bigint, 'EUR', now(), now()
FROM bookings_reservation WHERE asset_id = %(asset)s;
"""


def prepare(rows: int) -> dict:
    """The member, asset and `rows` completed bookings, billed by closing October 2025 (done once per size)."""
    from django.db import connection

    from accounts.models import Member, Membership, User
    from assets.models import Asset
    from billing import services
    from billing.models import BillingPeriod, CostShare

    member, _ = Member.objects.get_or_create(name="Bench export", defaults={"tax_id": "BEXPORT", "cost_centre": "CC-9"})
    user, _ = User.objects.get_or_create(username="bench-export-accountant", defaults={"is_accountant": True})
    Membership.objects.get_or_create(user=user, member=member)
    asset, _ = Asset.objects.get_or_create(name="Bench export asset", defaults={"kind": "cellar"})
    period = services.billing_period_for(year=BASE.year, month=BASE.month)
    present = CostShare.objects.filter(member=member, reservation__asset=asset).count()
    timings = {}
    if present != rows or period.state != BillingPeriod.State.CLOSED:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM billing_statementline WHERE statement_id IN "
                           "(SELECT id FROM billing_statement WHERE period_id = %s)", [period.id])  # fmt: skip
            cursor.execute("DELETE FROM billing_statement WHERE period_id = %s", [period.id])
            cursor.execute("UPDATE billing_billingperiod SET state = 'open', closed_at = NULL WHERE id = %s",
                           [period.id])  # fmt: skip
            for table in ("billing_costshare", "billing_reservationcharge"):
                cursor.execute(f"DELETE FROM {table} WHERE reservation_id IN "  # noqa: S608
                               "(SELECT id FROM bookings_reservation WHERE asset_id = %s)", [asset.id])  # fmt: skip
            cursor.execute("DELETE FROM bookings_reservation WHERE asset_id = %s", [asset.id])
            began = time.perf_counter()
            cursor.execute(FILL, {"asset": asset.id, "member": member.id, "user": user.id, "rows": rows,
                                  "base": BASE})  # fmt: skip
            cursor.execute("ANALYZE bookings_reservation, billing_reservationcharge, billing_costshare")
            timings["fill_s"] = round(time.perf_counter() - began, 1)
        period.refresh_from_db()
        began = time.perf_counter()
        services.billing_period_close(period=period, by=user, now=BASE + timedelta(days=40))
        timings["close_s"] = round(time.perf_counter() - began, 1)
    return {"period": period, "timings": timings}


def export(kind: str, rows: int) -> dict:
    start = BASE + timedelta(hours=1)
    end = start + SPACING * rows + timedelta(seconds=1)
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.export_worker", kind, start.isoformat(), end.isoformat()],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    outcome = json.loads(done.stdout)
    outcome["growth_mb"] = (outcome["rss_peak_kb"] - outcome["rss_before_kb"]) / 1024
    return outcome


def run(bench) -> list[Result]:
    from django.db.models import Sum

    from billing.models import StatementLine

    big, small, sheet = bench.size(1_000_000, 2_000), bench.size(100_000, 200), bench.size(100_000, 200)
    prepared = prepare(big)
    statements_total = StatementLine.objects.filter(statement__period=prepared["period"]).aggregate(
        t=Sum("amount_minor")
    )["t"]
    first = export("csv", big)
    second = export("csv-sum", big)
    hundred_k = export("csv", small)
    xlsx = export("xlsx", sheet)

    exported = Decimal(second["gross"].get("EUR", "0")) * 100
    identical = first["sha256"] == second["sha256"] and first["rows"] == big
    sums_match = exported == statements_total
    growth, growth_small = first["growth_mb"], hundred_k["growth_mb"]
    flat = growth <= growth_small * 1.1 + 1  # within 10 %, with 1 MB of slack for allocator noise at tiny sizes
    time_ratio, time_ok = within(first["seconds"], 30)
    memory_ratio, memory_ok = within(growth, 100)
    label = f"{big:,}"
    return [
        Result(f"6. Export CSV {label} rows: time", "≤ 30 s", round(first["seconds"], 1), "s", time_ok, time_ratio,
               detail={"bytes": first["bytes"], **prepared["timings"]}),
        Result(f"6. Export CSV {label} rows: peak RSS growth", "≤ 100 MB", round(growth, 1), "MB", memory_ok,
               memory_ratio),
        Result(f"6. Export CSV: RSS growth at {label} vs {small:,} rows", "within 10 %", round(growth, 1),
               f"MB vs {growth_small:.1f} MB", flat, detail={"judged_in_smoke": True}),
        Result("6. Export CSV: byte-identical across two runs", "identical", first["sha256"][:12], "sha256", identical,
               detail={"second": second["sha256"][:12], "rows": first["rows"], "judged_in_smoke": True}),
        Result("6. Export CSV: billed gross = statements' total", "equal", float(exported / 100), "EUR",
               sums_match, detail={"statements_minor": statements_total, "judged_in_smoke": True}),
        Result(f"6. Export XLSX {sheet:,} rows: time", "reported", round(xlsx["seconds"], 1), "s", None,
               detail={"bytes": xlsx["bytes"]}),
        Result(f"6. Export XLSX {sheet:,} rows: peak RSS growth", "reported", round(xlsx["growth_mb"], 1), "MB", None),
        Result(f"6. Closing the month of {label} charges (billing service)", "reported",
               prepared["timings"].get("close_s"), "s", None, detail=prepared["timings"]),
    ]  # fmt: skip
