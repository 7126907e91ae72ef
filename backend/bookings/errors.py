from django.utils.translation import gettext_lazy as _

from sinergia.exceptions import Conflict


class BookingConflict(Conflict):
    """The requested period overlaps a blocking reservation or a blackout."""

    code = "conflict"
    default_detail = _("The asset is already booked or closed for maintenance in that period.")

    def __init__(self, conflicts: list[dict], detail=None):
        # Only kind and period go out: another member's ids and statuses are not the caller's business.
        public = [{"kind": c["kind"], "start": c["start"], "end": c["end"]} for c in conflicts]
        super().__init__(detail, conflicts=public, alternatives=[])


class SeriesConflict(Conflict):
    """Some occurrences of a series cannot be booked; `occurrences` is the per-occurrence report."""

    code = "series_conflict"
    default_detail = _("Some occurrences of this series cannot be booked; nothing was created.")

    def __init__(self, occurrences: list[dict], detail=None):
        super().__init__(detail, occurrences=occurrences)
