"""The project's database triggers (sinergia/triggers.py) survive migrations, on SQLite and PostgreSQL alike.

A migration that alters a watched table must leave its triggers in place and working, and every app must migrate
alone on an empty database (its triggers installed for the tables that exist).
"""

import json
import os
import subprocess
import sys
from datetime import timedelta

import psycopg
import pytest
from django.apps import apps as global_apps
from django.core.checks import Tags, run_checks
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import connection, migrations

from assets.models import Asset
from billing.models import CostShare
from bookings.models import Reservation
from insights.models import StaleRange
from sinergia import triggers
from tests.billing.helpers import past_reservation, utc
from tests.factories import AssetFactory, AssetGroupFactory, MemberFactory, MembershipFactory, PriceRuleFactory

from .test_platform import BACKEND

# One ordinary AlterField per watched table: on SQLite each rebuilds the table (the copy and rename that once
# dropped the asset's triggers and failed on the shares' and reservations'); on PostgreSQL the asset's changes the
# type of a column a trigger's condition reads.
ALTERATIONS = {
    "assets_asset": (Asset, "timezone", {"max_length": 100}),
    "bookings_reservation": (Reservation, "title", {"max_length": 250}),
    "billing_costshare": (CostShare, "weight", {"max_digits": 16}),
}


def _altered(field, changes: dict):
    name, path, args, kwargs = field.deconstruct()
    new = type(field)(*args, **{**kwargs, **changes})
    new.set_attributes_from_name(name)
    new.model = field.model
    return new


def _migrate_alteration(model, old, new) -> None:
    """What `manage.py migrate` does for a migration holding this AlterField: pre_migrate, the schema change,
    post_migrate."""
    migration = migrations.Migration("9999_alter", model._meta.app_label)
    migration.operations = [migrations.AlterField(model._meta.model_name, new.name, new)]
    plan = [(migration, False)]
    emit_pre_migrate_signal(0, False, connection.alias, apps=global_apps, plan=plan)
    with connection.schema_editor() as editor:
        editor.alter_field(model, old, new)
    emit_post_migrate_signal(0, False, connection.alias, apps=global_apps, plan=plan)


def _fire_every_trigger() -> None:
    """Each trigger still does its work: a group move marks every insights day stale; a share gets its
    reservation's copies, and they follow the reservation when it moves."""
    asset = AssetFactory()
    PriceRuleFactory(asset=asset, vat_rate="0")
    StaleRange.objects.all().delete()
    asset.group = AssetGroupFactory()
    asset.save()
    assert list(StaleRange.objects.values_list("start", "end")) == [(None, None)]

    member = MemberFactory()
    booker = MembershipFactory(member=member).user
    reservation = past_reservation(asset=asset, member=member, booked_by=booker, start=utc(2025, 3, 4, 9),
                                   end=utc(2025, 3, 4, 10))  # fmt: skip
    copies = ("reservation_start", "reservation_member_id", "reservation_booked_by_id")
    assert CostShare.objects.values_list(*copies).get() == (reservation.start, member.id, booker.id)
    later = reservation.start + timedelta(days=7)
    end = later + timedelta(hours=1)
    Reservation.objects.filter(id=reservation.id).update(start=later, end=end, blocked_start=later, blocked_end=end)
    assert CostShare.objects.values_list("reservation_start", flat=True).get() == later


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("table", ALTERATIONS)
def test_an_ordinary_migration_of_a_watched_table_keeps_its_triggers_working(table):
    model, name, changes = ALTERATIONS[table]
    old = model._meta.get_field(name)
    new = _altered(old, changes)
    expected = {trigger.name for trigger in triggers.for_vendor(connection.vendor)}
    assert triggers.installed(connection) == expected
    try:
        _migrate_alteration(model, old, new)
        assert triggers.installed(connection) == expected
        _fire_every_trigger()
    finally:
        _migrate_alteration(model, new, old)
    assert triggers.installed(connection) == expected


@pytest.mark.django_db
def test_install_is_idempotent_and_retires_the_old_triggers():
    """A database migrated by an earlier version holds insights/0002's triggers: install drops them."""
    name = "insights_stale_bookings_reservation_delete"
    if connection.vendor == "sqlite":
        old = [f"CREATE TRIGGER {name} AFTER DELETE ON bookings_reservation BEGIN SELECT 1; END"]
    else:
        old = [
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
            f"CREATE TRIGGER {name} AFTER DELETE ON bookings_reservation FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    with connection.cursor() as cursor:
        for statement in old:
            cursor.execute(statement)
    names = triggers.install(connection)
    assert names == triggers.install(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        present = {row[0] for row in cursor.fetchall()}
    assert present == set(names) == {trigger.name for trigger in triggers.for_vendor(connection.vendor)}


# --- Each app alone on an empty database -------------------------------------------------------------------

OUR_APPS = ["accounts", "assets", "bookings", "billing", "notifications", "insights"]


def _fresh_database(tmp_path, app: str):
    """A DATABASE_URL for an empty database of the test run's kind, and how to drop it."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / f'{app}.sqlite3'}", lambda: None
    settings = connection.settings_dict
    name = f"{settings['NAME']}_alone_{app}"
    server = {"host": settings["HOST"] or "127.0.0.1", "port": settings["PORT"] or 5432, "user": settings["USER"],
              "password": settings["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}  # fmt: skip

    def drop():
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    with psycopg.connect(**server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}", drop


CHECK = """
import django, json
django.setup()
from django.db import connection
from sinergia import triggers
tables = set(connection.introspection.table_names())
possible = [t.name for t in triggers.for_vendor(connection.vendor) if all(table in tables for table in t.needs)]
print(json.dumps([sorted(triggers.installed(connection)), sorted(possible)]))
"""


@pytest.mark.parametrize("app", OUR_APPS)
def test_each_app_migrates_alone_on_an_empty_database(tmp_path, app):
    url, drop = _fresh_database(tmp_path, app)
    environment = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
    environment.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="sinergia.settings", DEBUG="true", REDIS_URL="")
    try:
        migrate = subprocess.run(
            [sys.executable, "manage.py", "migrate", app, "--noinput"],
            cwd=BACKEND, env=environment, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert migrate.returncode == 0, migrate.stderr[-3000:]
        check = subprocess.run([sys.executable, "-c", CHECK], cwd=BACKEND, env=environment, capture_output=True,
                               text=True, timeout=120)  # fmt: skip
        assert check.returncode == 0, check.stderr[-3000:]
        installed, possible = json.loads(check.stdout.strip().splitlines()[-1])
        assert installed == possible  # every trigger whose tables this app's migrations made
        assert app not in ("insights", "billing") or installed
    finally:
        drop()


@pytest.mark.django_db
def test_a_missing_trigger_is_a_warning_of_the_database_checks():
    assert run_checks(databases=["default"], tags=[Tags.database]) == []
    with connection.cursor() as cursor:
        for statement in triggers.TRIGGERS[0].drop(connection.vendor):
            cursor.execute(statement)
    (warning,) = run_checks(databases=["default"], tags=[Tags.database])
    assert warning.id == "sinergia.W001" and "insights_stale_asset" in warning.msg
