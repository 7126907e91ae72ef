"""What makes the insights' roll-ups stale, recorded by the services that make the change.

Each function writes a StaleRange row in the caller's transaction, so a change and its record commit together
and a refresh never misses a committed change. Reservation changes (create, transitions, moves, and the charge and
shares billing keeps in step with them) arrive through `bookings.signals.reservation_changed`; a new series,
billing's share changes and insights' standalone rates call these functions themselves; an asset changing group or time
zone is recorded by a database trigger (sinergia.triggers), since the admin's asset form saves the model itself.
Writes that bypass the services (a queryset update, a SQL script) reach the figures with the nightly re-roll.
"""

from datetime import datetime

from django.conf import settings
from django.db import connection, transaction

INSERT = 'INSERT INTO insights_stalerange (start, "end") VALUES (%s, %s)'


def _refresh_after_commit() -> None:
    from .tasks import refresh_insights

    refresh_insights.delay()


def _record(*ranges: tuple[datetime | None, datetime | None]) -> None:
    if not ranges:
        return
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT + ", (%s, %s)" * (len(ranges) - 1), [adapt(value) for period in ranges for value in period]
        )
    queued = any(entry[1] is _refresh_after_commit for entry in connection.run_on_commit)
    if settings.CELERY_TASK_ALWAYS_EAGER and not queued:
        # The embedded mode has no worker and no beat: refresh once the change commits (never in a reader).
        transaction.on_commit(_refresh_after_commit)


def period_changed(start: datetime, end: datetime) -> None:
    """The figures of the cluster days [start, end) touches are stale."""
    _record((start, end))


def reservation_changed(reservation) -> None:
    """A reservation, its charge or its cost shares changed: the days of its period are stale."""
    _record((reservation.start, reservation.end))


def reservations_created(reservations) -> None:
    """A new series' occurrences, in one insert whatever their number (bookings.series_services)."""
    _record(*[(reservation.start, reservation.end) for reservation in reservations])


def everything_changed() -> None:
    """Every day is stale (a standalone rate applies to every hour already booked)."""
    _record((None, None))


def on_reservation_changed(sender, *, reservation, event, **kwargs):
    """bookings.signals.reservation_changed: the reservation's period, and the one it left when it moved. A new
    series' occurrences are recorded at once by the series service."""
    if event.action == "created" and reservation.series_id is not None:
        return
    reservation_changed(reservation)
    moved = event.changes or {}
    if "start" in moved and "end" in moved:
        period_changed(datetime.fromisoformat(moved["start"][0]), datetime.fromisoformat(moved["end"][0]))
