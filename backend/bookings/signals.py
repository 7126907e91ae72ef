from django.dispatch import Signal

# Sent inside the transaction of every reservation state change, right after its audit event is
# written, with `reservation` and `event` (a ReservationEvent). Receivers that touch the database
# join that transaction; receivers with side effects (e-mail, Stripe, Celery) must defer them with
# transaction.on_commit so a rollback sends nothing.
reservation_changed = Signal()
