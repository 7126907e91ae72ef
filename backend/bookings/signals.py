from django.dispatch import Signal

# Sent inside the transaction of every reservation state change, right after its audit event is
# written, with `reservation` and `event` (a ReservationEvent). Receivers that touch the database
# join that transaction; receivers with side effects (e-mail, Stripe, Celery) must defer them with
# transaction.on_commit so a rollback sends nothing.
reservation_changed = Signal()

# A slot is free again: a blocking booking stopped blocking without being used (cancelled, rejected, expired,
# released, moved away). Sent on commit, with `asset` (an Asset), `start` and `end` (the freed booking period)
# and `reservation` (the Reservation that freed it). The waitlist listens.
slot_freed = Signal()
