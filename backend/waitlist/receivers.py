from .tasks import offer_freed_slot


def on_slot_freed(sender, *, asset, start, end, reservation, **kwargs) -> None:
    """A booking stopped blocking (the signal comes on commit): offer its period to the waitlist, in a task."""
    offer_freed_slot.delay(asset.id, start.isoformat(), end.isoformat())
