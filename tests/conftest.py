import os
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Membership

from .factories import AssetFactory, MemberFactory, MembershipFactory, UserFactory


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


def as_user(client: APIClient, user) -> APIClient:
    client.force_authenticate(user)
    return client


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


# The tests' own Redis database; only it is ever flushed. Two runs sharing a machine set different ones.
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def redis_url():
    """The tests' Redis database, flushed before and after. Skips with the reason when Redis does not answer;
    with CI=true that is a failure instead."""
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        message = f"Redis at {REDIS_TEST_URL} does not answer ({exc})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}, and CI requires it")
        pytest.skip(f"{message}; start Redis to run the worker tests")
    client.flushdb()
    yield REDIS_TEST_URL
    client.flushdb()
