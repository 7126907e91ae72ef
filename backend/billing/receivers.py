"""Billing's reactions to bookings, run inside the reservation's transaction."""

from .services import charge_sync


def on_reservation_changed(sender, *, reservation, event, **kwargs):
    """Keep the charge (fee, no-show, new times) and the cost shares in step with every reservation change."""
    charge_sync(reservation=reservation, event=event)
