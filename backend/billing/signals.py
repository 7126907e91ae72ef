"""Billing events the notifications app listens to. Each is sent inside the transaction that made the change;
receivers with side effects (e-mail) must defer them with transaction.on_commit."""

from django.dispatch import Signal

# A co-payer is asked (again) to pay part of a reservation: `share` (a CostShare in state proposed), `by` (the
# User whose change asked, or None), `proposal_id` (the ShareProposal row that counts this e-mail). Sent when a
# payer is named, and when new times, prices, weights or a fee raise its share beyond what it accepted.
cost_share_proposed = Signal()
# A new series names co-payers: `series`, `shares` (one payer's proposed CostShares, one per occurrence), `by`.
# The payer's member admins are asked once for the whole series.
series_shares_proposed = Signal()
# A payer's member_admin accepted or declined: `share` (its new state), `by` (User or None when a period close
# declined a still-undecided share).
cost_share_decided = Signal()
# A payer's member_admin accepted or declined all its proposed shares of a series at once: `series`, `shares`
# (the decided CostShares, one per occurrence), `by`. The booker is told once, not once per occurrence.
series_shares_decided = Signal()
# A period close issued a statement to a member: `statement`.
statement_issued = Signal()
