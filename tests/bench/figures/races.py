"""Figure 2: races through the real server. Every answer is counted and every acknowledged booking checked."""

import random
from datetime import timedelta

from tests.bench import scene
from tests.bench.harness import Result, load

API = "/api/v1/reservations/"

# Blocking reservations of the given assets that overlap another blocking one on the same asset.
OVERLAPPING_PAIRS = """
SELECT count(*) FROM bookings_reservation a JOIN bookings_reservation b
  ON a.asset_id = b.asset_id AND a.id < b.id
 AND a.blocked_start < b.blocked_end AND b.blocked_start < a.blocked_end
WHERE a.asset_id = ANY(%s) AND a.status IN ('pending', 'approved') AND b.status IN ('pending', 'approved')
"""


def sql(query: str, params: list) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def one_slot(bench, server, token, asset, repeats: int, clients: int) -> Result:
    """`clients` POSTs for the same slot at once, `repeats` times: exactly one 201 each time."""
    slots = scene.Slots([asset.id])
    tallies, wrong = [], []
    for _ in range(repeats):
        asset_id, start, end = slots.take(1)[0]
        request = scene.create_request(asset_id, start, end, token, API)
        outcome = load(server.url, [request] * clients, concurrency=clients)
        stored = sql(
            "SELECT count(*) FROM bookings_reservation WHERE asset_id = %s AND start = %s AND status = 'approved'",
            [asset_id, start],
        )[0][0]
        statuses = outcome["statuses"]
        tallies.append(statuses)
        if statuses != {"201": 1, "409": clients - 1} or stored != 1:
            wrong.append({"statuses": statuses, "stored": stored})
    return Result(
        f"2. {clients} concurrent POSTs for one slot × {repeats}", f"1 × 201 + {clients - 1} × 409 every time",
        repeats - len(wrong), f"of {repeats} exact", not wrong,
        detail={"wrong": wrong, "first": tallies[0], "judged_in_smoke": True},
    )  # fmt: skip


def storm(bench, server, token, asset_list, count: int) -> Result:
    """`count` random requests over the assets (half need approval), then an offline overlap check."""
    scene.wipe(asset_list)
    rng = random.Random(1)
    base = scene.day_zero()
    requests = []
    for _ in range(count):
        asset = rng.choice(asset_list)
        start = base + timedelta(minutes=30 * rng.randrange(0, 2 * 24 * 7))
        end = start + timedelta(minutes=30 * rng.randint(1, 8))
        requests.append(scene.create_request(asset.id, start, end, token, API))
    outcome = load(server.url, requests, concurrency=50, keep_bodies=True)
    acknowledged = [body["id"] for status, body in outcome["outcomes"] if status == 201]
    ids = [asset.id for asset in asset_list]
    stored = {row[0] for row in sql("SELECT id FROM bookings_reservation WHERE asset_id = ANY(%s)", [ids])}
    pairs = sql(OVERLAPPING_PAIRS, [ids])[0][0]
    missing = len(set(acknowledged) - stored)
    unacknowledged = len(stored - set(acknowledged))
    statuses = outcome["statuses"]
    unexpected = {s: n for s, n in statuses.items() if s not in ("201", "409")}
    return Result(
        f"2. Storm of {count:,} random requests over {len(asset_list)} assets: overlapping pairs", "0", pairs,
        "pairs", pairs == 0 and not missing and not unacknowledged and not unexpected,
        detail={
            "statuses": statuses, "acknowledged": len(acknowledged), "acknowledged_not_stored": missing,
            "stored_not_acknowledged": unacknowledged, "throughput_rps": round(outcome["throughput_rps"], 1),
            "p99_ms": outcome["p99_ms"], "judged_in_smoke": True,
        },
    )  # fmt: skip


def approvals(bench, server, asset, requester, manager, clients: int, repeats: int) -> Result:
    """`clients` pending requests for one slot (competing), approved by `clients` concurrent calls: one wins."""
    from bookings import services

    slots = scene.Slots([asset.id])
    token = bench.token(manager)
    wrong, tallies = [], []
    for _ in range(repeats):
        _asset_id, start, end = slots.take(1)[0]
        pending = [
            services.reservation_create(
                asset=asset, member=requester.memberships.get().member, by=requester, start=start, end=end,
                title="rival", compete=True,
            ).id
            for _ in range(clients)
        ]  # fmt: skip
        requests = [{"method": "POST", "path": f"{API}{pk}/approve/", "body": {}, "token": token} for pk in pending]
        outcome = load(server.url, requests, concurrency=clients)
        states = dict(
            sql("SELECT status, count(*) FROM bookings_reservation WHERE id = ANY(%s) GROUP BY status", [pending])
        )
        tallies.append(outcome["statuses"])
        if outcome["statuses"].get("200") != 1 or states != {"approved": 1, "rejected": clients - 1}:
            wrong.append({"statuses": outcome["statuses"], "states": states})
    return Result(
        f"2. {clients} concurrent approvals of overlapping requests × {repeats}", "exactly 1 approved every time",
        repeats - len(wrong), f"of {repeats} exact", not wrong,
        detail={"wrong": wrong, "first": tallies[0], "judged_in_smoke": True},
    )  # fmt: skip


def run(bench) -> list[Result]:
    instant = scene.assets("race", 25)
    on_approval = scene.assets("race approval", 25, requires_approval=True)
    everything = instant + on_approval
    scene.wipe(everything)
    user = scene.booker()
    manager = scene.manager(on_approval[0].group)
    token = bench.token(user)
    server = bench.server()
    try:
        return [
            one_slot(bench, server, token, instant[0], bench.size(20, 2), bench.size(200, 20)),
            storm(bench, server, token, everything, bench.size(20_000, 300)),
            approvals(bench, server, on_approval[0], user, manager, bench.size(50, 10), bench.size(5, 1)),
        ]
    finally:
        scene.wipe(everything)
