"""E-mails for the bookings a rule change cancelled, sent by the worker once the change has committed."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 10}

# Lazy: rendered in each recipient's language when the e-mail is composed.
REASON = _(
    "The asset's managers changed its rules (opening hours, durations or setup and cleanup times) and this booking "
    "no longer fits them. You will not be charged for it."
)


@shared_task(**RETRY)
def mail_rule_change_cancellation(event_id: int) -> int:
    """Tell the booker and its member's admins that a rule change cancelled their booking; once per person."""
    from accounts.models import Membership, User
    from bookings.models import ReservationEvent
    from notifications.services import deliver_once, reservation_context

    event = (
        ReservationEvent.objects.select_related(
            "by", "reservation__asset", "reservation__member", "reservation__booked_by"
        )
        .filter(id=event_id)
        .first()
    )
    if event is None:
        return 0
    reservation = event.reservation
    admins = User.objects.filter(
        memberships__member_id=reservation.member_id, memberships__role=Membership.Role.MEMBER_ADMIN
    ).order_by("id")
    context = {**reservation_context(reservation, event), "reason": REASON}
    sent, seen = 0, set()
    for user in [reservation.booked_by, *admins]:
        if user.id in seen or user.id == event.by_id:
            continue
        seen.add(user.id)
        sent += deliver_once(key=f"event:{event.id}:{user.id}", kind="cancelled", user=user, context=context)
    return sent
