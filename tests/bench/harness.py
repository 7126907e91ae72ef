"""What every benchmark figure shares: results, the bench database, the gunicorn server and the load generator.

A figure module (tests/bench/figures/*.py) exposes `run(bench: Bench) -> list[Result]`. The runner
(`python -m tests.bench`) sets up Django in its own process against the bench database with the
production settings, so a figure can prepare rows with the ORM and inspect them afterwards, while the
requests it measures go over loopback to gunicorn, sent by a separate load-generator process.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[2]
BACKEND = REPO / "backend"
RESULTS_DIR = REPO / "tests" / "bench" / "results"

# DEBUG off: the production settings. The secret only has to be long; nothing leaves this machine.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_LEVEL": "WARNING",
    "EMAIL_URL": "dummymail://",
    "CONN_MAX_AGE": "600",
    # One load generator speaks for many users; the per-user create throttle would measure itself.
    "THROTTLE_RESERVATION_CREATE": "100000000/minute",
    "THROTTLE_LOGIN": "100000000/minute",
    "LOGIN_LOCKOUT": "false",
}
DATASET_FULL = {"assets": 1000, "days": 365, "per_day": 4, "seed": 1}
DATASET_SMOKE = {"assets": 3, "days": 7, "per_day": 2, "seed": 1}
# Requests arrive as they would from nginx: the proxy has terminated TLS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


@dataclass
class Result:
    """One row of the table. `passed` is None for figures that are reported, not judged."""

    figure: str
    target: str
    measured: float | None
    unit: str
    passed: bool | None
    ratio: float | None = None
    detail: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def within(measured: float, limit: float) -> tuple[float, bool]:
    """(ratio, passed) for an upper bound: ratio = measured / limit, passes at ≤ 1."""
    return round(measured / limit, 3) if limit else None, measured <= limit


def at_least(measured: float, floor: float) -> tuple[float, bool]:
    """(ratio, passed) for a lower bound: ratio = measured / floor, passes at ≥ 1."""
    return round(measured / floor, 3) if floor else None, measured >= floor


def database_named(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def libpq_url(url: str) -> str:
    """The same database as a URL that psql and pgbench accept."""
    return url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url


def ensure_database(url: str) -> None:
    """Create the database in `url` if it does not exist (connecting to the server's `postgres` database)."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(libpq_url(database_named(url, "postgres")), autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    """Drop the database in `url` if it exists, ending its connections (for the smoke runs' own databases)."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(libpq_url(database_named(url, "postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, redis_url: str) -> dict:
    env = dict(os.environ, **PRODUCTION_ENV, DATABASE_URL=database_url, REDIS_URL=redis_url)
    env["DJANGO_SETTINGS_MODULE"] = "sinergia.settings"  # not the test settings of a pytest run that started us
    env["PYTHONPATH"] = os.pathsep.join([str(BACKEND), str(REPO)])
    return env


class Server:
    """gunicorn with the production settings and infra/gunicorn.conf.py, on a free loopback port."""

    def __init__(self, env: dict, *, workers: int, threads: int, log: Path, extra_env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = dict(env, **(extra_env or {}))
        env.update(
            WEB_CONCURRENCY=str(workers),
            GUNICORN_THREADS=str(threads),
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_ACCESS_LOG="",
            GUNICORN_MAX_REQUESTS="0",
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(REPO / "infra" / "gunicorn.conf.py"), "sinergia.wsgi"],
            cwd=BACKEND, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self._wait_ready(workers)

    def _wait_ready(self, workers: int) -> None:
        deadline = time.monotonic() + 60
        answered = 0
        # Every worker imports Django on its first request; warm them all before measuring.
        while answered < workers * 4:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"gunicorn did not answer in 60 s:\n{self.log.read_text()[-3000:]}")
            try:
                request = urllib.request.Request(f"{self.url}/healthz", headers=PROXY_HEADERS)
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    answered += response.status == 200
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def load(
    url: str,
    requests: list[dict],
    *,
    concurrency: int,
    rate: float | None = None,
    keep_bodies: bool = False,
    headers: dict | None = None,
) -> dict:
    """Send `requests` ({method, path, body?, token?}) from a separate process (tests/bench/loadgen.py).

    Closed loop at `concurrency` by default; with `rate`, request i is due at i / rate seconds and its
    latency counts from then (no coordinated omission). Returns the load generator's JSON summary.
    """
    spec = {
        "url": url,
        "requests": requests,
        "concurrency": concurrency,
        "rate": rate,
        "keep_bodies": keep_bodies,
        "headers": {**PROXY_HEADERS, **(headers or {})},
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.loadgen"],
        input=json.dumps(spec).encode(), capture_output=True, cwd=REPO, check=False,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"load generator failed:\n{done.stderr.decode()[-3000:]}")
    return json.loads(done.stdout)


@dataclass
class Bench:
    """The run's settings and shared resources, handed to every figure."""

    smoke: bool
    database_url: str
    redis_url: str
    run_dir: Path
    workers: int = 5
    threads: int = 2
    servers: list = field(default_factory=list)
    _server: "Server | None" = None

    def size(self, full, smoke):
        return smoke if self.smoke else full

    def server(self) -> Server:
        """The shared production server (started on first use)."""
        if self._server is None:
            self._server = self.start_server()
        return self._server

    def start_server(self, **extra_env) -> Server:
        log = self.run_dir / f"gunicorn-{len(self.servers)}.log"
        server = Server(
            server_env(self.database_url, self.redis_url),
            workers=self.workers, threads=self.threads, log=log, extra_env=extra_env,
        )  # fmt: skip
        self.servers.append(server)
        return server

    def stop_servers(self) -> None:
        for server in self.servers:
            server.stop()
        self.servers.clear()
        self._server = None

    def artifact(self, name: str) -> Path:
        return self.run_dir / name

    @staticmethod
    def token(user) -> str:
        """An API key for `user`. A cluster admin or accountant first gets an authenticator app, as production
        requires of them (MFA_REQUIRED_ROLES): the figures then include the gate's check, as in production."""
        from allauth.mfa.models import Authenticator

        from tests.factories import api_key

        if user.is_staff or user.is_accountant:
            Authenticator.objects.get_or_create(
                user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench-not-used"}}
            )
        return api_key(user, name="bench")

    def dataset(self) -> dict:
        """The bench_data dataset (1,000 assets × 365 days × 4 per day, seed 1; tiny when smoke), built once."""
        from tests.bench import benchdata

        wanted = DATASET_SMOKE if self.smoke else DATASET_FULL
        described = benchdata.describe()
        if not described or described.get("parameters", {}) != wanted:
            print(f"building the dataset {wanted} …", flush=True)
            began = time.perf_counter()
            benchdata.build(**wanted, force=True)
            print(f"dataset built in {time.perf_counter() - began:.0f} s", flush=True)
            described = benchdata.describe()
        return described


def api_client(token: str):
    """A Django test client that calls the app in process as the token's user, as nginx would forward it."""
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token}", HTTP_X_FORWARDED_PROTO="https")


@contextmanager
def recorded_statements():
    """Collect (sql, params) of every statement the default connection sends inside the block."""
    from django.db import connection

    recorded: list[tuple[str, tuple]] = []

    def record(execute, sql, params, many, context):
        recorded.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield recorded


def statements_of(path: str, token: str) -> tuple[list[tuple[str, tuple]], int]:
    """The SQL statements (with parameters) of one in-process GET, and its status. A first request is sent
    unrecorded: a token's first use of the minute writes its last_used_at, which the steady state does not."""
    api_client(token).get(path)
    with recorded_statements() as statements:
        status = api_client(token).get(path).status_code
    return statements, status


def explain(statements: list[tuple[str, tuple]]) -> tuple[str, float]:
    """EXPLAIN (ANALYZE, BUFFERS) of each SELECT; the plans as text and the summed execution time in ms."""
    from django.db import connection

    plans, total = [], 0.0
    with connection.cursor() as cursor:
        for sql, params in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            lines = [row[0] for row in cursor.fetchall()]
            total += float(lines[-1].split(":")[1].strip().split()[0])  # "Execution Time: 0.123 ms"
            plans.append(cursor.mogrify(sql, params) + "\n" + "\n".join(lines))
    return "\n\n".join(plans), total
