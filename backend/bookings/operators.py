"""Assisted sessions: booking an asset that offers or requires an operator books a technician too.

A technician is an asset of resource type `staff` (its hours, prices, blackouts and the exclusion constraint apply
unchanged). Its booking is a second Reservation for the same start and end, `assists` pointing to the main one,
made and changed in the main booking's transaction: the services call the hooks here after locking the main asset,
and a technician's row is locked after it (main asset first, then technicians by id: no deadlock). Only the main
booking is changed through the API; the technician's row follows it (`operator_booking` 409 otherwise).
Nothing here reads the database for an asset whose `operator` is `none` (read from the locked asset row).
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assets.models import Asset, OperatorMode, ResourceType
from assets.qualification_selectors import required_for
from sinergia.exceptions import Conflict, RuleViolation
from sinergia.intervals import overlaps

from .errors import BookingConflict
from .models import BLOCKING, Reservation, Status
from .rules import blocked_period, booking_problems
from .selectors import busy_by_asset, conflicts_for

NO_OPERATOR_FREE = "no_operator_free"


class NoOperatorFree(BookingConflict):
    """The asset is free but no technician who operates it (qualified, open, not booked) is free for the period."""

    code = "conflict"
    default_detail = gettext_lazy("No technician who operates this asset is free for that period.")

    def __init__(self, detail=None):
        super().__init__([], detail)
        self.extra["problem"] = NO_OPERATOR_FREE


def is_operator_row(reservation: Reservation) -> bool:
    return reservation.assists_id is not None


def refuse_operator_row(reservation: Reservation) -> None:
    """409 `operator_booking`: a technician's booking changes only with its main booking (named in `main`)."""
    if is_operator_row(reservation):
        raise Conflict(
            _("This is a technician's booking for another booking: change that booking instead."),
            code="operator_booking",
            main=reservation.assists_id,
        )


def needs_operator(asset: Asset, wanted: bool) -> bool:
    return asset.operator == OperatorMode.REQUIRED or (wanted and asset.operator == OperatorMode.OPTIONAL)


def wanted(asset: Asset, *, operator: bool = False, operator_id: int | None = None) -> bool:
    """Whether a booking of `asset` books a technician: always when it requires one, when asked when it offers one;
    asking on an asset that offers none is a 400 `no_operator_offered`."""
    asked = bool(operator or operator_id)
    if asked and asset.operator == OperatorMode.NONE:
        raise RuleViolation(
            _("This asset is booked without an operator."), code="no_operator_offered", field="operator"
        )
    return needs_operator(asset, asked)


def technicians(asset: Asset) -> list[Asset]:
    """The active technicians who operate `asset` and hold every qualification it requires, in id order."""
    required = set(required_for(asset).values_list("id", flat=True))
    rows = (
        Asset.objects.filter(resource_type=ResourceType.STAFF, is_active=True, operates=asset)
        .prefetch_related("holds")
        .order_by("id")
    )
    return [tech for tech in rows if required <= {q.id for q in tech.holds.all()}]


def _free(tech: Asset, start: datetime, end: datetime, now: datetime, *, exclude_id=None, ignore=frozenset()) -> bool:
    """Whether the locked technician is open (hours, rules) and not booked or away from `start` to `end`."""
    problems = [p for p in booking_problems(asset=tech, start=start, end=end, now=now) if p.code not in ignore]
    return not problems and not conflicts_for(tech, start, end, exclude_id=exclude_id)


def _claim(asset: Asset, start, end, now, *, operator_id=None, exclude_id=None, ignore=frozenset()) -> Asset:
    """Lock and return the first free technician for `asset` (or the one named): 400 `not_an_operator` for a named
    one who does not operate it, else 409 conflict `no_operator_free`."""
    from .services import lock_asset  # services calls this module: imported when used

    candidates = technicians(asset)
    if operator_id is not None:
        candidates = [tech for tech in candidates if tech.id == operator_id]
        if not candidates:
            raise RuleViolation(
                _("This technician does not operate this asset."), code="not_an_operator", field="operator_id"
            )
    for candidate in candidates:
        tech = lock_asset(candidate.id)
        if _free(tech, start, end, now, exclude_id=exclude_id, ignore=ignore):
            return tech
    raise NoOperatorFree()


def _place(row: Reservation, tech: Asset, main: Reservation) -> None:
    from .services import frozen_quote

    row.asset = tech
    row.start, row.end = main.start, main.end
    row.blocked_start, row.blocked_end = blocked_period(tech, main.start, main.end)
    row.quote = frozen_quote(tech, main.member, main.start, main.end)
    row.status = main.status


def book(main: Reservation, *, by, now: datetime, operator_id: int | None = None) -> Reservation:
    """Book a free technician for `main` (its asset locked by the caller), priced by the technician's own rules."""
    from .services import _record

    tech = _claim(main.asset, main.start, main.end, now, operator_id=operator_id)
    row = Reservation(
        member=main.member, booked_by=main.booked_by, title=main.title, cost_centre=main.cost_centre, assists=main
    )
    _place(row, tech, main)
    row.save()
    _record(row, by=by, action="created")
    return row


def _rows(main: Reservation):
    return main.operator_bookings.select_for_update(of=("self",)).filter(status__in=BLOCKING).order_by("id")


def follow(main: Reservation, *, asset: Asset | None = None, by, action: str, reason: str = "") -> None:
    """Give `main`'s blocking technician bookings its new status (cancelled, rejected, expired, completed, no-show,
    released). `asset`: the main booking's asset row, when `main.asset` is not loaded."""
    from .services import _transition

    if (asset or main.asset).operator == OperatorMode.NONE:
        return
    for row in _rows(main):
        _transition(row, main.status, by=by, action=action, reason=reason)


def follow_approval(main: Reservation, *, by, now: datetime) -> None:
    """Approve the technician's booking with its main one; a technician taken meanwhile is replaced by another
    free one (409 conflict `no_operator_free` when none is)."""
    from .services import _transition, lock_asset

    if main.asset.operator == OperatorMode.NONE:
        return
    for row in _rows(main):
        tech = lock_asset(row.asset_id)
        if not _free(tech, row.start, row.end, now, exclude_id=row.id):
            _place(row, _claim(main.asset, main.start, main.end, now, exclude_id=row.id), main)
            row.status = Status.PENDING
            row.save()
        _transition(row, Status.APPROVED, by=by, action="approved")


def follow_move(main: Reservation, *, old_asset: Asset, by, now: datetime, ignore=frozenset()) -> None:
    """After `main` moved (times or asset) and was saved: its technician moves with it, or another free one who
    operates the new asset takes over; a new asset that needs no operator cancels the technician's booking, one
    that requires one books one. `ignore`: booking rules already passed (an extension's start rules)."""
    from .services import _record, _transition, lock_asset

    asset = main.asset
    if old_asset.operator == OperatorMode.NONE and asset.operator == OperatorMode.NONE:
        return
    rows = list(_rows(main))
    if not needs_operator(asset, bool(rows)):
        for row in rows:
            _transition(row, Status.CANCELLED, by=by, action="cancelled")
        return
    if not rows:
        book(main, by=by, now=now)
        return
    operating = {tech.id for tech in technicians(asset)}
    for row in rows:
        tech = lock_asset(row.asset_id)
        if tech.id not in operating or not _free(tech, main.start, main.end, now, exclude_id=row.id, ignore=ignore):
            tech = _claim(asset, main.start, main.end, now, exclude_id=row.id, ignore=ignore)
        changes = {"start": [row.start.isoformat(), main.start.isoformat()],
                   "end": [row.end.isoformat(), main.end.isoformat()]}  # fmt: skip
        if tech.id != row.asset_id:
            changes["asset"] = [row.asset.name, tech.name]
        from_status = row.status
        _place(row, tech, main)
        row.save()
        _record(row, by=by, action="updated", from_status=from_status, changes=changes)


def follow_use(main: Reservation) -> None:
    """Copy the main booking's check-in and check-out times to its technician's approved or completed booking."""
    if main.asset.operator == OperatorMode.NONE:
        return
    main.operator_bookings.filter(status__in=(Status.APPROVED, Status.COMPLETED)).update(
        checked_in_at=main.checked_in_at, checked_out_at=main.checked_out_at
    )


def operator_free_filter(candidates: list[tuple], *, wanted: bool, now: datetime) -> list[tuple]:
    """Of the alternatives' candidates, (asset, start, end), those whose asset needs no operator or has a qualified
    technician free then. Reads nothing when no candidate needs an operator."""
    needing = {asset.id: asset for asset, _start, _end in candidates if needs_operator(asset, wanted)}
    if not needing:
        return candidates
    staff = (
        Asset.objects.filter(resource_type=ResourceType.STAFF, is_active=True, operates__in=needing)
        .prefetch_related("holds", "operates", "opening_hours")
        .distinct()
        .order_by("id")
    )
    by_asset = defaultdict(list)
    for tech in staff:
        held = {q.id for q in tech.holds.all()}
        for operated in tech.operates.all():
            if operated.id in needing:
                by_asset[operated.id].append((tech, held))
    required = {asset_id: set(required_for(asset).values_list("id", flat=True)) for asset_id, asset in needing.items()}
    margin = timedelta(days=1)
    busy = busy_by_asset(
        {tech.id for techs in by_asset.values() for tech, _held in techs},
        min(start for _asset, start, _end in candidates) - margin,
        max(end for _asset, _start, end in candidates) + margin,
    )

    def tech_free(tech: Asset, start: datetime, end: datetime) -> bool:
        if booking_problems(asset=tech, start=start, end=end, now=now):
            return False
        wanted_period = blocked_period(tech, start, end)
        return not any(overlaps((b["start"], b["end"]), wanted_period) for b in busy[tech.id])

    return [
        (asset, start, end)
        for asset, start, end in candidates
        if asset.id not in needing
        or any(required[asset.id] <= held and tech_free(tech, start, end) for tech, held in by_asset[asset.id])
    ]
