"""Celery keeps the insights' roll-ups up to date; readers never do (they say how fresh they are instead)."""

from celery import shared_task

from . import rollups


@shared_task
def refresh_insights() -> int:
    """Every minute (beat): the days the services recorded as changed."""
    return rollups.refresh()


@shared_task
def rebuild_insights() -> int:
    """Every night (beat): every day, in case a write went around the services (a SQL script, a queryset update)."""
    return rollups.rebuild()
