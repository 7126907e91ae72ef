"""Bundles: several assets booked at once, as one request.

Every part is an ordinary reservation made by `services.reservation_create` (so every booking rule applies), all in
one transaction with the parts' assets locked in ascending id order first, so that two bundles sharing assets wait
for each other instead of deadlocking. Parts whose asset needs approval stay pending until each of their managers
approved; the last approval approves them all at once. Rejecting a part rejects the bundle; moving and cancelling
act on every part. Payers' weights apply to every part; the bundle shows the sum.
"""

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CostCentre, Member, Membership, User
from accounts.permissions import bundle_seen_condition, can_change, is_accountant_or_admin, member_ids
from assets.pricing import money
from billing import services as billing
from billing.models import CostShare
from consumables.pricing import price_with_items_minor
from sinergia.exceptions import Conflict, DomainError, InvalidTransition, NotFound, RuleViolation

from . import operators, services
from .models import BLOCKING, Bundle, Reservation, Status

MIN_PARTS, MAX_PARTS = 2, 10
# A bundle's parts cancelled because another part was rejected: the facility decided, so no fee (bookings/fees.py).
CANCELLED_WITH_BUNDLE = "cancelled_with_bundle"


def refuse_part_change(reservation: Reservation) -> None:
    """409 `part_of_bundle`: a bundle's part moves and cancels only with its bundle (`/bundles/{id}/`)."""
    if reservation.bundle_id is not None:
        raise Conflict(
            _("This booking is part of a bundle: move or cancel the whole bundle."),
            code="part_of_bundle",
            bundle=reservation.bundle_id,
        )


def _in_part(error: DomainError, index: int, asset_id: int) -> DomainError:
    """Say which part an error is about (its index in the bundle, and its asset)."""
    error.extra.update(part=index, asset=asset_id)
    return error


def _lock_assets(asset_ids) -> None:
    """Lock the assets in ascending id order: two bundles sharing assets queue instead of deadlocking."""
    for asset_id in sorted(set(asset_ids)):
        services.lock_asset(asset_id)


def _locked_parts(bundle_id: int) -> list[Reservation]:
    """The bundle's parts in creation order (their index), re-read under their assets' locks."""
    _lock_assets(Reservation.objects.filter(bundle_id=bundle_id).values_list("asset_id", flat=True))
    return list(
        Reservation.objects.select_for_update(of=("self",))
        .select_related("asset", "member")
        .filter(bundle_id=bundle_id)
        .order_by("id")
    )


def _check_parts(parts: list[dict]) -> None:
    if not MIN_PARTS <= len(parts) <= MAX_PARTS:
        raise RuleViolation(
            _("A bundle books from %(min)s to %(max)s assets.") % {"min": MIN_PARTS, "max": MAX_PARTS},
            code="bundle_size",
            field="parts",
        )
    for index, part in enumerate(parts):
        if part["end"] <= part["start"]:
            raise RuleViolation(_("The end must be after the start."), code="end_before_start", field="end", part=index)
        for earlier in parts[:index]:
            if (
                earlier["asset"].id == part["asset"].id
                and earlier["start"] < part["end"]
                and part["start"] < earlier["end"]
            ):
                raise RuleViolation(
                    _("Two parts of the bundle overlap on the same asset."),
                    code="parts_overlap",
                    field="parts",
                    part=index,
                    asset=part["asset"].id,
                )


def _refuse_mixed_currencies(parts: list[Reservation]) -> None:
    if len({part.quote["currency"] for part in parts if part.quote}) > 1:
        raise RuleViolation(
            _("The assets of a bundle must be priced in the same currency."), code="mixed_currencies", field="parts"
        )


def bundle_create(
    *,
    by: User,
    member: Member,
    title: str,
    parts: list[dict],
    notes: str = "",
    cost_centre: CostCentre | None = None,
    payers: list[tuple[Member, Decimal]] | None = None,
    now: datetime | None = None,
) -> Bundle:
    """Book every part (`{asset, start, end}`, optional `operator`: a technician too, where offered) or none: a
    part that breaks a rule (400) or conflicts (409, with that part's alternatives, or a technician's
    `no_operator_free`) creates nothing, and the error names the part's index and asset."""
    now = now or timezone.now()
    _check_parts(parts)
    services.check_can_book(by, member)
    with transaction.atomic():
        _lock_assets(part["asset"].id for part in parts)
        bundle = Bundle.objects.create(member=member, booked_by=by, title=title, notes=notes)
        created = []
        for index, part in enumerate(parts):
            try:
                reservation = services.reservation_create(
                    asset=part["asset"], member=member, by=by, start=part["start"], end=part["end"], title=title,
                    notes=notes, cost_centre=cost_centre, operator=part.get("operator", False), now=now,
                )  # fmt: skip
            except DomainError as error:
                raise _in_part(error, index, part["asset"].id) from None
            reservation.bundle = bundle
            reservation.save(update_fields=["bundle", "updated_at"])
            created.append(reservation)
        _refuse_mixed_currencies(created)
        for reservation in created if payers else ():
            billing.cost_shares_set(reservation=reservation, payers=payers, by=by, now=now)
    return bundle


def bundle_part_approve(*, reservation: Reservation, by: User, now: datetime | None = None) -> Reservation:
    """Record a manager's approval of one part; the last part awaiting approval approves every pending part in
    the same transaction (each checked again for conflicts: a conflict is a 409 naming the part, nothing flips)."""
    now = now or timezone.now()
    services.check_can_decide(by, reservation)
    with transaction.atomic():
        parts = _locked_parts(reservation.bundle_id)
        part = next(p for p in parts if p.id == reservation.id)
        if part.status != Status.PENDING or part.bundle_approved_at is not None:
            raise InvalidTransition(_("This part of the bundle is not waiting for approval."), status=part.status)
        if part.start < now:
            raise RuleViolation(_("This request has already started; it can no longer be approved."), code="started")
        part.bundle_approved_by, part.bundle_approved_at = by, now
        part.save(update_fields=["bundle_approved_by", "bundle_approved_at", "updated_at"])
        services._record(part, by=by, action="approved_in_bundle", from_status=part.status)
        if all(p.bundle_approved_at is not None for p in parts if p.status == Status.PENDING):
            for index, pending in enumerate(parts):
                if pending.status != Status.PENDING:
                    continue
                try:
                    services.reservation_approve(reservation=pending, by=pending.bundle_approved_by or by, now=now)
                except DomainError as error:
                    raise _in_part(error, index, pending.asset_id) from None
    return part


def bundle_part_reject(*, reservation: Reservation, by: User, reason: str) -> Reservation:
    """Reject the bundle through one of its pending parts: every pending part is rejected and every approved
    part cancelled (without fee), all with the reason."""
    services.check_can_decide(by, reservation)
    if not reason.strip():
        raise RuleViolation(_("Say why the request is rejected."), code="reason_required", field="reason")
    with transaction.atomic():
        parts = _locked_parts(reservation.bundle_id)
        part = next(p for p in parts if p.id == reservation.id)
        services._check_transition(part, Status.REJECTED)
        _end_parts(parts, by=by, reason=reason)
    return part


def _end_parts(parts: list[Reservation], *, by: User | None, reason: str) -> None:
    """Reject the pending parts and cancel the approved ones (without fee), all with `reason`; their technicians'
    bookings follow."""
    for part in parts:
        if part.status == Status.PENDING:
            action = "rejected"
            services._transition(part, Status.REJECTED, by=by, action=action, reason=reason)
        elif part.status == Status.APPROVED:
            action = CANCELLED_WITH_BUNDLE
            services._transition(part, Status.CANCELLED, by=by, action=action, reason=reason)
        else:
            continue
        operators.follow(part, by=by, action=action, reason=reason)
        services._send_slot_freed_on_commit(part)


# A part that stops without anyone deciding about the bundle: another request approved over it, or no decision
# before its approval deadline.
_ENDS_BUNDLE = frozenset({"auto_rejected", "expired"})


def on_part_changed(sender, *, reservation: Reservation, event, **kwargs) -> None:
    """All or none: a part auto-rejected or expired ends its bundle (the other parts rejected or cancelled), in
    the same transaction. Reads nothing for a booking outside a bundle."""
    if reservation.bundle_id is None or event.action not in _ENDS_BUNDLE:
        return
    others = (
        Reservation.objects.select_for_update(of=("self",))
        .select_related("asset")
        .filter(bundle_id=reservation.bundle_id, status__in=BLOCKING)
        .exclude(id=reservation.id)
        .order_by("id")
    )
    _end_parts(list(others), by=None, reason=_("Another part of the bundle could not be booked."))


def _blocking_parts(bundle: Bundle) -> list[Reservation]:
    parts = [part for part in _locked_parts(bundle.id) if part.status in BLOCKING]
    if not parts:
        raise InvalidTransition(_("Nothing in this bundle is booked any more."), status=bundle_status(parts))
    return parts


def bundle_move(*, bundle: Bundle, by: User, shift: timedelta, now: datetime | None = None) -> Bundle:
    """Move every booked part by `shift`, each checked like a move of its own (`services.reservation_update`);
    a part that cannot move (a conflict, with that part's alternatives, or a rule) moves nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        parts = _blocking_parts(bundle)
        # Later moves first when shifting later (and earlier ones first when shifting earlier), so chained parts on
        # one asset never pass through each other's old period.
        order = sorted(enumerate(parts), key=lambda item: item[1].start, reverse=shift > timedelta(0))
        for index, part in order:
            try:
                services.reservation_update(
                    reservation=part, by=by, start=part.start + shift, end=part.end + shift, now=now
                )
            except DomainError as error:
                raise _in_part(error, index, part.asset_id) from None
        # A part the move sent back to pending waits for its manager again.
        Reservation.objects.filter(bundle=bundle, status=Status.PENDING).update(
            bundle_approved_by=None, bundle_approved_at=None
        )
    return bundle


def bundle_cancel(*, bundle: Bundle, by: User, reason: str = "", now: datetime | None = None) -> Bundle:
    """Cancel every booked part (each under its own fee rules)."""
    now = now or timezone.now()
    with transaction.atomic():
        for index, part in enumerate(_blocking_parts(bundle)):
            try:
                services.reservation_cancel(reservation=part, by=by, reason=reason, now=now)
            except DomainError as error:
                raise _in_part(error, index, part.asset_id) from None
    return bundle


def bundle_shares_decide(*, bundle: Bundle, by: User, accept: bool, member: Member | None = None) -> list[CostShare]:
    """Accept or decline, as a payer's member admin, that payer's proposed shares of every part at once."""
    payers = member_ids(by, role=Membership.Role.MEMBER_ADMIN)
    if member is not None:
        payers &= {member.id}
    pending = list(
        CostShare.objects.filter(
            reservation__bundle=bundle, member_id__in=payers, state=CostShare.State.PROPOSED
        ).order_by("reservation_id")
    )
    if not pending:
        raise NotFound(_("No share of this bundle waits for your decision."))
    if len({share.member_id for share in pending}) > 1:
        raise RuleViolation(_("You decide for several payers of this bundle: name the member."), field="member")
    decide = billing.cost_share_accept if accept else billing.cost_share_decline
    with transaction.atomic():
        return [decide(share=share, by=by) for share in pending]


# --- Reads ------------------------------------------------------------------------------------------------------


def bundles_visible_to(user) -> QuerySet:
    """Bundles the user sees: its members' (in full), those with a part on an asset it manages (a summary), all
    for accountants and cluster admins. Parts are prefetched with their assets."""
    parts = Prefetch("parts", queryset=Reservation.objects.select_related("asset").order_by("id"))
    queryset = Bundle.objects.select_related("member", "booked_by").prefetch_related(parts)
    condition = bundle_seen_condition(user)
    return queryset if condition is None else queryset.filter(condition).distinct()


def bundle_status(parts: list[Reservation]) -> str:
    """One status for the bundle: pending while any part waits, rejected when a part was, else the parts' own
    when they agree (approved, cancelled...), else `mixed`."""
    statuses = {part.status for part in parts}
    for status in (Status.PENDING, Status.REJECTED):
        if status in statuses:
            return status
    return statuses.pop() if len(statuses) == 1 else "mixed"


def _total(parts: list[Reservation]) -> dict | None:
    """The parts' prices with their items, as each part's `price` shows it."""
    priced = [part for part in parts if part.quote]
    if not priced:
        return None
    total = sum(price_with_items_minor(part.quote, part.items_quote) for part in priced)
    return money(total, priced[0].quote["currency"])


def _payers(bundle: Bundle, parts: list[Reservation]) -> list[dict]:
    """Each payer's total over the booked parts, and its shares' states."""
    totals: dict[int, int] = defaultdict(int)
    states: dict[int, set] = defaultdict(set)
    names, currency = {}, ""
    shares = CostShare.objects.filter(reservation__in=parts).select_related("member")
    for share in shares.order_by("member_id", "reservation_id"):
        totals[share.member_id] += share.amount_minor
        states[share.member_id].add(share.state)
        names[share.member_id], currency = share.member.name, share.currency
    return [
        {
            "member": {"id": member_id, "name": names[member_id]},
            "amount": money(totals[member_id], currency),
            "state": states[member_id].pop() if len(states[member_id]) == 1 else "mixed",
        }
        for member_id in sorted(totals)
    ]


def bundle_summary(bundle: Bundle, user) -> dict:
    """What `user` sees of the bundle: everything for its member's users (and accountants, cluster admins); for a
    manager of one part's asset, the parts' assets, times and statuses without the member's notes or payers."""
    parts = list(bundle.parts.all())
    full = is_accountant_or_admin(user) or bundle.member_id in member_ids(user)
    booked = [part for part in parts if part.status in (*BLOCKING, Status.COMPLETED)]
    return {
        "id": bundle.id,
        "title": bundle.title,
        "notes": bundle.notes if full else "",
        "member": {"id": bundle.member_id, "name": bundle.member.name},
        "created_at": bundle.created_at,
        "status": bundle_status(parts),
        "total": _total(booked or parts),
        "parts": [
            {
                "id": part.id,
                "asset": part.asset_id,
                "asset_name": part.asset.name,
                "start": part.start,
                "end": part.end,
                "status": part.status,
                "awaiting_approval": part.status == Status.PENDING and part.bundle_approved_at is None,
                "mine": full or can_change(user, part),
            }
            for part in parts
        ],
        "payers": _payers(bundle, booked) if full else [],
    }


def bundle_for_part(user, reservation: Reservation) -> Bundle:
    """The bundle of a part the user sees (404 otherwise)."""
    bundle = bundles_visible_to(user).filter(id=reservation.bundle_id).first()
    if bundle is None:
        raise NotFound()
    return bundle
