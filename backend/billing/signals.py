"""Billing events for the notifications branch. Each is sent inside the transaction that made the change;
receivers with side effects (e-mail) must defer them with transaction.on_commit."""

from django.dispatch import Signal

# A co-payer was asked to pay part of a reservation: `share` (a CostShare in state proposed), `by` (User).
cost_share_proposed = Signal()
# A payer's member_admin accepted or declined: `share` (its new state), `by` (User or None when a period close
# declined a still-undecided share).
cost_share_decided = Signal()
# A reservation's amounts were split again (new times, a cancellation fee, a no-show, a declined share):
# `reservation`, `shares` (list of CostShare after the change), `reason` (the reservation event action or
# "declined").
cost_shares_resplit = Signal()
# A period close issued a statement to a member: `statement`.
statement_issued = Signal()
# A Stripe webhook changed a statement's payment status: `statement`, `payment_status`.
statement_payment_changed = Signal()
