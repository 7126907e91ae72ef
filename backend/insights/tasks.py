"""Celery beat keeps the insights' roll-ups fresh, so that a reader seldom waits for a refresh."""

from celery import shared_task

from . import rollups


@shared_task
def refresh_insights() -> int:
    return rollups.refresh()
