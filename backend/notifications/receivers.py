from django.db import transaction

from .services import NOTIFYING_ACTIONS


def on_reservation_changed(sender, reservation, event, **kwargs):
    """Queue the e-mails of a reservation change once its transaction commits; a rollback sends nothing."""
    if event.action not in NOTIFYING_ACTIONS:
        return
    from .tasks import send_reservation_emails

    event_id = event.id
    # robust: with eager tasks (no Redis) a mail failure is logged, never turned into an error for a committed change.
    transaction.on_commit(lambda: send_reservation_emails.delay(event_id), robust=True)
