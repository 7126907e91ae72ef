"""Names that belong to one test run, so two runs on one machine (two checkouts, CI beside a developer) never
share a test database or flush each other's Redis.

Each pytest process (each xdist worker too) is one run: its PostgreSQL and SQLite test databases carry
`RUN_ID`, and it claims a Redis database of its own unless REDIS_TEST_URL names one.
"""

import os
from urllib.parse import urlsplit, urlunsplit

RUN_ID = f"run{os.getpid()}"

# A run's claim on Redis database N is the key `sinergia-test-run:N` in database 0, so flushing N keeps it.
# It expires, so a killed run frees its database; a live run renews it whenever it uses the database.
CLAIM_PREFIX = "sinergia-test-run:"
CLAIM_SECONDS = 3 * 3600
# Database 0 is the app's default and 11 the benchmarks' (BENCH_REDIS_URL); neither is ever claimed.
RESERVED_REDIS_DATABASES = {0, 11}


def suffix_test_databases(databases: dict) -> None:
    """Append RUN_ID to every test database name (after pytest-django's `_gw0` for an xdist worker)."""
    for db in databases.values():
        test = db.setdefault("TEST", {})
        name = test.get("NAME")
        if db["ENGINE"].endswith("sqlite3"):
            if not name or name == ":memory:" or "mode=memory" in name:
                continue
        elif not name:
            name = f"test_{db['NAME']}"
        test["NAME"] = f"{name}_{RUN_ID}"


def redis_database_url(url: str, number: int) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{number}"))


def claim_redis_database(server_url: str) -> str | None:
    """The URL of an empty database on `server_url`'s Redis that this run now holds, or None if all are taken.

    Raises redis.RedisError when the server does not answer."""
    import redis

    registry = redis.Redis.from_url(redis_database_url(server_url, 0), socket_connect_timeout=2)
    try:
        count = int(registry.config_get("databases").get("databases", 16))
    except redis.ResponseError:  # CONFIG turned off: Redis's default
        count = 16
    for number in range(count - 1, 0, -1):
        if number in RESERVED_REDIS_DATABASES:
            continue
        key = f"{CLAIM_PREFIX}{number}"
        if registry.get(key) == RUN_ID.encode():
            return redis_database_url(server_url, number)
        url = redis_database_url(server_url, number)
        if redis.Redis.from_url(url).dbsize() == 0 and registry.set(key, RUN_ID, nx=True, ex=CLAIM_SECONDS):
            return url
    return None


def renew_redis_claim(url: str) -> None:
    import redis

    number = int(urlsplit(url).path.strip("/") or 0)
    registry = redis.Redis.from_url(redis_database_url(url, 0))
    registry.set(f"{CLAIM_PREFIX}{number}", RUN_ID, ex=CLAIM_SECONDS)


def release_redis_database(url: str) -> None:
    """Flush the claimed database and give it back (only if this run still holds it)."""
    import redis

    number = int(urlsplit(url).path.strip("/") or 0)
    registry = redis.Redis.from_url(redis_database_url(url, 0))
    key = f"{CLAIM_PREFIX}{number}"
    if registry.get(key) == RUN_ID.encode():
        redis.Redis.from_url(url).flushdb()
        registry.delete(key)
