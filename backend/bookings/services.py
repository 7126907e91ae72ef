"""State changes of reservations and blackouts: one function per operation, one transaction each.

Every operation that can create an overlap first locks its asset's row
(SELECT ... FOR UPDATE on PostgreSQL; on SQLite every transaction already holds
the write lock from BEGIN IMMEDIATE), then checks and writes. On PostgreSQL the
exclusion constraint is the final guarantee; its IntegrityError becomes the same
409 as the friendly check. `lock_asset`, `check_can_book`, `frozen_quote` and
`is_exclusion_violation` are the steps series_services.py shares.
"""

from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from waitlist.selectors import holds_overlapping, offers_exist

from accounts.models import CostCentre, Member, User
from accounts.permissions import can_book_for, can_change, can_check_in, can_decide, manages_asset
from assets.models import Asset, Blackout, OpeningHours, PeakWindow, PriceRule
from assets.pricing import quote
from assets.qualification_selectors import holdings, requires_any
from audit import services as audit
from sinergia import triggers
from sinergia.exceptions import Conflict, Forbidden, InvalidTransition, RuleViolation
from sinergia.intervals import subtract

from . import operators
from .alternatives import alternatives_for
from .errors import BookingConflict, DecisionsRequired, SlotHeld
from .fees import refuse_late_change
from .models import AUTO_REJECTION_REASON, BLOCKING, TRANSITIONS, Reservation, ReservationEvent, Series, Status
from .quotas import quota_check
from .rules import blocked_period, booking_problems, needs_approval, refuse_broken_rules
from .selectors import conflicts_for, release_candidates
from .signals import reservation_changed, slot_freed
from .units import free_unit


def lock_asset(asset_id: int) -> Asset:
    """The asset's row, locked until the transaction ends, with the rules a booking check reads."""
    # Explicit orderings: the models' default ones join the asset table again for its name.
    return (
        Asset.objects.select_for_update()
        .annotate(requires_qualifications=requires_any(), waitlist_offers=offers_exist())
        .prefetch_related(
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
            Prefetch("price_rules", queryset=PriceRule.objects.order_by("tier")),
            Prefetch("peak_windows", queryset=PeakWindow.objects.order_by("weekday", "starts")),
        )
        .get(id=asset_id)
    )


def is_exclusion_violation(error: IntegrityError) -> bool:
    """Whether the database refused an overlap (the `reservation_no_overlap` constraint, or the triggers that keep
    blackouts and bookings apart, see sinergia/triggers.py): a 409, not a 500."""
    return "reservation_no_overlap" in str(error) or triggers.OVERLAP_ERROR in str(error)


def _record(reservation: Reservation, *, by, action: str, from_status="", reason="", changes=None) -> None:
    event = ReservationEvent.objects.create(
        reservation=reservation,
        by=by,
        action=action,
        from_status=from_status,
        to_status=reservation.status,
        reason=reason,
        changes=changes or {},
    )
    reservation_changed.send(sender=Reservation, reservation=reservation, event=event)


def frozen_quote(asset: Asset, member: Member, start: datetime, end: datetime) -> dict | None:
    """The price a booking keeps from its creation (or its last move), as stored on the reservation."""
    priced = quote(asset=asset, tier=member.tier, start=start, end=end)
    return priced.as_dict() if priced else None


def check_can_book(user: User, member: Member) -> None:
    """Refuse (400 `not_a_booker`) unless `user` may book for `member`: its own active member, or any as admin."""
    if not can_book_for(user, member):
        raise RuleViolation(_("You cannot book for this member company."), code="not_a_booker", field="member")


def refuse_waitlist_holds(asset: Asset, member_id: int, start: datetime, end: datetime, now: datetime) -> None:
    """409 `held_for_waitlist` when the period overlaps a hold the waitlist gave another member (the asset is
    locked: an offer takes the same lock to make its hold). Reads nothing when no offer is out on the asset."""
    if getattr(asset, "waitlist_offers", True):
        holds = holds_overlapping(asset, start, end, now=now, member_id=member_id)
        if holds:
            raise SlotHeld(holds)


def _with_alternatives(conflict: BookingConflict, *, asset, member, booker, start, end, now,
                       operator: bool = False) -> BookingConflict:  # fmt: skip
    conflict.extra["alternatives"] = alternatives_for(
        asset=asset, member=member, booker=booker, start=start, end=end, now=now, operator=operator
    )
    return conflict


UNCHANGED = object()  # an optional argument not given (None would clear the field)


def _instants(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """Times as the database gives them back (UTC), so a move's audit trail records old and new values alike."""
    return start.astimezone(UTC), end.astimezone(UTC)


def check_cost_centre(member: Member | int, cost_centre: CostCentre | None) -> None:
    """A booking names one of its own member's active cost centres, or none (400 `invalid_cost_centre`)."""
    member_id = getattr(member, "pk", member)
    if cost_centre is not None and (cost_centre.member_id != member_id or not cost_centre.active):
        raise RuleViolation(
            _("Choose one of the company's active cost centres."), code="invalid_cost_centre", field="cost_centre"
        )


def reservation_create(
    *,
    asset: Asset,
    member: Member,
    by: User,
    start: datetime,
    end: datetime,
    title: str,
    notes: str = "",
    compete: bool = False,
    cost_centre: CostCentre | None = None,
    items: list[dict] | None = None,
    operator: bool = False,
    operator_id: int | None = None,
    now: datetime | None = None,
) -> Reservation:
    """Book `asset` for `member`. Approved at once unless the asset needs approval for this member.
    `items`: [{item, quantity}] of the asset's consumables and add-ons (consumables/services.py).

    `compete` files a competing request on an approval asset when every conflict is
    another pending request; the manager picks one and the others are auto-rejected.
    `operator` / `operator_id`: book a technician too, on an asset that offers one (bookings.operators).
    """
    now = now or timezone.now()
    check_can_book(by, member)
    check_cost_centre(member, cost_centre)
    wants_operator = operator or bool(operator_id)
    try:
        with transaction.atomic():
            asset = lock_asset(asset.id)
            wants_operator = operators.wanted(asset, operator=operator, operator_id=operator_id)
            refuse_broken_rules(asset=asset, start=start, end=end, now=now, holdings=holdings(asset, by))
            status = Status.PENDING if needs_approval(asset, member) else Status.APPROVED
            conflicts = conflicts_for(asset, start, end)
            may_compete = status == Status.PENDING and all(
                c["kind"] == "reservation" and c["status"] == Status.PENDING for c in conflicts
            )
            if conflicts and not (compete and may_compete):
                raise BookingConflict(conflicts, can_compete=may_compete)
            refuse_waitlist_holds(asset, member.id, start, end, now)
            quota_check(asset=asset, member=member, periods=[(start, end)], status=status)
            blocked_start, blocked_end = blocked_period(asset, start, end)
            unit = free_unit(asset, start, end) or 1  # a unit of a pooled asset; the database has the last word
            reservation = Reservation.objects.create(
                asset=asset,
                unit=unit,
                member=member,
                booked_by=by,
                start=start,
                end=end,
                blocked_start=blocked_start,
                blocked_end=blocked_end,
                status=status,
                title=title,
                notes=notes,
                quote=frozen_quote(asset, member, start, end),
                cost_centre=cost_centre,
            )
            if items:
                from consumables.services import items_attach  # consumables builds on this module

                items_attach(reservation=reservation, entries=items)
            _record(reservation, by=by, action="created")
            if wants_operator:
                operators.book(reservation, by=by, now=now, operator_id=operator_id)
            return reservation
    except IntegrityError as error:
        if not is_exclusion_violation(error):
            raise
        conflicts = conflicts_for(asset, start, end)  # none: the technician was taken (operators)
        conflict = BookingConflict(conflicts) if conflicts or not wants_operator else operators.NoOperatorFree()
        raise _with_alternatives(
            conflict, asset=asset, member=member, booker=by, start=start, end=end, now=now, operator=wants_operator
        ) from error
    except BookingConflict as conflict:
        raise _with_alternatives(
            conflict, asset=asset, member=member, booker=by, start=start, end=end, now=now, operator=wants_operator
        ) from None


def _check_transition(reservation: Reservation, to: str) -> None:
    if to not in TRANSITIONS[reservation.status]:
        raise InvalidTransition(
            _("A %(status)s reservation cannot become %(to)s.")
            % {"status": reservation.get_status_display().lower(), "to": Status(to).label.lower()},
            status=reservation.status,
        )


def _transition(reservation: Reservation, to: str, *, by, action: str, reason: str = "") -> Reservation:
    _check_transition(reservation, to)
    from_status = reservation.status
    reservation.status = to
    reservation.save(update_fields=["status", "updated_at"])
    _record(reservation, by=by, action=action, from_status=from_status, reason=reason)
    return reservation


def _send_slot_freed_on_commit(reservation: Reservation, periods: list[tuple[datetime, datetime]] | None = None,
                               asset: Asset | None = None) -> None:  # fmt: skip
    """`slot_freed` once the transaction that unblocked `reservation` commits (a rollback sends nothing): for its
    whole period, or for each of `periods` of `asset` (what a move left)."""
    asset = asset or reservation.asset
    periods = [(reservation.start, reservation.end)] if periods is None else periods
    for start, end in periods:
        transaction.on_commit(
            lambda start=start, end=end: slot_freed.send(
                sender=Reservation, asset=asset, start=start, end=end, reservation=reservation
            )
        )


def _left_by_move(old_asset: Asset, old: tuple[datetime, datetime], reservation: Reservation) -> list:
    """The parts of the `old` period of `old_asset` a moved `reservation` no longer blocks: all of it when the
    booking left the asset, else what its new period does not cover (the buffers are the asset's, so the same)."""
    if reservation.asset_id != old_asset.id:
        return [old]
    return subtract(old, [(reservation.start, reservation.end)])


def _locked(reservation: Reservation) -> Reservation:
    """Lock the asset, then re-read the reservation under the lock."""
    asset = lock_asset(reservation.asset_id)
    reservation = Reservation.objects.select_for_update(of=("self",)).select_related("member").get(id=reservation.id)
    reservation.asset = asset
    return reservation


def check_can_decide(user: User, reservation: Reservation | Series) -> None:
    if not can_decide(user, reservation):
        raise Forbidden(_("Only the asset's managers can decide on this request."))


def reservation_approve(*, reservation: Reservation, by: User, now: datetime | None = None) -> Reservation:
    """Approve a pending request and auto-reject the pending requests it overlaps."""
    now = now or timezone.now()
    operators.refuse_operator_row(reservation)
    check_can_decide(by, reservation)
    try:
        with transaction.atomic():
            reservation = _locked(reservation)
            _check_transition(reservation, Status.APPROVED)
            if reservation.start < now:
                raise RuleViolation(
                    _("This request has already started; it can no longer be approved."), code="started"
                )
            rivals = []
            blockers = []
            for conflict in conflicts_for(
                reservation.asset, reservation.start, reservation.end, exclude_id=reservation.id
            ):
                is_pending_rival = conflict["kind"] == "reservation" and conflict["status"] == Status.PENDING
                (rivals if is_pending_rival else blockers).append(conflict)
            if blockers:
                raise BookingConflict(
                    blockers, detail=_("An approved booking or a blackout already holds that period.")
                )
            reason = str(AUTO_REJECTION_REASON)
            for rival in Reservation.objects.select_for_update().filter(id__in=[r["id"] for r in rivals]):
                _transition(rival, Status.REJECTED, by=by, action="auto_rejected", reason=reason)
                operators.follow(rival, asset=reservation.asset, by=by, action="auto_rejected", reason=reason)
            _take_unit(reservation, reservation.asset, reservation.start, reservation.end)
            _transition(reservation, Status.APPROVED, by=by, action="approved")
            operators.follow_approval(reservation, by=by, now=now)
            return reservation
    except IntegrityError as error:
        if not is_exclusion_violation(error):
            raise
        raise BookingConflict(conflicts_for(reservation.asset, reservation.start, reservation.end)) from error


def _take_unit(reservation: Reservation, asset: Asset, start: datetime, end: datetime, changes=None) -> None:
    """Before `reservation` takes `asset` from `start` to `end`, under its lock: its unit, the one it has while
    free, else the lowest free one (bookings/units.py; always 1 on an asset of one unit, without a query)."""
    unit = free_unit(asset, start, end, exclude_id=reservation.id, prefer=reservation.unit) or 1
    if unit != reservation.unit:
        if changes is not None:
            changes["unit"] = [reservation.unit, unit]
        reservation.unit = unit
        if changes is None:
            reservation.save(update_fields=["unit"])


def reservation_reject(*, reservation: Reservation, by: User, reason: str) -> Reservation:
    operators.refuse_operator_row(reservation)
    check_can_decide(by, reservation)
    if not reason.strip():
        raise RuleViolation(_("Say why the request is rejected."), code="reason_required", field="reason")
    with transaction.atomic():
        reservation = _locked(reservation)
        _transition(reservation, Status.REJECTED, by=by, action="rejected", reason=reason)
        operators.follow(reservation, by=by, action="rejected", reason=reason)
        _send_slot_freed_on_commit(reservation)
        return reservation


def reservation_cancel(
    *, reservation: Reservation, by: User, reason: str = "", now: datetime | None = None
) -> Reservation:
    now = now or timezone.now()
    operators.refuse_operator_row(reservation)
    if not can_change(by, reservation):
        raise Forbidden(_("Only the booker, the member's admin or the asset's managers can cancel this reservation."))
    with transaction.atomic():
        reservation = _locked(reservation)
        if reservation.status in BLOCKING and reservation.end <= now:
            raise RuleViolation(_("This reservation is already over."), code="ended")
        _transition(reservation, Status.CANCELLED, by=by, action="cancelled", reason=reason)
        operators.follow(reservation, by=by, action="cancelled", reason=reason)
        _send_slot_freed_on_commit(reservation)
        return reservation


def _other_asset(by: User, reservation: Reservation, asset: Asset | None) -> Asset | None:
    """The other asset a holder moves `reservation` to (None: it stays on its own): an active asset of the same
    group, which `by` may book for the reservation's member or manages (400 `not_an_alternative`, 403)."""
    if asset is None or asset.id == reservation.asset_id:
        return None
    group_id = Asset.objects.filter(id=reservation.asset_id).values_list("group_id", flat=True).get()
    if group_id is None or asset.group_id != group_id:
        raise RuleViolation(
            _("A booking moves only to another asset of its own group."), code="not_an_alternative", field="asset"
        )
    if not (can_book_for(by, reservation.member) or manages_asset(by, asset)):
        raise Forbidden(_("You cannot book this asset for the booking's member company."))
    return asset


def reservation_update(
    *,
    reservation: Reservation,
    by: User,
    title: str | None = None,
    notes: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    asset: Asset | None = None,
    cost_centre: CostCentre | None | object = UNCHANGED,
    now: datetime | None = None,
) -> Reservation:
    """Edit title, notes, cost centre, times or asset (another of its group, as the 409's alternatives offer). A
    move is checked like a new booking of the new asset and times by the booker (rules, qualifications, quota),
    priced again (a payer whose share grows is asked again), and, on an approval asset, sends the booking to
    pending unless one of that asset's managers moves it. Past the free-cancellation limit the booker and its
    member admin may not give up booked time (409 late_change_fee) unless an incident stranded the booking (fees)."""
    now = now or timezone.now()
    operators.refuse_operator_row(reservation)
    if not can_change(by, reservation):
        raise Forbidden(_("Only the booker, the member's admin or the asset's managers can change this reservation."))
    target = _other_asset(by, reservation, asset)
    where = target or reservation.asset
    try:
        with transaction.atomic():
            if target is not None and target.id < reservation.asset_id:  # two assets: always locked in id order
                target = lock_asset(target.id)
            reservation = _locked(reservation)
            if target is not None and target.id > reservation.asset_id:
                target = lock_asset(target.id)
            if reservation.status not in BLOCKING:
                raise InvalidTransition(
                    _("A %(status)s reservation cannot be changed.")
                    % {"status": reservation.get_status_display().lower()},
                    status=reservation.status,
                )
            changes = {}
            for field, value in (("title", title), ("notes", notes)):
                if value is not None and value != getattr(reservation, field):
                    changes[field] = [getattr(reservation, field), value]
                    setattr(reservation, field, value)
            if cost_centre is not UNCHANGED and getattr(cost_centre, "pk", None) != reservation.cost_centre_id:
                check_cost_centre(reservation.member_id, cost_centre)
                old = reservation.cost_centre.code if reservation.cost_centre_id else None
                changes["cost_centre"] = [old, cost_centre.code if cost_centre else None]
                reservation.cost_centre = cost_centre
            new_start, new_end = _instants(start or reservation.start, end or reservation.end)
            from_status = reservation.status
            old_asset, old_period = reservation.asset, (reservation.start, reservation.end)
            if (new_start, new_end) != (reservation.start, reservation.end) or target is not None:
                where = target or reservation.asset
                # Leaving the asset gives up all of the booked time there.
                kept_start, kept_end = (new_start, new_end) if target is None else (new_end, new_end)
                refuse_late_change(reservation, by=by, start=kept_start, end=kept_end, at=now)
                refuse_broken_rules(
                    asset=where, start=new_start, end=new_end, now=now,
                    holdings=holdings(where, reservation.booked_by_id),
                )  # fmt: skip
                conflicts = conflicts_for(where, new_start, new_end, exclude_id=reservation.id)
                if conflicts:
                    raise BookingConflict(conflicts)
                refuse_waitlist_holds(where, reservation.member_id, new_start, new_end, now)
                # A manager's move is the facility's decision: an approved booking stays approved.
                asks_again = needs_approval(where, reservation.member) and not manages_asset(by, where)
                kept = reservation.status if target is None else Status.APPROVED
                new_status = Status.PENDING if asks_again else kept
                quota_check(
                    asset=where,
                    member=reservation.member,
                    periods=[(new_start, new_end)],
                    status=new_status,
                    exclude_id=reservation.id,
                )
                changes["start"] = [reservation.start.isoformat(), new_start.isoformat()]
                changes["end"] = [reservation.end.isoformat(), new_end.isoformat()]
                _take_unit(reservation, where, new_start, new_end, changes)
                if target is not None:
                    changes["asset"] = [reservation.asset.name, target.name]
                    reservation.asset = target
                reservation.start, reservation.end = new_start, new_end
                reservation.blocked_start, reservation.blocked_end = blocked_period(where, new_start, new_end)
                reservation.quote = frozen_quote(where, reservation.member, new_start, new_end)
                reservation.status = new_status
            if not changes:
                return reservation
            reservation.save()
            _record(reservation, by=by, action="updated", from_status=from_status, changes=changes)
            if "start" in changes:
                operators.follow_move(reservation, old_asset=old_asset, by=by, now=now)
                _send_slot_freed_on_commit(reservation, _left_by_move(old_asset, old_period, reservation), old_asset)
            return reservation
    except IntegrityError as error:
        if not is_exclusion_violation(error):
            raise
        raise BookingConflict(conflicts_for(where, new_start, new_end, exclude_id=reservation.id)) from error
    except BookingConflict as conflict:
        raise _with_alternatives(
            conflict, asset=where, member=reservation.member, booker=reservation.booked_by_id, start=new_start,
            end=new_end, now=now, operator=isinstance(conflict, operators.NoOperatorFree),
        ) from None  # fmt: skip


def _check_closes(by: User, asset: Asset) -> None:
    if not manages_asset(by, asset):
        raise Forbidden(_("Only the asset's managers can close it."))


def _check_blackout(by: User, asset: Asset, start: datetime, end: datetime) -> None:
    _check_closes(by, asset)
    if end <= start:
        raise RuleViolation(_("The end must be after the start."), code="end_before_start", field="end")


def _refuse_blackout_over_bookings(asset: Asset, start: datetime, end: datetime) -> None:
    """Under the asset's lock: a blackout may not take a period that blocking reservations hold."""
    clashes = [{"kind": "reservation", "start": r.blocked_start, "end": r.blocked_end}
               for r in overlapped_bookings(asset, start, end)]  # fmt: skip
    if clashes:
        raise BookingConflict(clashes, detail=_("Reservations hold part of that period; cancel or move them first."))


def overlapped_bookings(asset: Asset, start: datetime, end: datetime, *, lock: bool = False) -> list[Reservation]:
    """The blocking reservations whose blocked period (buffers included) a closure from `start` to `end` takes."""
    queryset = Reservation.objects.filter(
        asset=asset, status__in=BLOCKING, blocked_start__lt=end, blocked_end__gt=start
    ).select_related("member", "booked_by")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return list(queryset.order_by("start", "id"))


def _closure_alternatives(by: User, reservation: Reservation, start: datetime, end: datetime, now: datetime):
    """What the manager may move `reservation` to: the 409's alternatives around the closure, on assets `by`
    manages (moving a booking onto another manager's asset is that manager's business)."""
    offers = alternatives_for(
        asset=reservation.asset, member=reservation.member, booker=reservation.booked_by_id, start=reservation.start,
        end=reservation.end, now=now, closed=[(start, end)], exclude_id=reservation.id,
    )  # fmt: skip
    managed = {reservation.asset_id} | {
        a.id for a in Asset.objects.filter(id__in={o["asset"] for o in offers}) if manages_asset(by, a)
    }
    return [offer for offer in offers if offer["asset"] in managed]


def _closure_entry(reservation: Reservation, alternatives: list[dict]) -> dict:
    return {
        "reservation": reservation.id,
        "title": reservation.title,
        "member": reservation.member.name,
        "booked_by": reservation.booked_by.get_full_name() or reservation.booked_by.username,
        "status": reservation.status,
        "start": reservation.start,
        "end": reservation.end,
        "alternatives": alternatives,
    }


def closure_preview(
    *, asset: Asset, by: User, start: datetime, end: datetime, now: datetime | None = None
) -> list[dict]:
    """The bookings a blackout from `start` to `end` would overlap (buffers included), each with the
    alternatives the manager may move it to. Changes nothing."""
    now = now or timezone.now()
    _check_blackout(by, asset, start, end)
    return [
        _closure_entry(reservation, _closure_alternatives(by, reservation, start, end, now))
        for reservation in overlapped_bookings(asset, start, end)
    ]


def _decisions_required(by, asset, start, end, now, overlapped, missing) -> DecisionsRequired:
    return DecisionsRequired(
        [{"kind": "reservation", "start": r.blocked_start, "end": r.blocked_end} for r in overlapped],
        [_closure_entry(r, _closure_alternatives(by, r, start, end, now)) for r in missing],
        detail=_("Reservations hold part of that period; decide for each whether to move or cancel it."),
    )


def _check_decisions(overlapped: list[Reservation], decisions: list[dict]) -> dict[int, dict]:
    by_reservation: dict[int, dict] = {}
    overlapped_ids = {r.id for r in overlapped}
    for decision in decisions:
        reservation_id = decision["reservation"]
        if reservation_id in by_reservation:
            raise RuleViolation(_("Decide once for each booking."), code="duplicate_decision", field="decisions")
        if reservation_id not in overlapped_ids:
            raise RuleViolation(
                _("Booking %(id)s is not in the closed period.") % {"id": reservation_id},
                code="not_overlapped",
                field="decisions",
                reservation=reservation_id,
            )
        if decision["action"] == "move" and not (decision.get("start") and decision.get("end")):
            raise RuleViolation(_("A move needs a new start and end."), code="move_needs_times", field="decisions")
        by_reservation[reservation_id] = decision
    return by_reservation


def _move_target(by: User, reservation: Reservation, decision: dict) -> int:
    """The asset a move decision goes to: the booking's own, or another of its group that `by` manages."""
    target_id = decision.get("asset") or reservation.asset_id
    if target_id == reservation.asset_id:
        return target_id
    target = Asset.objects.filter(id=target_id, is_active=True).first()
    if target is None or not reservation.asset.group_id or target.group_id != reservation.asset.group_id:
        raise RuleViolation(
            _("A booking moves only to an asset of its own group."), code="not_an_alternative", field="decisions",
            reservation=reservation.id,
        )  # fmt: skip
    if not manages_asset(by, target):
        raise Forbidden(_("Only the asset's managers can close it."))
    return target_id


def _taken(reservation: Reservation, target: Asset, start: datetime, end: datetime, conflicts: list[dict]) -> Conflict:
    public = [{"kind": c["kind"], "start": c["start"], "end": c["end"]} for c in conflicts]
    return Conflict(
        _("The new time for “%(title)s” (%(asset)s, %(start)s) is no longer free; nothing was changed.")
        % {"title": reservation.title, "asset": target.name, "start": start.isoformat()},
        code="alternative_taken",
        reservation=reservation.id,
        asset=target.id,
        start=start,
        end=end,
        conflicts=public,
    )


def _move_for_closure(reservation, *, by, target, start, end, closed, reason, now) -> None:
    """Move one overlapped booking, re-checked under the locks; the member pays what it agreed to (the frozen
    quote stays) and an approved booking stays approved: the move is the facility's decision."""
    new_start, new_end = _instants(start, end)
    try:
        refuse_broken_rules(asset=target, start=new_start, end=new_end, now=now)
    except RuleViolation as broken:
        broken.extra["reservation"] = reservation.id
        raise
    conflicts = conflicts_for(target, new_start, new_end, exclude_id=reservation.id)
    blocked_start, blocked_end = blocked_period(target, new_start, new_end)
    if target.id == reservation.asset_id and blocked_start < closed[1] and blocked_end > closed[0]:
        conflicts.append({"kind": "blackout", "start": closed[0], "end": closed[1]})
    if conflicts:
        raise _taken(reservation, target, new_start, new_end, conflicts)
    changes = {
        "start": [reservation.start.isoformat(), new_start.isoformat()],
        "end": [reservation.end.isoformat(), new_end.isoformat()],
    }
    if target.id != reservation.asset_id:
        changes["asset"] = [reservation.asset.name, target.name]
    _take_unit(reservation, target, new_start, new_end, changes)
    before = audit.snapshot(reservation, ("asset", "start", "end"))
    closed_asset = reservation.asset
    reservation.asset = target
    reservation.start, reservation.end = new_start, new_end
    reservation.blocked_start, reservation.blocked_end = blocked_start, blocked_end
    reservation.save()
    _record(reservation, by=by, action="moved_for_maintenance", from_status=reservation.status, reason=reason,
            changes=changes)  # fmt: skip
    operators.follow_move(reservation, old_asset=closed_asset, by=by, now=now)
    audit.record(by=by, action="reservation.move_for_closure", target=reservation, before=before,
                 after=audit.snapshot(reservation, ("asset", "start", "end")), asset=closed_asset)  # fmt: skip


BLACKOUT_FIELDS = ("asset", "start", "end", "reason")


def _audit_blackout(by: User, action: str, blackout: Blackout, *, before=None, after=None, asset=None) -> None:
    label = f"{blackout.asset.name} {blackout.start:%Y-%m-%d %H:%M}"
    audit.record(by=by, action=action, target=blackout, before=before, after=after,
                 asset=asset or blackout.asset_id, label=label)  # fmt: skip


def _plain_offer(offer: dict) -> dict:
    return {**offer, "start": offer["start"].isoformat(), "end": offer["end"].isoformat()}


def blackout_create(
    *,
    asset: Asset,
    by: User,
    start: datetime,
    end: datetime,
    reason: str = "",
    decisions: list[dict] | None = None,
    now: datetime | None = None,
) -> Blackout:
    """Close an asset for maintenance. Each blocking reservation the period overlaps needs a decision —
    `{"reservation", "action": "move", "start", "end", "asset"?}` or `{"reservation", "action": "cancel"}` —
    else 409 `decisions_required` listing them with alternatives. In one transaction: the cancellations (no
    fee: billing reads the action), the moves (a taken alternative is a 409 naming it), then the blackout."""
    now = now or timezone.now()
    _check_blackout(by, asset, start, end)
    decisions = decisions or []
    try:
        with transaction.atomic():
            wanted = {d["asset"] for d in decisions if d["action"] == "move" and d.get("asset")}
            siblings = Asset.objects.filter(id__in=wanted, group_id=asset.group_id) if asset.group_id else []
            targets = {asset.id, *(sibling.id for sibling in siblings)}  # any other target is refused below
            locked = {asset_id: lock_asset(asset_id) for asset_id in sorted(targets)}  # one order: no deadlock
            asset = locked[asset.id]
            overlapped = overlapped_bookings(asset, start, end, lock=True)
            decided = _check_decisions(overlapped, decisions)
            missing = [r for r in overlapped if r.id not in decided]
            if missing:
                raise _decisions_required(by, asset, start, end, now, overlapped, missing)
            cancelled = []  # (reservation, its status before)
            for reservation in overlapped:
                reservation.asset = asset
                if decided[reservation.id]["action"] == "cancel":
                    _check_transition(reservation, Status.CANCELLED)
                    cancelled.append((reservation, reservation.status))
                    reservation.status = Status.CANCELLED
                    reservation.save(update_fields=["status", "updated_at"])
                    operators.follow(reservation, by=by, action="cancelled_for_maintenance", reason=reason)
            for reservation in overlapped:
                decision = decided[reservation.id]
                if decision["action"] != "move":
                    continue
                target_id = _move_target(by, reservation, decision)
                target = locked.get(target_id) or lock_asset(target_id)
                _move_for_closure(reservation, by=by, target=target, start=decision["start"], end=decision["end"],
                                  closed=(start, end), reason=reason, now=now)  # fmt: skip
            blackout = Blackout.objects.create(asset=asset, start=start, end=end, reason=reason, created_by=by)
            _audit_blackout(by, "blackout.create", blackout, after=audit.snapshot(blackout, BLACKOUT_FIELDS))
            for reservation, from_status in cancelled:  # their alternatives are told with the closure in place
                offers = alternatives_for(asset=asset, member=reservation.member, booker=reservation.booked_by_id,
                                          start=reservation.start, end=reservation.end, now=now)  # fmt: skip
                _record(reservation, by=by, action="cancelled_for_maintenance", from_status=from_status,
                        reason=reason, changes={"alternatives": [_plain_offer(o) for o in offers]})  # fmt: skip
                audit.record(by=by, action="reservation.cancel_for_closure", target=reservation, asset=asset,
                             before={"status": from_status}, after={"status": reservation.status})  # fmt: skip
            return blackout
    except IntegrityError as error:
        if not is_exclusion_violation(error):
            raise
        raise BookingConflict(conflicts_for(asset, start, end)) from error


def tell_stranded(
    *, reservations: list[Reservation], asset: Asset, by: User, reason: str, incident_id: int, now: datetime
) -> None:
    """Within the caller's transaction, with the out-of-service blackout already in place: record on each booking
    it strands an event carrying the alternatives a 409 would offer (the holders are mailed them on commit). The
    booking itself is unchanged; its holder moves or cancels it."""
    for reservation in reservations:
        offers = alternatives_for(asset=asset, member=reservation.member, booker=reservation.booked_by_id,
                                  start=reservation.start, end=reservation.end, now=now,
                                  exclude_id=reservation.id)  # fmt: skip
        _record(reservation, by=by, action="stranded", from_status=reservation.status, reason=reason,
                changes={"incident": incident_id, "alternatives": [_plain_offer(o) for o in offers]})  # fmt: skip


def _refuse_incident_blackout(blackout: Blackout) -> None:
    if blackout.kind == Blackout.Kind.OUT_OF_SERVICE:
        raise Conflict(
            _("This blackout is an incident's: change its expected end or resolve the incident instead."),
            code="incident_blackout",
        )


def blackout_update(
    *, blackout: Blackout, by: User, asset: Asset, start: datetime, end: datetime, reason: str = ""
) -> Blackout:
    """Move or change a blackout (possibly to another asset), checked like a new one. The stored row is re-read:
    the caller's instance may already carry the new values (a model form sets them while validating)."""
    stored = Blackout.objects.select_related("asset").get(id=blackout.id)
    _check_closes(by, stored.asset)
    _refuse_incident_blackout(stored)
    _check_blackout(by, asset, start, end)
    with transaction.atomic():
        for asset_id in sorted({stored.asset_id, asset.id}):  # one order, so two movers cannot deadlock
            lock_asset(asset_id)
        _refuse_blackout_over_bookings(asset, start, end)
        before = audit.snapshot(stored, BLACKOUT_FIELDS)
        old_asset = stored.asset_id
        stored.asset, stored.start, stored.end, stored.reason = asset, start, end, reason
        stored.save(update_fields=["asset", "start", "end", "reason"])
        after = audit.snapshot(stored, BLACKOUT_FIELDS)
        _audit_blackout(by, "blackout.update", stored, before=before, after=after)
        if old_asset != asset.id:  # in the history of the asset it left too
            _audit_blackout(by, "blackout.update", stored, before=before, after=after, asset=old_asset)
        return stored


def blackout_delete(*, blackout: Blackout, by: User) -> None:
    if not manages_asset(by, blackout.asset):
        raise Forbidden(_("Only the asset's managers can reopen it."))
    _refuse_incident_blackout(blackout)
    with transaction.atomic():
        _audit_blackout(by, "blackout.delete", blackout, before=audit.snapshot(blackout, BLACKOUT_FIELDS))
        blackout.delete()


def reservation_expire(*, reservation: Reservation, now: datetime | None = None) -> Reservation:
    """Expire a request still pending within its asset's approval deadline. A no-op otherwise, so reruns are safe."""
    now = now or timezone.now()
    with transaction.atomic():
        reservation = _locked(reservation)
        if reservation.status != Status.PENDING or reservation.start - reservation.asset.approval_deadline > now:
            return reservation
        if operators.is_operator_row(reservation):  # it expires with its main booking
            return reservation
        reason = _("Nobody decided on the request before its approval deadline.")
        _transition(reservation, Status.EXPIRED, by=None, action="expired", reason=reason)
        operators.follow(reservation, by=None, action="expired", reason=reason)
        _send_slot_freed_on_commit(reservation)
        return reservation


def reservation_complete(*, reservation: Reservation, now: datetime | None = None) -> Reservation:
    """Mark an approved reservation that has ended as completed. A no-op otherwise, so reruns are safe.
    Checked in and not yet out, the use counts until the end (a later check-out prices it again)."""
    now = now or timezone.now()
    with transaction.atomic():
        reservation = _locked(reservation)
        if reservation.status != Status.APPROVED or reservation.end > now or awaits_release(reservation):
            return reservation
        if operators.is_operator_row(reservation):  # it completes with its main booking
            return reservation
        if reservation.checked_in_at is not None and reservation.checked_out_at is None:
            _freeze_use(reservation, until=reservation.end)
            reservation.save(update_fields=["used_quote", "updated_at"])
        _transition(reservation, Status.COMPLETED, by=None, action="completed")
        operators.follow(reservation, by=None, action="completed")
        return reservation


def reservation_mark_no_show(*, reservation: Reservation, by: User, now: datetime | None = None) -> Reservation:
    """A manager records that an approved booking was not used; billing charges it in full."""
    now = now or timezone.now()
    operators.refuse_operator_row(reservation)
    check_can_decide(by, reservation)
    with transaction.atomic():
        reservation = _locked(reservation)
        _check_transition(reservation, Status.NO_SHOW)
        if reservation.start > now:
            raise RuleViolation(_("A booking can be marked as a no-show only once it has started."), code="not_started")
        _transition(reservation, Status.NO_SHOW, by=by, action="no_show")
        operators.follow(reservation, by=by, action="no_show")
        return reservation


# --- The day of use: check-in, check-out, release ------------------------------------------------------------


def check_can_check_in(user: User, reservation: Reservation) -> None:
    if not can_check_in(user, reservation):
        raise Forbidden(_("Only the booker, the member's admin or the asset's managers can check in to this booking."))


def checkin_window(reservation: Reservation) -> tuple[datetime, datetime]:
    """When a booking may be checked in to: from the asset's `checkin_opens_minutes` before its start to its end."""
    return reservation.start - timedelta(minutes=reservation.asset.checkin_opens_minutes), reservation.end


def reservation_check_in(*, reservation: Reservation, by: User, now: datetime | None = None) -> Reservation:
    """Record that the booking's holder arrived. 409 `invalid_transition` unless approved, `already_checked_in`,
    `too_early` before the window opens, `too_late` from the end on."""
    now = now or timezone.now()
    operators.refuse_operator_row(reservation)
    check_can_check_in(by, reservation)
    with transaction.atomic():
        return check_in_locked(_locked(reservation), by=by, now=now)


def check_in_locked(reservation: Reservation, *, by: User | None, now: datetime, via: str = "") -> Reservation:
    """The check-in itself, for a caller holding the asset's lock (`lock_asset`) in its transaction, with whoever
    may check in already settled (`by` None: the kiosk PIN, named in the event's `via`)."""
    if reservation.checked_in_at is not None:
        raise Conflict(
            _("This booking was already checked in to."),
            code="already_checked_in",
            checked_in_at=reservation.checked_in_at.isoformat(),
        )
    if reservation.status != Status.APPROVED:
        raise InvalidTransition(
            _("A %(status)s reservation cannot be checked in to.")
            % {"status": reservation.get_status_display().lower()},
            status=reservation.status,
        )
    opens, closes = checkin_window(reservation)
    if now < opens:
        raise Conflict(
            _("Check-in opens %(minutes)s minutes before the start.")
            % {"minutes": reservation.asset.checkin_opens_minutes},
            code="too_early",
            opens_at=opens.astimezone(reservation.asset.tz).isoformat(),
        )
    if now >= closes:
        raise Conflict(_("This booking has ended; it can no longer be checked in to."), code="too_late")
    reservation.checked_in_at = now
    reservation.save(update_fields=["checked_in_at", "updated_at"])
    operators.follow_use(reservation)
    changes = {"checked_in_at": now.astimezone(UTC).isoformat(), **({"via": via} if via else {})}
    _record(reservation, by=by, action="checked_in", from_status=reservation.status, changes=changes)
    return reservation


def _next_start(reservation: Reservation) -> datetime | None:
    """When the asset is next taken after this booking: the next booking's start or the next blackout's."""
    after = reservation.end
    following = (
        Reservation.objects.filter(
            asset_id=reservation.asset_id,
            unit=reservation.unit,  # of a pooled asset, the next booking of its own unit
            status__in=(*BLOCKING, Status.COMPLETED, Status.NO_SHOW),
            start__gte=after,
        )
        .exclude(id=reservation.id)
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    closure = (
        Blackout.objects.filter(asset_id=reservation.asset_id, start__gte=after)
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    return min((moment for moment in (following, closure) if moment is not None), default=None)


def used_period(reservation: Reservation, *, until: datetime) -> tuple[datetime, datetime]:
    """The time actually used, as billed: from check-in (not before the start) to `until` (the check-out), never
    past the asset's next booking or closure, and at least an instant long."""
    used_start = min(max(reservation.checked_in_at, reservation.start), reservation.end)
    next_start = _next_start(reservation)
    used_end = until if next_start is None else min(until, max(next_start, reservation.end))
    return used_start, max(used_end, used_start)


def _freeze_use(reservation: Reservation, *, until: datetime) -> None:
    """Price the time used (see used_period) at today's rates, as `used_quote` with the used `start` and `end`."""
    used_start, used_end = used_period(reservation, until=until)
    priced = frozen_quote(reservation.asset, reservation.member, used_start, used_end)
    if priced is not None:
        priced.update(start=used_start.astimezone(UTC).isoformat(), end=used_end.astimezone(UTC).isoformat())
    reservation.used_quote = priced


def reservation_check_out(*, reservation: Reservation, by: User, now: datetime | None = None) -> Reservation:
    """Record the real end of the use. A check-out after the end records the overrun (minutes past the end, and
    those into the next booking or closure) and never moves the booking's end: the slot after it was not ours.
    409 `not_checked_in`, `already_checked_out`, or `invalid_transition` for a booking that is not in use."""
    now = now or timezone.now()
    operators.refuse_operator_row(reservation)
    check_can_check_in(by, reservation)
    with transaction.atomic():
        reservation = _locked(reservation)
        if reservation.checked_out_at is not None:
            raise Conflict(_("This booking was already checked out of."), code="already_checked_out")
        if reservation.status not in (Status.APPROVED, Status.COMPLETED):
            raise InvalidTransition(
                _("A %(status)s reservation cannot be checked out of.")
                % {"status": reservation.get_status_display().lower()},
                status=reservation.status,
            )
        if reservation.checked_in_at is None:
            raise Conflict(_("Check in before checking out."), code="not_checked_in")
        reservation.checked_out_at = max(now, reservation.checked_in_at)
        changes = {"checked_out_at": reservation.checked_out_at.astimezone(UTC).isoformat()}
        if now > reservation.end:
            changes["overrun_minutes"] = int((now - reservation.end).total_seconds() // 60)
            next_start = _next_start(reservation)
            if next_start is not None and now > next_start:
                changes["overrun_into_next_minutes"] = int((now - next_start).total_seconds() // 60)
        _freeze_use(reservation, until=reservation.checked_out_at)
        reservation.save(update_fields=["checked_out_at", "used_quote", "updated_at"])
        operators.follow_use(reservation)
        _record(reservation, by=by, action="checked_out", from_status=reservation.status, changes=changes)
        return reservation


def release_due(reservation: Reservation, *, now: datetime) -> bool:
    """An approved booking nobody checked in to by its start plus the asset's release delay (none: never)."""
    minutes = reservation.asset.release_after_minutes
    return (
        reservation.status == Status.APPROVED
        and reservation.checked_in_at is None
        and minutes is not None
        and reservation.start + timedelta(minutes=minutes) <= now
    )


def awaits_release(reservation: Reservation) -> bool:
    """Not checked in on an asset that releases unused bookings: the release sweep decides, not the completion."""
    return reservation.checked_in_at is None and reservation.asset.release_after_minutes is not None


def reservation_release(*, reservation: Reservation, now: datetime | None = None) -> bool:
    """Free the slot of an approved booking nobody checked in to in time (see release_due); True when this call
    released it. Two sweeps that pick the same booking release it once: the second waits for the lock, then finds
    it released and does nothing. The asset's no-show fee decides the charge (billing); the holders are told and
    `slot_freed` is sent on commit."""
    now = now or timezone.now()
    with transaction.atomic():
        reservation = _locked(reservation)
        if not release_due(reservation, now=now) or operators.is_operator_row(reservation):
            return False
        reason = _("Nobody checked in within %(minutes)s minutes of the start.") % {
            "minutes": reservation.asset.release_after_minutes
        }
        released = _transition(reservation, Status.RELEASED, by=None, action="released", reason=reason)
        operators.follow(released, by=None, action="released", reason=reason)
        _send_slot_freed_on_commit(released)
        return True


def reservations_release_due(*, now: datetime) -> int:
    """The release sweep (Celery beat, and the benchmark): release every booking due by `now`, each in its own
    transaction (see reservation_release); returns how many this run released."""
    return sum(reservation_release(reservation=r, now=now) for r in release_candidates(now))


# Rules about when a booking is made, which a booking already in use has passed: only its new end is judged.
_START_RULES = frozenset({"in_the_past", "too_soon", "beyond_horizon"})


def _record_refused_overrun(reservation: Reservation, *, by: User, end: datetime, conflicts: list[dict]) -> None:
    """Keep the refused lengthening in the booking's history (its own transaction: the refusal rolled back)."""
    taken_from = min((conflict["start"] for conflict in conflicts), default=end)
    with transaction.atomic():
        reservation = _locked(reservation)
        changes = {"requested_end": end.isoformat(), "taken_from": taken_from.astimezone(UTC).isoformat()}
        _record(reservation, by=by, action="overrun_refused", from_status=reservation.status, changes=changes)


def reservation_extend(
    *, reservation: Reservation, by: User, end: datetime, now: datetime | None = None
) -> Reservation:
    """Lengthen a booking in use (checked in, not out, not yet ended) to `end`, checked like a booking of the new
    time. Running into the next booking or a closure is refused at once (409 `conflict`) and the refusal is recorded
    in the booking's history: an overrun is never a silent extension."""
    now = now or timezone.now()
    operators.refuse_operator_row(reservation)
    check_can_check_in(by, reservation)
    end = end.astimezone(UTC)
    try:
        with transaction.atomic():
            reservation = _locked(reservation)
            if reservation.status != Status.APPROVED or reservation.checked_in_at is None:
                raise Conflict(_("Only a booking in use (checked in) can be lengthened."), code="not_in_use")
            if reservation.checked_out_at is not None or reservation.end <= now:
                raise Conflict(_("This booking has ended; it can no longer be lengthened."), code="too_late")
            if end <= reservation.end:
                raise RuleViolation(_("The new end must be after the current end."), code="not_longer", field="end")
            asset = reservation.asset
            problems = [
                problem
                for problem in booking_problems(asset=asset, start=reservation.start, end=end, now=now)
                if problem.code not in _START_RULES
            ]
            if problems:
                first = problems[0]
                raise RuleViolation(
                    first.detail, code=first.code, field=first.field, problems=[p.as_dict() for p in problems]
                )
            conflicts = conflicts_for(asset, reservation.start, end, exclude_id=reservation.id)
            if conflicts:
                raise BookingConflict(
                    conflicts, detail=_("The asset is taken after this booking: it cannot run longer.")
                )
            quota_check(
                asset=asset, member=reservation.member, periods=[(reservation.start, end)], status=reservation.status,
                exclude_id=reservation.id,
            )  # fmt: skip
            changes = {"end": [reservation.end.isoformat(), end.isoformat()]}
            _take_unit(reservation, asset, reservation.start, end, changes)
            reservation.end = end
            reservation.blocked_start, reservation.blocked_end = blocked_period(asset, reservation.start, end)
            reservation.quote = frozen_quote(asset, reservation.member, reservation.start, end)
            reservation.save()
            _record(reservation, by=by, action="extended", from_status=reservation.status, changes=changes)
            operators.follow_move(reservation, old_asset=asset, by=by, now=now, ignore=_START_RULES)
            return reservation
    except IntegrityError as error:
        if not is_exclusion_violation(error):
            raise
        conflicts = conflicts_for(reservation.asset, reservation.start, end, exclude_id=reservation.id)
        _record_refused_overrun(reservation, by=by, end=end, conflicts=conflicts)
        raise BookingConflict(conflicts) from error
    except BookingConflict as conflict:
        _record_refused_overrun(reservation, by=by, end=end, conflicts=conflict.extra["conflicts"])
        raise
