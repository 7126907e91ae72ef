from django.utils.translation import gettext_lazy as _

from sinergia.exceptions import Conflict


class BookingConflict(Conflict):
    """The requested period overlaps a blocking reservation or a blackout."""

    code = "conflict"
    default_detail = _("The asset is already booked or closed for maintenance in that period.")

    def __init__(self, conflicts: list[dict], detail=None, *, can_compete: bool = False):
        # Only kind and period go out: another member's ids and statuses are not the caller's business.
        # `can_compete` says, without saying why, that a competing request would be taken (every conflict
        # is a pending request and this request would be pending too).
        public = [{"kind": c["kind"], "start": c["start"], "end": c["end"]} for c in conflicts]
        super().__init__(detail, conflicts=public, alternatives=[], can_compete=can_compete)


class SeriesConflict(Conflict):
    """Some occurrences of a series cannot be booked; `occurrences` is the per-occurrence report."""

    code = "series_conflict"
    default_detail = _("Some occurrences of this series cannot be booked; nothing was created.")

    def __init__(self, occurrences: list[dict], detail=None):
        super().__init__(detail, occurrences=occurrences)


class DecisionsRequired(BookingConflict):
    """A closure overlaps bookings nobody decided about; `bookings` lists them with their alternatives."""

    code = "decisions_required"

    def __init__(self, conflicts: list[dict], bookings: list[dict], detail=None):
        super().__init__(conflicts, detail)
        del self.extra["alternatives"], self.extra["can_compete"]
        self.extra["bookings"] = bookings


class SlotHeld(BookingConflict):
    """The period is free but held for a member the waitlist offered it to, until `held_until`."""

    code = "held_for_waitlist"
    default_detail = _("This period is held for a member company on the waitlist until the offer lapses.")

    def __init__(self, holds: list, detail=None):
        conflicts = [{"kind": "waitlist_hold", "start": hold.start, "end": hold.end} for hold in holds]
        super().__init__(conflicts, detail)
        self.extra["held_until"] = max(hold.hold_until for hold in holds).isoformat()
