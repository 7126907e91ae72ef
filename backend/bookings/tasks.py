"""The booking lifecycle on Celery beat: requests expire at their approval deadline, approved bookings nobody
checked in to are released after their asset's release delay, approved bookings complete once they end. Each task
is idempotent: a second run finds nothing left to change."""

from celery import shared_task
from django.utils import timezone

from . import selectors, services
from .models import Reservation, Status


@shared_task
def expire_pending_reservations() -> int:
    now = timezone.now()
    expired = 0
    for reservation in selectors.pending_past_deadline(now):
        expired += services.reservation_expire(reservation=reservation, now=now).status == Status.EXPIRED
    return expired


@shared_task
def complete_past_reservations() -> int:
    now = timezone.now()
    completed = 0
    for reservation in Reservation.objects.filter(status=Status.APPROVED, end__lte=now):
        completed += services.reservation_complete(reservation=reservation, now=now).status == Status.COMPLETED
    return completed


@shared_task
def release_unused_reservations() -> int:
    """Release the approved bookings nobody checked in to in time. Safe with two beats: each release re-reads its
    booking under the asset's lock, so a booking two sweeps pick is released once."""
    return services.reservations_release_due(now=timezone.now())


@shared_task
def send_kiosk_pins() -> int:
    """E-mail a kiosk PIN for each booking whose check-in window opened (assets with `kiosk_pin`). Safe with two
    beats: one PIN row per booking, and the e-mail's Delivery key."""
    from .kiosk_pins import kiosk_pins_send_due

    return kiosk_pins_send_due()
