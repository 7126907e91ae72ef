"""Figure 3: availability on the bench_data dataset (1,000 assets × 365 days × 4, about 1.4M reservations).

Each case is sent sequentially (concurrency 1) to gunicorn with varied, seeded windows and assets; the
end-to-end p95 is judged. In process, one request per case is recorded statement by statement: the
count is judged (≤ 5 whatever the number of assets), and each statement's EXPLAIN (ANALYZE, BUFFERS)
is saved; their execution times add up to the time spent in the database, and no plan may read the
reservations table sequentially.
"""

import random
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from tests.bench.harness import Result, explain, load, statements_of, within

SEQ_SCAN = "Seq Scan on bookings_reservation"


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def cases(described: dict, rng: random.Random, count: int) -> dict[str, list[str]]:
    first, last = date.fromisoformat(described["start"]), date.fromisoformat(described["end"])
    span = (last - first).days

    def day(margin: int) -> datetime:
        return datetime.combine(first + timedelta(days=rng.randrange(max(1, span - margin))), time(0), UTC)

    week, two_hours, month = [], [], []
    for _ in range(count):
        start = day(7)
        asset = rng.choice(described["assets"])
        week.append(f"/api/v1/assets/{asset}/availability/?" + urlencode(
            {"start": iso(start), "end": iso(start + timedelta(days=7))}))  # fmt: skip
        start = day(1) + timedelta(hours=rng.randrange(7, 20))
        two_hours.append(
            "/api/v1/availability/?" + urlencode({"start": iso(start), "end": iso(start + timedelta(hours=2))})
        )
        start = day(30)
        month.append("/api/v1/availability/?" + urlencode(
            {"group": rng.choice(described["groups"]), "start": iso(start), "end": iso(start + timedelta(days=30)),
             "intervals": "true"}))  # fmt: skip
    return {
        "1 asset × 7 days": week,
        f"free among all {len(described['assets']):,} assets, 2 h window": two_hours,
        "50 assets × 30 days (intervals)": month,
    }


TARGETS = {"1 asset × 7 days": 30, "free among": 50, "50 assets × 30 days": 150}


def run(bench) -> list[Result]:
    from accounts.models import User

    described = bench.dataset()
    token = bench.token(User.objects.get(id=described["users"]["bookers"][0]))
    server = bench.server()
    rng = random.Random(3)
    results, counts = [], {}
    for name, paths in cases(described, rng, bench.size(300, 10)).items():
        limit = next(ms for prefix, ms in TARGETS.items() if name.startswith(prefix))
        load(server.url, [{"path": p, "token": token} for p in paths[:20]], concurrency=1)  # warm up
        outcome = load(server.url, [{"path": p, "token": token} for p in paths], concurrency=1)
        ratio, passed = within(outcome["p95_ms"], limit)
        ok = outcome["statuses"] == {"200": len(paths)}
        detail = {k: outcome[k] for k in ("p50_ms", "p99_ms", "statuses")}
        results.append(Result(f"3. Availability {name}: p95", f"≤ {limit} ms", round(outcome["p95_ms"], 1), "ms",
                              passed and ok, ratio, detail=detail))  # fmt: skip

        statements, status = statements_of(paths[0], token)
        plans, database_ms = explain(statements)
        slug = name.split(",")[0].replace(" ", "-").replace("×", "x")
        bench.artifact(f"explain-availability-{slug}.txt").write_text(plans)
        counts[name] = len(statements)
        if name.startswith("1 asset"):
            ratio, passed = within(database_ms, 10)
            results.append(Result(f"3. Availability {name}: time in the database", "≤ 10 ms", round(database_ms, 2),
                                  "ms", passed, ratio))  # fmt: skip
        else:
            results.append(Result(f"3. Availability {name}: time in the database", "reported", round(database_ms, 2),
                                  "ms", None))  # fmt: skip
        sequential = SEQ_SCAN in plans
        results.append(Result(
            f"3. Availability {name}: reservations read through an index", "no seq scan",
            "seq scan" if sequential else "index", "", None if bench.smoke else not sequential and status == 200,
            detail={"artifact": f"explain-availability-{slug}.txt"},
        ))  # fmt: skip
    most = max(counts.values())
    results.append(Result("3. Availability: SQL statements per request (max over cases, auth included)", "≤ 5", most,
                          "", most <= 5, detail={"counts": counts, "judged_in_smoke": True}))  # fmt: skip
    return results
