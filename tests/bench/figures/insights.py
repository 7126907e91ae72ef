"""Issue 12's figure: a year of cluster insights on the bench_data dataset, as the accountant asks for them.

Utilisation of one asset group (50 assets) and the member figures (40 companies, all groups) for the
dataset's year, repeated with different groups; p95 over loopback and the SQL statement count in process.
Both read the daily roll-ups; the days that earlier figures' bookings touched are rolled up first, and timed.
"""

import random
import time
from datetime import date, timedelta
from urllib.parse import urlencode

from tests.bench.harness import Result, load, statements_of, within


def run(bench) -> list[Result]:
    from accounts.models import User
    from insights import rollups

    described = bench.dataset()
    began = time.perf_counter()
    refreshed = {"days": rollups.refresh(), "seconds": round(time.perf_counter() - began, 1)}
    if refreshed["days"]:
        from django.db import connection

        # As autovacuum soon would after so many rewritten rows: it sets the visibility map for index-only reads.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE insights_assetday, insights_memberday")
    token = bench.token(User.objects.get(id=described["users"]["accountant"]))
    first = date.fromisoformat(described["start"])
    window = {"from": first.isoformat(), "to": (first + timedelta(days=364)).isoformat()}
    rng = random.Random(7)
    count = bench.size(40, 4)
    server = bench.server()
    results = []
    for name, path, groups in (
        ("utilisation, 1 group × 1 year", "/api/v1/insights/utilisation/", True),
        ("members, 1 year", "/api/v1/insights/members/", False),
    ):
        paths = [f"{path}?" + urlencode({**window, **({"group": rng.choice(described["groups"])} if groups else {})})
                 for _ in range(count)]  # fmt: skip
        statements, status = statements_of(paths[0], token)
        # Warm every worker thread first (5 × 2), as the lists figure does: the first request a process serves
        # pays for its imports, its connection and its cache of opening patterns.
        load(server.url, [{"path": p, "token": token} for p in paths[:20]], concurrency=1)
        outcome = load(server.url, [{"path": p, "token": token} for p in paths], concurrency=1)
        ratio, passed = within(outcome["p95_ms"], 300)
        ok = outcome["statuses"] == {"200": count} and status == 200
        results.append(Result(f"12. Insights {name}: p95", "≤ 300 ms", round(outcome["p95_ms"], 1), "ms",
                              passed and ok, ratio,
                              detail={"p50_ms": outcome["p50_ms"], "statements": len(statements),
                                      "statuses": outcome["statuses"], "refreshed_first": refreshed}))  # fmt: skip
    return results
