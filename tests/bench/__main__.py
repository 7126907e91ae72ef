"""`python -m tests.bench [--smoke] [--only create,races]`: run the benchmarks, print the table, write the results.

Full run (`make bench`): PostgreSQL database sinergia_bench (built with bench_data on first use),
gunicorn with the production settings, 5 workers. `--smoke` (run by `make test`) runs every figure with
tiny sizes against a database of its own (sinergia_bench_smoke_<pid>, dropped at the end), so the benchmark
code cannot rot; its targets are not judged.
"""

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from tests.bench.harness import (
    BACKEND,
    RESULTS_DIR,
    Bench,
    Result,
    database_named,
    drop_database,
    ensure_database,
    server_env,
)

FIGURES = ["create", "races", "constraint", "availability", "lists", "export", "insights", "recurrence", "release"]


def machine() -> dict:
    def read(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return ""

    cpu = next((line.split(":", 1)[1].strip() for line in read(["cat", "/proc/cpuinfo"]).splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    memory_kb = next((int(line.split()[1]) for line in read(["cat", "/proc/meminfo"]).splitlines()
                      if line.startswith("MemTotal")), 0)  # fmt: skip
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql": postgres,
        "kernel": platform.release(),
    }


def fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def verdict(result: Result) -> str:
    return {True: "pass", False: "FAIL", None: "info"}[result.passed]


def table(results: list[Result]) -> str:
    rows = [["figure", "target", "measured", "ratio", "result"]]
    rows += [[r.figure, r.target, f"{fmt(r.measured)} {r.unit}".strip(), fmt(r.ratio), verdict(r)] for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, targets not judged")
    parser.add_argument("--only", default="", help="comma-separated figures: " + ",".join(FIGURES))
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11"))
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR, help="where the reports are written")
    args = parser.parse_args()
    figures = [name for name in args.only.split(",") if name] or FIGURES
    unknown = set(figures) - set(FIGURES)
    if unknown:
        parser.error(f"unknown figures: {', '.join(sorted(unknown))}")

    if args.database_url:
        database_url = args.database_url
    else:
        base = "postgres://postgres@127.0.0.1:5432/postgres"
        database_url = database_named(base, f"sinergia_bench_smoke_{os.getpid()}" if args.smoke else "sinergia_bench")
    ensure_database(database_url)
    try:
        return run(args, figures, database_url)
    finally:
        if args.smoke and not args.database_url:
            drop_database(database_url)


def run(args: argparse.Namespace, figures: list[str], database_url: str) -> int:
    os.environ.update(server_env(database_url, args.redis_url))
    sys.path.insert(0, str(BACKEND))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    results_dir = args.results_dir
    run_dir = results_dir / "runs" / f"{'smoke' if args.smoke else 'bench'}-{stamp}"
    run_dir.mkdir(parents=True, exist_ok=True)
    bench = Bench(smoke=args.smoke, database_url=database_url, redis_url=args.redis_url, run_dir=run_dir)
    results: list[Result] = []
    began = time.perf_counter()
    try:
        for name in figures:
            print(f"== {name} ==", flush=True)
            figure_began = time.perf_counter()
            try:
                produced = importlib.import_module(f"tests.bench.figures.{name}").run(bench)
            except Exception as error:  # noqa: BLE001 — one broken figure must not hide the others
                traceback.print_exc()
                produced = [Result(name, "runs", None, "", False, detail={"error": repr(error)})]
            for result in produced:
                if args.smoke and result.passed is not None and not result.detail.get("judged_in_smoke"):
                    result.detail["target_met"] = result.passed
                    result.passed = None
                print(f"  {result.figure}: {fmt(result.measured)} {result.unit} ({verdict(result)})", flush=True)
            results += produced
            print(f"   ({time.perf_counter() - figure_began:.0f} s)", flush=True)
    finally:
        bench.stop_servers()

    report = {
        "when": stamp,
        "smoke": args.smoke,
        "machine": machine(),
        "workers": bench.workers,
        "threads": bench.threads,
        "seconds": round(time.perf_counter() - began, 1),
        "results": [r.as_dict() for r in results],
    }
    rendered = table(results)
    info = report["machine"]
    markdown = (
        f"# Sinergia benchmarks{' (smoke)' if args.smoke else ''}, {stamp}\n\n"
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB; PostgreSQL "
        f"{info['postgresql']}; Python {info['python']}; gunicorn {bench.workers} workers × {bench.threads} "
        f"threads (gthread), production settings. Total {report['seconds']} s.\n\n{rendered}\n"
    )
    prefix = "smoke" if args.smoke else "bench"
    for name in (f"{prefix}-{stamp}", f"{prefix}-latest"):
        (results_dir / f"{name}.json").write_text(json.dumps(report, indent=2, default=str))
        (results_dir / f"{name}.md").write_text(markdown)
    print("\n" + rendered)
    print(f"\nwritten to {results_dir / (prefix + '-latest')}.{{json,md}}; artifacts in {run_dir}")
    return 1 if any(r.passed is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
