"""Issue 17's figure: what the costliest recurrence rules cost, as a series dry run over HTTP.

Before expansion was bounded, dateutil searched such rules day by day until year 9999 (3–5 s of CPU each);
now every rule is expanded up to the asset's horizon and at most a year past it. Each rule is posted as a
dry run for an always-open asset with a one-year horizon, first occurrence on a Monday (some rules only
never match from a Monday), repeated; p95 over all of them, and the slowest rule's p95 as information.
"""

from datetime import timedelta

from tests.bench import scene
from tests.bench.harness import Result, load, within

# Rules that match rarely or never, so that an unbounded search walks the calendar to year 9999, and one that
# is merely big (366 occurrences, each checked against the asset's rules).
WORST_RULES = [
    "FREQ=DAILY;BYMONTHDAY=-29;BYMONTH=2;BYDAY=MO;COUNT=366",
    "FREQ=DAILY;BYMONTHDAY=-29;BYMONTH=2;BYDAY=MO;UNTIL=99991231",
    "FREQ=DAILY;INTERVAL=2;BYMONTHDAY=1,3,5;BYMONTH=2;BYDAY=MO;COUNT=366",
    "FREQ=DAILY;INTERVAL=7;BYDAY=TU;COUNT=2",
    "FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO;COUNT=366",
    "FREQ=MONTHLY;BYDAY=5MO;BYMONTH=2;COUNT=366",
    "FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR;BYSETPOS=2;COUNT=2",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO;COUNT=366",
    "FREQ=YEARLY;BYSETPOS=-366;BYMONTH=2;COUNT=2",
    "FREQ=DAILY;COUNT=366",
]
PATH = "/api/v1/series/"


def run(bench) -> list[Result]:
    from assets.models import Asset

    user = scene.booker()
    asset = scene.assets("recurrence", 1)[0]
    Asset.objects.filter(id=asset.id).update(max_horizon=timedelta(days=366))
    monday = scene.day_zero() + timedelta(days=-scene.day_zero().weekday())
    start, end = monday + timedelta(hours=10), monday + timedelta(hours=11)
    token = bench.token(user)
    body = {"asset": asset.id, "start": start.isoformat(), "end": end.isoformat(), "title": "bench", "dry_run": True}
    repeats = bench.size(20, 2)
    requests = [
        {"method": "POST", "path": PATH, "body": {**body, "rrule": rule}, "token": token}
        for _ in range(repeats)
        for rule in WORST_RULES
    ]
    server = bench.server()
    load(server.url, requests[: len(WORST_RULES)], concurrency=1)  # warm the workers
    overall = load(server.url, requests, concurrency=1)
    by_rule = {
        rule: load(server.url, [r for r in requests if r["body"]["rrule"] == rule][:repeats], concurrency=1)
        for rule in WORST_RULES
    }
    slowest = max(by_rule, key=lambda rule: by_rule[rule]["p95_ms"])
    statuses_ok = set(overall["statuses"]) <= {"200", "400", "409"}
    ratio, passed = within(overall["p95_ms"], 200)
    return [
        Result("17. Series dry run, costliest rules: p95", "≤ 200 ms", round(overall["p95_ms"], 1), "ms",
               passed and statuses_ok, ratio,
               detail={"p50_ms": overall["p50_ms"], "statuses": overall["statuses"],
                       "p95_ms_by_rule": {rule: round(r["p95_ms"], 1) for rule, r in by_rule.items()}}),
        Result("17. Series dry run: slowest rule's p95", "reported", round(by_rule[slowest]["p95_ms"], 1), "ms",
               None, detail={"rule": slowest}),
    ]  # fmt: skip
