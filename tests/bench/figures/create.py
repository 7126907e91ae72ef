"""Figure 1: reservation create throughput and latency — the API, a plain Django view, and pgbench.

(a) POST /api/v1/reservations/ and (b) POST /bench/plain-create/ (tests/bench/views.py: the same SQL
without DRF, the ORM or the rules in Python) on one gunicorn with the bench settings, closed loop at
concurrency 10 and 50, every request for a free slot (so every answer is a 201); then the API open loop
at 70 % of its peak for p99. (c) pgbench with one INSERT per transaction into the same constrained table.
"""

import re
import subprocess
import time

from tests.bench import scene
from tests.bench.harness import Result, api_client, at_least, libpq_url, load, recorded_statements, within

API = "/api/v1/reservations/"
PLAIN = "/bench/plain-create/"

PGBENCH_INSERT = """\
INSERT INTO {table} (asset_id, member_id, booked_by_id, start, "end", blocked_start, blocked_end, status,
    title, notes, created_at, updated_at)
SELECT :first_asset + n % :assets, :member, :user, t, t + interval '1 hour', t, t + interval '1 hour',
    'approved', 'pgbench', '', now(), now()
FROM (SELECT n, timestamptz '{day_zero}' + (n / :assets) * interval '1 hour' AS t
      FROM (SELECT nextval('{sequence}') AS n) s) slot;
"""


def pgbench(bench, script: str, *, clients: int, seconds: int, variables: dict) -> dict:
    """Run pgbench with `script` on the bench database; returns {tps, latency_ms, transactions}."""
    path = bench.artifact(f"pgbench-{abs(hash(script)) % 10**8}.sql")
    path.write_text(script)
    command = ["pgbench", "-n", "-c", str(clients), "-j", str(min(clients, 2)), "-T", str(seconds), "-f", str(path)]
    command += [f"-D{name}={value}" for name, value in variables.items()]
    done = subprocess.run([*command, libpq_url(bench.database_url)], capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"pgbench failed: {done.stderr[-2000:]}")
    tps = float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", done.stdout).group(1))
    latency = float(re.search(r"latency average = ([\d.]+) ms", done.stdout).group(1))
    transactions = int(re.search(r"number of transactions actually processed: (\d+)", done.stdout).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", done.stdout)
    return {
        "tps": tps, "latency_ms": latency, "transactions": transactions,
        "failed": int(failed.group(1)) if failed else 0, "clients": clients,
    }  # fmt: skip


def pgbench_variables(asset_list, user) -> dict:
    return {
        "first_asset": asset_list[0].id,
        "assets": len(asset_list),
        "member": user.memberships.get().member_id,
        "user": user.id,
    }


def insert_script(table: str, sequence: str, start_hour: int) -> str:
    day_zero = scene.day_zero()
    return PGBENCH_INSERT.format(table=table, sequence=sequence, day_zero=day_zero.isoformat()).replace(
        "(n / :assets)", f"({start_hour} + n / :assets)"
    )


def profile(bench, token: str, slots: "scene.Slots", count: int) -> dict:
    """Where an API create's time goes: pyinstrument over `count` in-process creates, and its SQL statements."""
    import json

    from pyinstrument import Profiler

    client = api_client(token)

    def create(asset_id, start, end):
        body = json.dumps({"asset": asset_id, "start": start.isoformat(), "end": end.isoformat(), "title": "bench"})
        response = client.post(API, body, content_type="application/json")
        assert response.status_code == 201, response.content

    for slot in slots.take(20):
        create(*slot)
    with recorded_statements() as statements:
        create(*slots.take(1)[0])
    profiler = Profiler(interval=0.001)
    began = time.perf_counter()
    with profiler:
        for slot in slots.take(count):
            create(*slot)
    per_request = (time.perf_counter() - began) / count * 1000
    bench.artifact("create-profile.txt").write_text(profiler.output_text(unicode=True, color=False))
    bench.artifact("create-profile.html").write_text(profiler.output_html())
    bench.artifact("create-queries.sql").write_text("\n".join(sql for sql, _params in statements))
    return {"queries": len(statements), "in_process_ms": per_request}


def run(bench) -> list[Result]:
    asset_list = scene.assets("create", 50)
    scene.wipe(asset_list)
    user = scene.booker()
    token = bench.token(user)
    slots = scene.Slots([a.id for a in asset_list])
    server = bench.start_server(DJANGO_SETTINGS_MODULE="tests.bench.settings")
    count = bench.size(3000, 40)

    def measure(path: str, concurrency: int, *, total: int = count, rate: float | None = None) -> dict:
        requests = [scene.create_request(a, s, e, token, path) for a, s, e in slots.take(total)]
        outcome = load(server.url, requests, concurrency=concurrency, rate=rate)
        outcome["not_201"] = total - outcome["statuses"].get("201", 0)
        return outcome

    measure(API, 10, total=bench.size(300, 10))  # warm-up: imports, connections, caches
    runs = {
        (kind, concurrency): measure(path, concurrency)
        for concurrency in (10, 50)
        for kind, path in (("api", API), ("plain", PLAIN))
    }
    peak = max(runs["api", 10]["throughput_rps"], runs["api", 50]["throughput_rps"])
    paced_rate = 0.7 * peak
    paced = measure(API, 50, total=int(paced_rate * bench.size(15, 1)) or 1, rate=paced_rate)
    server.stop()
    profiled = profile(bench, token, slots, bench.size(300, 20))

    # (c) pgbench: the same single-row insert, straight into the constrained table.
    sequence = "bench_pgbench_slot"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP SEQUENCE IF EXISTS {sequence}; CREATE SEQUENCE {sequence}")
    database = pgbench(
        bench, insert_script("bookings_reservation", sequence, slots.next_hour + 1),
        clients=10, seconds=bench.size(10, 2), variables=pgbench_variables(asset_list, user),
    )  # fmt: skip
    scene.wipe(asset_list)

    results = [
        Result("1. Create API: SQL statements per request", "reported", profiled["queries"], "", None,
               detail={"artifact": "create-queries.sql"}),
        Result("1. Create API in process, one thread (pyinstrument on)", "reported",
               round(profiled["in_process_ms"], 1), "ms", None, detail={"artifact": "create-profile.txt"}),
    ]  # fmt: skip
    errors = {f"{kind} c{c}": run["not_201"] for (kind, c), run in runs.items()} | {"api paced": paced["not_201"]}
    all_created = not any(errors.values())
    for concurrency in (10, 50):
        api, plain = runs["api", concurrency], runs["plain", concurrency]
        ratio = api["throughput_rps"] / plain["throughput_rps"]
        results.append(
            Result(
                f"1. Create API c{concurrency}: throughput", "≥ 250/s", round(api["throughput_rps"], 1), "/s",
                at_least(api["throughput_rps"], 250)[1] and all_created, at_least(api["throughput_rps"], 250)[0],
                detail={k: api[k] for k in ("p50_ms", "p95_ms", "p99_ms", "statuses", "requests")},
            )
        )  # fmt: skip
        results.append(
            Result(
                f"1. Create plain Django c{concurrency}: throughput", "baseline", round(plain["throughput_rps"], 1),
                "/s", None, detail={k: plain[k] for k in ("p50_ms", "p95_ms", "p99_ms", "statuses", "requests")},
            )
        )  # fmt: skip
        results.append(
            Result(f"1. Create API ÷ plain Django c{concurrency}", "≥ 0.6×", round(ratio, 2), "×", ratio >= 0.6,
                   round(ratio / 0.6, 3))
        )  # fmt: skip
        for kind, run_ in (("API", api), ("plain", plain)):
            results.append(
                Result(f"1. Create {kind} c{concurrency}: p50 / p99", "reported",
                       round(run_["p50_ms"], 1), f"ms / {run_['p99_ms']:.1f} ms", None)
            )  # fmt: skip
    ratio, passed = within(paced["p99_ms"], 60)
    results.append(
        Result(
            f"1. Create API p99 at 70 % of peak ({paced_rate:.0f}/s)", "≤ 60 ms", round(paced["p99_ms"], 1), "ms",
            passed, ratio, detail={k: paced[k] for k in ("p50_ms", "p95_ms", "p99_ms", "throughput_rps", "statuses")},
        )
    )  # fmt: skip
    results.append(
        Result("1. pgbench single-row insert c10", "database limit", round(database["tps"], 0), "/s", None,
               detail=database)
    )  # fmt: skip
    results.append(
        Result("1. Create API c10 ÷ pgbench c10", "distance to the database",
               round(runs["api", 10]["throughput_rps"] / database["tps"], 3), "×", None)
    )  # fmt: skip
    results.append(Result("1. Create: every request got its 201", "all", sum(errors.values()), "not 201",
                          all_created, detail={"errors": errors, "judged_in_smoke": True}))  # fmt: skip
    return results
