"""Celery tasks. Each is idempotent: it re-reads the state and a second run changes and sends nothing.

acks_late and reject_on_worker_lost (settings) mean a task whose worker dies is delivered again.
"""

from celery import shared_task
from django.utils import timezone

from . import services

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 10}


@shared_task(**RETRY)
def send_reservation_emails(event_id: int) -> int:
    return services.notify_reservation_event(event_id=event_id)


@shared_task(**RETRY)
def send_notification(*, kind: str, user_ids: list[int], context: dict, key: str, addresses=None) -> int:
    return services.notify_users(kind=kind, user_ids=user_ids, context=context, key=key, addresses=addresses or ())


@shared_task(**RETRY)
def send_reminders() -> int:
    return services.send_reminders(now=timezone.now())


@shared_task(**RETRY)
def warn_expiring_requests() -> int:
    return services.warn_expiring_requests(now=timezone.now())


@shared_task(**RETRY)
def remind_accountants_to_close_periods() -> int:
    return services.remind_accountants_to_close_periods(now=timezone.now())


@shared_task(**RETRY)
def remind_expiring_grants() -> int:
    return services.remind_expiring_grants(today=timezone.localdate())
