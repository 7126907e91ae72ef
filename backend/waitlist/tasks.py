"""The waitlist on Celery: offer a freed period (enqueued by slot_freed), and the beat sweep of lapsed holds and
entries whose start has come. Both are idempotent: a second run finds nothing left to change."""

from celery import shared_task
from django.utils.dateparse import parse_datetime

from . import offers


@shared_task
def offer_freed_slot(asset_id: int, start: str, end: str) -> int:
    return offers.offer_freed(asset_id=asset_id, start=parse_datetime(start), end=parse_datetime(end))


@shared_task
def sweep_waitlist() -> dict[str, int]:
    return offers.sweep()
