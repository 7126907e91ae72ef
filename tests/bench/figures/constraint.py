"""Figure 4: what the no-double-booking guarantee costs PostgreSQL.

Two copies of the reservations table, identical (columns, checks, every index) but for one: bench_gist
keeps the GiST exclusion constraint, bench_btree has a unique btree on (asset_id, start) instead.
pgbench inserts single rows into each at concurrency 10; then 100k rows go in one INSERT.
"""

import time

from tests.bench import scene
from tests.bench.figures.create import insert_script, pgbench, pgbench_variables
from tests.bench.harness import Result

TABLES = """
DROP TABLE IF EXISTS bench_gist, bench_btree;
DROP SEQUENCE IF EXISTS bench_gist_slot, bench_btree_slot;
CREATE SEQUENCE bench_gist_slot;
CREATE SEQUENCE bench_btree_slot;
CREATE TABLE bench_gist (LIKE bookings_reservation INCLUDING ALL);
CREATE TABLE bench_btree (LIKE bookings_reservation INCLUDING ALL);
DO $$
DECLARE name text;
BEGIN
    SELECT conname INTO name FROM pg_constraint WHERE conrelid = 'bench_btree'::regclass AND contype = 'x';
    EXECUTE format('ALTER TABLE bench_btree DROP CONSTRAINT %I', name);
END $$;
CREATE UNIQUE INDEX ON bench_btree (asset_id, start);
"""

BULK = """
INSERT INTO {table} (asset_id, member_id, booked_by_id, start, "end", blocked_start, blocked_end, status,
    title, notes, created_at, updated_at)
SELECT {first_asset} + n % {assets}, {member}, {user}, t, t + interval '1 hour', t, t + interval '1 hour',
    'approved', 'bulk', '', now(), now()
FROM (SELECT n, timestamptz '2030-01-01' + (n / {assets}) * interval '1 hour' AS t
      FROM generate_series(0, {rows} - 1) n) slot
"""


def execute(statements: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statements)


def indexes(table: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexdef", [table])
        return [row[0] for row in cursor.fetchall()]


def run(bench) -> list[Result]:
    asset_list = scene.assets("constraint", 50)
    user = scene.booker()
    variables = pgbench_variables(asset_list, user)
    execute(TABLES)
    single = {}
    seconds = bench.size(15, 2)
    # Alternate the two tables so drift in the machine's speed hits both alike.
    for table in ("bench_btree", "bench_gist", "bench_btree", "bench_gist"):
        outcome = pgbench(bench, insert_script(table, f"{table}_slot", 0), clients=10, seconds=seconds,
                          variables=variables)  # fmt: skip
        single.setdefault(table, []).append(outcome["tps"])
    tps = {table: sum(runs) / len(runs) for table, runs in single.items()}

    rows = bench.size(100_000, 2_000)
    bulk = {}
    for table in ("bench_btree", "bench_gist"):
        execute(f"TRUNCATE {table}")
        began = time.perf_counter()
        execute(BULK.format(table=table, rows=rows, **variables))
        bulk[table] = time.perf_counter() - began
    bench.artifact("constraint-indexes.txt").write_text(
        "\n".join(f"{table}:\n  " + "\n  ".join(indexes(table)) for table in ("bench_gist", "bench_btree"))
    )
    # Gone before the next figure: autovacuum would otherwise work through their 200,000 rows while it measures.
    execute("DROP TABLE bench_gist, bench_btree; DROP SEQUENCE bench_gist_slot, bench_btree_slot")

    ratio = tps["bench_gist"] / tps["bench_btree"]
    return [
        Result(
            "4. Single-row inserts c10: GiST exclusion ÷ btree unique",
            "≥ 0.8×",
            round(ratio, 3),
            "×",
            ratio >= 0.8,
            round(ratio / 0.8, 3),
            detail={"tps": {t: round(v) for t, v in tps.items()}, "runs": single},
        ),  # fmt: skip
        Result("4. Single-row inserts c10 into the GiST table", "reported", round(tps["bench_gist"]), "/s", None),
        Result(
            f"4. Bulk insert of {rows:,} rows: GiST ÷ btree time",
            "reported (≈ 5× expected)",
            round(bulk["bench_gist"] / bulk["bench_btree"], 2),
            "×",
            None,
            detail={"seconds": {t: round(v, 2) for t, v in bulk.items()}},
        ),  # fmt: skip
    ]
