"""Every database trigger of the project, and how it is installed. Nothing else creates one.

Derived data is kept by the services that make the changes (see `insights.stale`); a trigger is kept only
where a service cannot see the write:

- `insights_stale_asset`: an asset's group or time zone changes re-roll every insights day. The Django admin's
  asset form saves the model itself, not through a service.
- `billing_costshare_copy_*`, `billing_reservation_copy_to_shares`: each cost share carries a copy of its
  reservation's start, member and booker, so that the shares a company sees page from an index (see
  `billing.selectors.SharesInReservationOrder`). Who sees a share is decided on the copies, so they must follow
  every write of a reservation, whatever path it takes.
- `assets_blackout_no_booking*`, `bookings_reservation_no_blackout*`: a blackout never overlaps a blocking
  reservation's blocked period, nor a blocking reservation a blackout, on one asset (the no-double-booking rule
  between two tables, which an exclusion constraint cannot span). One exception, by design: an incident's
  `out_of_service` blackout starts when the asset breaks, over whatever is booked; the bookings it overlaps are
  stranded (their holders move them), while new bookings and moves into it are refused like any blackout's. The
  services check first under the asset's lock for a friendly 409; these hold whatever path writes. On PostgreSQL
  the trigger takes the asset's row lock itself (as the services do) before it looks, so two transactions cannot
  each miss the other's uncommitted row; SQLite has one writer at a time. A violation raises an error naming
  `OVERLAP_ERROR`, which the services turn into 409.

`install` (re)creates them idempotently after every `migrate` (post_migrate), for the tables that exist, and
drops the triggers earlier versions made. A `migrate` that applies migrations first removes them (pre_migrate):
SQLite rebuilds a table to alter it, which drops that table's triggers and refuses to rename a table that
another table's trigger names, and PostgreSQL refuses to change the type of a column a trigger's condition reads.
"""

from dataclasses import dataclass

from django.db import transaction

COPIED = ("start", "member_id", "booked_by_id")  # bookings_reservation column -> billing_costshare reservation_<column>


@dataclass(frozen=True)
class Trigger:
    name: str
    table: str
    needs: dict[str, tuple[str, ...]]  # the tables and columns its SQL reads or writes
    postgresql: tuple[str, ...]  # CREATE OR REPLACE statements
    sqlite: tuple[str, ...]  # CREATE statements, run after dropping the trigger

    def drop(self, vendor: str) -> list[str]:
        if vendor == "postgresql":
            return [f"DROP TRIGGER IF EXISTS {self.name} ON {self.table}", f"DROP FUNCTION IF EXISTS {self.name}()"]
        return [f"DROP TRIGGER IF EXISTS {self.name}"]


def _copies_from(alias: str) -> str:
    return ", ".join(f"{alias}.{column}" for column in COPIED)


_SHARE_COPIES = tuple(f"reservation_{column}" for column in COPIED)
_SET_FROM_RESERVATION = ", ".join(
    f"reservation_{column} = (SELECT {column} FROM bookings_reservation WHERE id = NEW.reservation_id)"
    for column in COPIED
)
_COPY_TABLES = {"billing_costshare": ("reservation_id", *_SHARE_COPIES), "bookings_reservation": COPIED}

STRANDING_KIND = "out_of_service"  # assets.Blackout.Kind.OUT_OF_SERVICE: an incident's, which strands bookings
OVERLAP_ERROR = "blackout_overlaps_booking"  # in the error message of either guard (bookings.services reads it)
BLOCKING_SQL = "('pending', 'approved')"  # bookings.models.BLOCKING (tests/bookings/test_closures.py checks it)
_GUARD_TABLES = {
    "assets_blackout": ("asset_id", "start", "end", "kind"),
    "bookings_reservation": ("asset_id", "status", "blocked_start", "blocked_end"),
    "assets_asset": ("id",),
}
_BOOKING_UNDER_BLACKOUT = f"""SELECT 1 FROM bookings_reservation r WHERE r.asset_id = NEW.asset_id
    AND r.status IN {BLOCKING_SQL} AND r.blocked_start < NEW."end" AND r.blocked_end > NEW.start"""
_BLACKOUT_OVER_BOOKING = """SELECT 1 FROM assets_blackout b WHERE b.asset_id = NEW.asset_id
    AND b.start < NEW.blocked_end AND b."end" > NEW.blocked_start"""
_PG_RAISE = f"RAISE EXCEPTION '{OVERLAP_ERROR}: a blackout and a booking overlap' USING ERRCODE = 'exclusion_violation'"
_SQLITE_RAISE = f"SELECT RAISE(ABORT, '{OVERLAP_ERROR}: a blackout and a booking overlap')"

TRIGGERS = (
    Trigger(
        name="insights_stale_asset",
        table="assets_asset",
        needs={"assets_asset": ("group_id", "timezone"), "insights_stalerange": ("start", "end", "created_at")},
        postgresql=(
            """CREATE OR REPLACE FUNCTION insights_stale_asset() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                INSERT INTO insights_stalerange (start, "end") VALUES (NULL, NULL); RETURN NULL; END $$""",
            """CREATE OR REPLACE TRIGGER insights_stale_asset AFTER UPDATE ON assets_asset FOR EACH ROW
                WHEN ((OLD.group_id, OLD.timezone) IS DISTINCT FROM (NEW.group_id, NEW.timezone))
                EXECUTE FUNCTION insights_stale_asset()""",
        ),
        sqlite=(
            """CREATE TRIGGER insights_stale_asset AFTER UPDATE OF group_id, timezone ON assets_asset FOR EACH ROW
                WHEN OLD.group_id IS NOT NEW.group_id OR OLD.timezone IS NOT NEW.timezone
                BEGIN INSERT INTO insights_stalerange (start, "end") VALUES (NULL, NULL); END""",
        ),
    ),
    Trigger(
        name="billing_costshare_copy_reservation",
        table="billing_costshare",
        needs=_COPY_TABLES,
        postgresql=(
            f"""CREATE OR REPLACE FUNCTION billing_costshare_copy_reservation() RETURNS trigger LANGUAGE plpgsql
                AS $$ BEGIN
                SELECT {_copies_from("r")} INTO {", ".join(f"NEW.{column}" for column in _SHARE_COPIES)}
                FROM bookings_reservation r WHERE r.id = NEW.reservation_id;
                RETURN NEW; END $$""",
            """CREATE OR REPLACE TRIGGER billing_costshare_copy_reservation
                BEFORE INSERT OR UPDATE OF reservation_id ON billing_costshare
                FOR EACH ROW EXECUTE FUNCTION billing_costshare_copy_reservation()""",
        ),
        sqlite=(
            f"""CREATE TRIGGER billing_costshare_copy_reservation AFTER INSERT ON billing_costshare FOR EACH ROW
                BEGIN UPDATE billing_costshare SET {_SET_FROM_RESERVATION} WHERE id = NEW.id; END""",
        ),
    ),
    Trigger(
        name="billing_costshare_copy_moved_reservation",
        table="billing_costshare",
        needs=_COPY_TABLES,
        postgresql=(),  # the BEFORE trigger above covers a share moved to another reservation
        sqlite=(
            f"""CREATE TRIGGER billing_costshare_copy_moved_reservation AFTER UPDATE OF reservation_id
                ON billing_costshare FOR EACH ROW
                BEGIN UPDATE billing_costshare SET {_SET_FROM_RESERVATION} WHERE id = NEW.id; END""",
        ),
    ),
    Trigger(
        name="billing_reservation_copy_to_shares",
        table="bookings_reservation",
        needs=_COPY_TABLES,
        postgresql=(
            f"""CREATE OR REPLACE FUNCTION billing_reservation_copy_to_shares() RETURNS trigger LANGUAGE plpgsql
                AS $$ BEGIN
                UPDATE billing_costshare SET {", ".join(f"reservation_{c} = NEW.{c}" for c in COPIED)}
                WHERE reservation_id = NEW.id;
                RETURN NULL; END $$""",
            f"""CREATE OR REPLACE TRIGGER billing_reservation_copy_to_shares
                AFTER UPDATE OF {", ".join(COPIED)} ON bookings_reservation FOR EACH ROW
                WHEN (({_copies_from("OLD")}) IS DISTINCT FROM ({_copies_from("NEW")}))
                EXECUTE FUNCTION billing_reservation_copy_to_shares()""",
        ),
        sqlite=(
            f"""CREATE TRIGGER billing_reservation_copy_to_shares AFTER UPDATE OF {", ".join(COPIED)}
                ON bookings_reservation FOR EACH ROW
                WHEN {" OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in COPIED)}
                BEGIN UPDATE billing_costshare SET {", ".join(f"reservation_{c} = NEW.{c}" for c in COPIED)}
                WHERE reservation_id = NEW.id; END""",
        ),
    ),
    Trigger(
        name="assets_blackout_no_booking",
        table="assets_blackout",
        needs=_GUARD_TABLES,
        postgresql=(
            f"""CREATE OR REPLACE FUNCTION assets_blackout_no_booking() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
                IF NEW.kind = '{STRANDING_KIND}' THEN RETURN NEW; END IF;
                PERFORM 1 FROM assets_asset WHERE id = NEW.asset_id FOR UPDATE;
                IF EXISTS ({_BOOKING_UNDER_BLACKOUT}) THEN {_PG_RAISE}; END IF;
                RETURN NEW; END $$""",
            """CREATE OR REPLACE TRIGGER assets_blackout_no_booking
                BEFORE INSERT OR UPDATE OF asset_id, start, "end", kind ON assets_blackout
                FOR EACH ROW EXECUTE FUNCTION assets_blackout_no_booking()""",
        ),
        sqlite=(
            f"""CREATE TRIGGER assets_blackout_no_booking BEFORE INSERT ON assets_blackout FOR EACH ROW
                WHEN NEW.kind <> '{STRANDING_KIND}' AND EXISTS ({_BOOKING_UNDER_BLACKOUT})
                BEGIN {_SQLITE_RAISE}; END""",
        ),
    ),
    Trigger(
        name="assets_blackout_no_booking_update",
        table="assets_blackout",
        needs=_GUARD_TABLES,
        postgresql=(),  # the trigger above covers updates
        sqlite=(
            f"""CREATE TRIGGER assets_blackout_no_booking_update BEFORE UPDATE OF asset_id, start, "end", kind
                ON assets_blackout FOR EACH ROW
                WHEN NEW.kind <> '{STRANDING_KIND}' AND EXISTS ({_BOOKING_UNDER_BLACKOUT})
                BEGIN {_SQLITE_RAISE}; END""",
        ),
    ),
    Trigger(
        name="bookings_reservation_no_blackout",
        table="bookings_reservation",
        needs=_GUARD_TABLES,
        postgresql=(
            f"""CREATE OR REPLACE FUNCTION bookings_reservation_no_blackout() RETURNS trigger LANGUAGE plpgsql
                AS $$ BEGIN
                IF NEW.status NOT IN {BLOCKING_SQL} THEN RETURN NEW; END IF;
                IF TG_OP = 'UPDATE' AND OLD.status IN {BLOCKING_SQL} AND (OLD.asset_id, OLD.blocked_start,
                    OLD.blocked_end) IS NOT DISTINCT FROM (NEW.asset_id, NEW.blocked_start, NEW.blocked_end)
                    THEN RETURN NEW; END IF;
                PERFORM 1 FROM assets_asset WHERE id = NEW.asset_id FOR UPDATE;
                IF EXISTS ({_BLACKOUT_OVER_BOOKING}) THEN {_PG_RAISE}; END IF;
                RETURN NEW; END $$""",
            """CREATE OR REPLACE TRIGGER bookings_reservation_no_blackout
                BEFORE INSERT OR UPDATE OF asset_id, status, blocked_start, blocked_end ON bookings_reservation
                FOR EACH ROW EXECUTE FUNCTION bookings_reservation_no_blackout()""",
        ),
        sqlite=(
            f"""CREATE TRIGGER bookings_reservation_no_blackout BEFORE INSERT ON bookings_reservation FOR EACH ROW
                WHEN NEW.status IN {BLOCKING_SQL} AND EXISTS ({_BLACKOUT_OVER_BOOKING})
                BEGIN {_SQLITE_RAISE}; END""",
        ),
    ),
    Trigger(
        name="bookings_reservation_no_blackout_update",
        table="bookings_reservation",
        needs=_GUARD_TABLES,
        postgresql=(),  # the trigger above covers updates
        sqlite=(
            f"""CREATE TRIGGER bookings_reservation_no_blackout_update
                BEFORE UPDATE OF asset_id, status, blocked_start, blocked_end ON bookings_reservation FOR EACH ROW
                WHEN NEW.status IN {BLOCKING_SQL} AND NOT (OLD.status IN {BLOCKING_SQL}
                    AND OLD.asset_id IS NEW.asset_id AND OLD.blocked_start IS NEW.blocked_start
                    AND OLD.blocked_end IS NEW.blocked_end)
                AND EXISTS ({_BLACKOUT_OVER_BOOKING})
                BEGIN {_SQLITE_RAISE}; END""",
        ),
    ),
)

# What writes the copies missed while the triggers were away (a migration in between): set them again.
_RESYNC_COPIES = f"""UPDATE billing_costshare SET ({", ".join(_SHARE_COPIES)}) = (
    SELECT {_copies_from("r")} FROM bookings_reservation r WHERE r.id = billing_costshare.reservation_id)
    WHERE EXISTS (SELECT 1 FROM bookings_reservation r WHERE r.id = billing_costshare.reservation_id
        AND ({_copies_from("r")}) IS DISTINCT FROM ({", ".join(f"billing_costshare.{c}" for c in _SHARE_COPIES)}))"""


def for_vendor(vendor: str) -> list[Trigger]:
    """The triggers a database of this vendor has (PostgreSQL needs one fewer)."""
    return [trigger for trigger in TRIGGERS if (trigger.postgresql if vendor == "postgresql" else trigger.sqlite)]


def _retired() -> list[Trigger]:
    """The triggers of insights/0002, replaced by the services' own records (and insights_stale_asset)."""
    tables = ("bookings_reservation", "billing_reservationcharge", "billing_costshare", "assets_asset",
              "insights_assetstandalonerate")  # fmt: skip
    return [
        Trigger(name=f"insights_stale_{table}_{event}", table=table, needs={}, postgresql=(), sqlite=())
        for table in tables
        for event in ("insert", "update", "delete")
    ]


def _columns(connection, table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {column.name for column in connection.introspection.get_table_description(cursor, table)}


def _ready(connection, trigger: Trigger, tables: set[str]) -> bool:
    """Whether every table and column the trigger uses exists (a single app migrated alone may lack some)."""
    return all(
        table in tables and set(columns) <= _columns(connection, table) for table, columns in trigger.needs.items()
    )


def installed(connection) -> set[str]:
    """The names of the project's triggers present in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    return present & {trigger.name for trigger in TRIGGERS}


def install(connection) -> list[str]:
    """(Re)create every trigger whose tables exist and drop the retired ones, in one transaction; returns the
    names installed. Idempotent: safe after every migrate."""
    vendor = connection.vendor
    tables = set(connection.introspection.table_names())
    names = []
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for trigger in _retired():
            if trigger.table in tables:
                for statement in trigger.drop(vendor):
                    cursor.execute(statement)
        for trigger in for_vendor(vendor):
            if not _ready(connection, trigger, tables):
                continue
            statements = trigger.postgresql if vendor == "postgresql" else [*trigger.drop(vendor), *trigger.sqlite]
            for statement in statements:
                cursor.execute(statement)
            names.append(trigger.name)
        if "billing_costshare_copy_reservation" in names:
            cursor.execute(_RESYNC_COPIES)
    return names


def remove(connection) -> None:
    """Drop every trigger of the project (before migrations alter the tables they watch)."""
    tables = set(connection.introspection.table_names())
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for trigger in (*TRIGGERS, *_retired()):
            if trigger.table in tables:
                for statement in trigger.drop(connection.vendor):
                    cursor.execute(statement)


def before_migrate(sender, *, using, plan=None, **kwargs):
    """pre_migrate: remove the triggers when migrations are about to run."""
    from django.db import connections

    if plan:
        remove(connections[using])


def after_migrate(sender, *, using, **kwargs):
    """post_migrate (also sent by `flush`): install the triggers."""
    from django.db import connections

    install(connections[using])


def check_installed(app_configs=None, databases=None, **kwargs):
    """System check (`manage.py check --database default`): a trigger whose tables exist but is missing warns."""
    from django.core.checks import Warning
    from django.db import connections

    problems = []
    for alias in databases or []:
        connection = connections[alias]
        tables = set(connection.introspection.table_names())
        expected = {trigger.name for trigger in for_vendor(connection.vendor) if _ready(connection, trigger, tables)}
        missing = sorted(expected - installed(connection))
        if missing:
            problems.append(
                Warning(
                    f"Database triggers missing: {', '.join(missing)}.",
                    hint="Run `manage.py migrate`: it installs them (sinergia/triggers.py).",
                    id="sinergia.W001",
                )
            )
    return problems
