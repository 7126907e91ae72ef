"""Celery tasks. Each is idempotent: it re-reads the state and a second run changes and sends nothing.

acks_late and reject_on_worker_lost (settings) mean a task whose worker dies is delivered again.
"""

from celery import shared_task
from django.utils import timezone

from bookings import services as bookings
from bookings.models import Reservation, Status

from . import services

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 10}


@shared_task(**RETRY)
def send_reservation_emails(event_id: int) -> int:
    return services.notify_reservation_event(event_id=event_id)


@shared_task(**RETRY)
def send_notification(*, kind: str, user_ids: list[int], context: dict, key: str) -> int:
    return services.notify_users(kind=kind, user_ids=user_ids, context=context, key=key)


@shared_task
def expire_pending_reservations() -> int:
    now = timezone.now()
    expired = 0
    for reservation in services.pending_past_deadline(now):
        expired += bookings.reservation_expire(reservation=reservation, now=now).status == Status.EXPIRED
    return expired


@shared_task
def complete_past_reservations() -> int:
    now = timezone.now()
    completed = 0
    for reservation in Reservation.objects.filter(status=Status.APPROVED, end__lte=now):
        completed += bookings.reservation_complete(reservation=reservation, now=now).status == Status.COMPLETED
    return completed


@shared_task(**RETRY)
def send_reminders() -> int:
    return services.send_reminders(now=timezone.now())


@shared_task(**RETRY)
def warn_expiring_requests() -> int:
    return services.warn_expiring_requests(now=timezone.now())


@shared_task(**RETRY)
def remind_accountants_to_close_periods() -> int:
    return services.remind_accountants_to_close_periods(now=timezone.now())
