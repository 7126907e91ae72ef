import os
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Membership

from .factories import AssetFactory, MemberFactory, MembershipFactory, UserFactory
from .isolation import claim_redis_database, release_redis_database, renew_redis_claim, suffix_test_databases


def pytest_collection_modifyitems(config, items):
    from django.db import connections

    if connections["default"].vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: runs in the PostgreSQL pass of `make test`")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def future_day(weekday: int = 0, weeks_ahead: int = 2) -> date:
    """A date on `weekday` at least `weeks_ahead` weeks from today, so tests keep working as time passes."""
    today = date.today()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)


def local(day: date, hour: int, minute: int = 0, zone: str = "Europe/Madrid") -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone))


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def member():
    return MemberFactory(name="Norte Films")


@pytest.fixture
def other_member():
    return MemberFactory(name="Sur Producciones")


@pytest.fixture
def booker(member):
    return MembershipFactory(member=member, role=Membership.Role.BOOKER, user=UserFactory(username="ana")).user


@pytest.fixture
def co_payer():
    """A second member company that shares a booking's cost."""
    return MemberFactory(name="Este Media")


@pytest.fixture
def co_payer_admin(co_payer):
    return MembershipFactory(member=co_payer, role=Membership.Role.MEMBER_ADMIN).user


@pytest.fixture
def member_admin(member):
    return MembershipFactory(member=member, role=Membership.Role.MEMBER_ADMIN, user=UserFactory(username="bruno")).user


@pytest.fixture
def other_booker(other_member):
    return MembershipFactory(member=other_member, user=UserFactory(username="carla")).user


@pytest.fixture
def manager(asset):
    user = UserFactory(username="manager")
    asset.managers.add(user)
    return user


@pytest.fixture
def asset():
    return AssetFactory(name="Plató A")


@pytest.fixture
def approval_asset(asset, manager):
    """The asset, with approval by its manager at the latest 24 hours before the start."""
    asset.requires_approval = True
    asset.approval_deadline = timedelta(hours=24)
    asset.save()
    return asset


def book_day(asset, member, user, day: date, start_hour: int = 10, end_hour: int = 12):
    """A reservation "Cata" made through the service, from start_hour to end_hour of `day` in Madrid."""
    from bookings.services import reservation_create

    return reservation_create(
        asset=asset, member=member, by=user, start=local(day, start_hour), end=local(day, end_hour), title="Cata"
    )


def as_user(client: APIClient, user) -> APIClient:
    client.force_authenticate(user)
    return client


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """This run's own test databases (test_test_gw0_run1234): two runs on one machine never share one, and
    pytest-django still drops them at the end."""
    from django.conf import settings

    suffix_test_databases(settings.DATABASES)


@pytest.fixture(scope="session")
def redis_test_url():
    """REDIS_TEST_URL when set, else a Redis database claimed for this run (tests/isolation.py), given back
    flushed at the end. Skips with the reason when Redis does not answer; with CI=true that is a failure."""
    import redis

    explicit = os.environ.get("REDIS_TEST_URL")
    server = explicit or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(server, socket_connect_timeout=2).ping()
        url = explicit or claim_redis_database(server)
    except redis.RedisError as exc:
        url, problem = None, f"Redis at {server} does not answer ({exc})"
    else:
        problem = None if url else f"every Redis database at {server} is in use by another run"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{problem}, and CI requires it")
        pytest.skip(f"{problem}; start Redis (or set REDIS_TEST_URL) to run the worker tests")
    yield url
    if not explicit:
        release_redis_database(url)


@pytest.fixture
def redis_url(redis_test_url):
    """The tests' Redis database, flushed before and after."""
    import redis

    client = redis.Redis.from_url(redis_test_url, socket_connect_timeout=2)
    client.flushdb()
    if not os.environ.get("REDIS_TEST_URL"):
        renew_redis_claim(redis_test_url)
    yield redis_test_url
    client.flushdb()
