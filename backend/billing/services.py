"""Billing state changes: charges, cost shares and consent, period close, Stripe invoices and webhooks.
One transaction each (a period's close: one per statement).

Signals of billing/signals.py are sent inside these transactions; Stripe is called only by the worker's tasks
(billing/tasks.py), queued on commit.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import selectors as accounts
from accounts.models import Member, Membership, User
from accounts.permissions import can_decide_share, can_set_shares, is_accountant_or_admin
from assets.models import BillingBasis
from assets.pricing import money, price_rule_for, round_minor
from audit import services as audit
from bookings import series_services
from bookings.fees import FEE_FREE_CANCELLATIONS, release_fee_waived
from bookings.models import Reservation, ReservationEvent, Series, Status
from consumables.billing import item_statement_lines
from consumables.pricing import with_items
from insights import stale as insights_stale
from sinergia.exceptions import Conflict, Forbidden, InvalidTransition, NotFound, RateLimited, RuleViolation

from . import operator_shares, selectors, signals, stripe_client
from .allocation import allocate
from .models import (
    Adjustment,
    BillingPeriod,
    ChargeKind,
    CostShare,
    ReservationCharge,
    ShareProposal,
    Statement,
    StatementCounter,
    StatementLine,
    StripeInvoice,
    WebhookEvent,
)

MAX_PAYERS = 50
MAX_WEIGHT = Decimal("1000000")


# --- Charges -------------------------------------------------------------------------------------------


def _charge_values(reservation: Reservation, event: ReservationEvent | None) -> dict:
    """The charge a reservation carries in its current status."""
    quote = reservation.quote
    full = {"net_minor": quote["net_minor"], "vat_minor": quote["vat_minor"], "total_minor": quote["total_minor"]}
    nothing = {"net_minor": 0, "vat_minor": 0, "total_minor": 0, "due_at": None}
    at = event.at if event else timezone.now()
    if reservation.status in (Status.PENDING, Status.APPROVED):
        return {"kind": ChargeKind.BOOKED, "due_at": None, **with_items(full, reservation.items_quote)}
    if reservation.status == Status.COMPLETED:
        billed = with_items(_billed_use(reservation, full), reservation.items_quote)
        return {"kind": ChargeKind.COMPLETED, "due_at": reservation.end, **billed}
    if reservation.status == Status.RELEASED and release_fee_waived(reservation):
        return {"kind": ChargeKind.NONE, **nothing}  # nobody could check in: the asset was out of service
    if reservation.status in (Status.NO_SHOW, Status.RELEASED):
        kind = ChargeKind.NO_SHOW if reservation.status == Status.NO_SHOW else ChargeKind.RELEASED
        return {"kind": kind, "due_at": at, **_no_show_fee(reservation)}
    if reservation.status == Status.CANCELLED and event is not None and event.action not in FEE_FREE_CANCELLATIONS:
        # The fee is judged on the status the reservation had just before the cancellation.
        reservation.status = event.from_status
        fee = selectors.cancellation_fee(reservation, at=at)
        reservation.status = Status.CANCELLED
        if fee.fee_minor:
            return {
                "kind": ChargeKind.CANCELLATION_FEE,
                "due_at": at,
                "net_minor": fee.fee_minor - fee.vat_minor,
                "vat_minor": fee.vat_minor,
                "total_minor": fee.fee_minor,
            }
    return {"kind": ChargeKind.NONE, **nothing}


def _billed_use(reservation: Reservation, booked: dict) -> dict:
    """What a completed booking bills under its asset's billing basis: the booked time (the frozen quote), the time
    used (`used_quote`, priced at check-out) or the greater of both. Without a recorded use, the booked time."""
    used = reservation.used_quote
    basis = reservation.asset.billing_basis
    if basis == BillingBasis.BOOKED or not used or used["currency"] != reservation.quote["currency"]:
        return booked
    used = {"net_minor": used["net_minor"], "vat_minor": used["vat_minor"], "total_minor": used["total_minor"]}
    if basis == BillingBasis.GREATER and booked["total_minor"] >= used["total_minor"]:
        return booked
    return used


def _no_show_fee(reservation: Reservation) -> dict:
    """The asset's no-show fee percent of the frozen total (VAT in the quote's proportion): a booking marked as a
    no-show, or released because nobody checked in."""
    frozen = reservation.quote
    fee = round_minor(Decimal(frozen["total_minor"]) * reservation.asset.no_show_fee_percent / 100)
    vat = round_minor(Decimal(frozen["vat_minor"]) * fee / frozen["total_minor"]) if frozen["total_minor"] else 0
    return {"net_minor": fee - vat, "vat_minor": vat, "total_minor": fee}


def charge_sync(*, reservation: Reservation, event: ReservationEvent | None = None) -> ReservationCharge | None:
    """Bring the reservation's charge in line with its status and frozen quote and re-split its shares.

    Runs inside the reservation's transaction (see receivers). A billed charge never changes.
    """
    if not reservation.quote:
        return None
    if event is not None and event.action == "created":
        return _charge_create(reservation, event)
    with transaction.atomic():
        return _charge_sync(reservation, event)


def _charge_create(reservation: Reservation, event: ReservationEvent) -> ReservationCharge:
    """A new reservation's charge and its booking member's share, in two inserts (the hot path of a booking)."""
    charge = ReservationCharge.objects.create(
        reservation=reservation, currency=reservation.quote["currency"], **_charge_values(reservation, event)
    )
    CostShare.objects.create(
        reservation=reservation,
        member_id=reservation.member_id,
        weight=1,
        currency=charge.currency,
        amount_minor=charge.total_minor,
        vat_minor=charge.vat_minor,
        state=CostShare.State.ACCEPTED,
        accepted_amount_minor=charge.total_minor,
        accepted_currency=charge.currency,
        decided_by_id=reservation.booked_by_id,
        decided_at=event.at,
    )
    return charge


def _charge_sync(reservation: Reservation, event: ReservationEvent | None) -> ReservationCharge:
    values = _charge_values(reservation, event)
    charge, created = ReservationCharge.objects.select_for_update().get_or_create(
        reservation=reservation, defaults={"currency": reservation.quote["currency"], **values}
    )
    if created:
        _resplit(reservation, charge)
        return charge
    if charge.billed_in_id is not None:
        return charge
    before = (charge.kind, charge.currency, charge.total_minor, charge.vat_minor)
    charge.currency = reservation.quote["currency"]
    for field, value in values.items():
        setattr(charge, field, value)
    charge.save()
    if before != (charge.kind, charge.currency, charge.total_minor, charge.vat_minor):
        _shares, to_ask = _resplit(reservation, charge)
        by = event.by if event else None
        _propose(reservation, to_ask, by=by, now=timezone.now(), refuse_beyond_limit=False)
    return charge


def _booking_share(reservation: Reservation, charge: ReservationCharge) -> CostShare:
    """The booking member's share, accepted whatever its amount: it pays what nobody else agreed to."""
    share = CostShare(
        reservation=reservation, member_id=reservation.member_id, weight=0, currency=charge.currency, amount_minor=0,
        decided_by_id=reservation.booked_by_id, decided_at=timezone.now(),
    )  # fmt: skip
    share.accept_current_amount()
    share.save()
    return share


def _resplit(reservation: Reservation, charge: ReservationCharge) -> tuple[list[CostShare], list[CostShare]]:
    """Split the charge by the shares' weights (a declined share's weight falls back to the booking member) and
    keep consent: returns the shares, and the co-payer shares to ask (again) because they grew."""
    shares = list(CostShare.objects.select_for_update().filter(reservation=reservation).order_by("member_id"))
    booking_share = next((s for s in shares if s.member_id == reservation.member_id), None)
    if booking_share is None:
        booking_share = _booking_share(reservation, charge)
        shares.append(booking_share)
    weights = {s.member_id: Decimal(0) if s.state == CostShare.State.DECLINED else s.weight for s in shares}
    weights[booking_share.member_id] += sum((s.weight for s in shares if s.state == CostShare.State.DECLINED), 0)
    if not any(weights.values()):
        weights[booking_share.member_id] = Decimal(1)
    before = {share.member_id: (share.amount_minor, share.currency) for share in shares}
    _assign_amounts(shares, charge, weights)
    to_ask = _keep_consent(reservation, shares, before)
    CostShare.objects.bulk_update(shares, RESPLIT_FIELDS)
    return sorted(shares, key=lambda s: s.member_id), to_ask


def _assign_amounts(shares: list[CostShare], charge: ReservationCharge, weights: dict[int, Decimal]) -> None:
    """Each share's amount and VAT: the charge split by `weights` (largest remainder), VAT in proportion."""
    amounts = allocate(charge.total_minor, weights)
    vats = allocate(charge.vat_minor, amounts) if charge.total_minor else dict.fromkeys(amounts, 0)
    for share in shares:
        share.currency = charge.currency
        share.amount_minor = amounts[share.member_id]
        share.vat_minor = vats[share.member_id]


RESPLIT_FIELDS = [
    "currency", "amount_minor", "vat_minor", "state", "decided_by", "decided_at", "accepted_amount_minor",
    "accepted_currency",
]  # fmt: skip


def _keep_consent(
    reservation: Reservation, shares: list[CostShare], before: dict[int, tuple[int, str]]
) -> list[CostShare]:
    """A payer is never billed more than it last accepted: an accepted co-payer share that now exceeds what its
    payer accepted (or is in another currency) goes back to proposed. Returns the co-payer shares to ask: those
    and the still-proposed ones that grew. The booking member's share stays accepted (it is the fallback payer)."""
    to_ask = []
    for share in shares:
        if share.member_id == reservation.member_id:
            share.accept_current_amount()
        elif share.state == CostShare.State.ACCEPTED and share.exceeds_consent:
            share.state, share.decided_by, share.decided_at = CostShare.State.PROPOSED, None, None
            to_ask.append(share)
        elif share.state == CostShare.State.PROPOSED:
            old_amount, old_currency = before[share.member_id]
            if share.amount_minor > old_amount or share.currency != old_currency:
                to_ask.append(share)
    return to_ask


def _fall_back_to_booking_member(reservation: Reservation, declined: list[CostShare]) -> None:
    """Move declined shares' amounts to the booking member's share, leaving every other payer's amount as it is
    (a re-split by weight could round another accepted share up by a unit)."""
    booking_share = CostShare.objects.select_for_update().get(reservation=reservation, member_id=reservation.member_id)
    for share in declined:
        booking_share.amount_minor += share.amount_minor
        booking_share.vat_minor += share.vat_minor
        share.amount_minor = share.vat_minor = 0
    booking_share.accept_current_amount()
    CostShare.objects.bulk_update([*declined, booking_share], RESPLIT_FIELDS)
    insights_stale.reservation_changed(reservation)  # who paid what moved


def _recent_proposals(reservation: Reservation, since: datetime) -> dict[int, tuple[int, datetime]]:
    """{payer member id: (proposals e-mailed since `since`, the first of them)} for one reservation."""
    rows = (
        ShareProposal.objects.filter(reservation=reservation, at__gte=since)
        .values_list("member_id")
        .annotate(count=Count("id"), first=Min("at"))
        .order_by()
    )
    return {member_id: (count, first) for member_id, count, first in rows}


PROPOSAL_WINDOW = timedelta(hours=1)


def _propose(
    reservation: Reservation, shares: list[CostShare], *, by: User | None, now: datetime, refuse_beyond_limit: bool
) -> None:
    """Ask each payer of `shares` by e-mail, at most SHARE_PROPOSALS_PER_HOUR times per payer and reservation.

    Beyond the limit a request that proposes (a PUT of shares) is refused with RateLimited, and the caller's
    transaction rolls back; an automatic re-proposal (new times, a fee) leaves the share proposed, unmailed.
    The count is rows of the database, read under the reservation's lock, so it holds across processes.
    """
    if not shares:
        return
    recent = _recent_proposals(reservation, now - PROPOSAL_WINDOW)
    limit = settings.SHARE_PROPOSALS_PER_HOUR
    mailed = []
    for share in shares:
        count, first = recent.get(share.member_id, (0, now))
        if count < limit:
            mailed.append(share)
        elif refuse_beyond_limit:
            retry_after = max(1, int((first + PROPOSAL_WINDOW - now).total_seconds()) + 1)
            raise RateLimited(
                _("%(member)s was asked about this booking %(count)s times in the last hour; try again later.")
                % {"member": share.member.name, "count": count},
                code="too_many_proposals",
                retry_after=retry_after,
            )
    proposals = ShareProposal.objects.bulk_create(
        ShareProposal(reservation=reservation, member_id=share.member_id, at=now) for share in mailed
    )
    for share, proposal in zip(mailed, proposals, strict=True):
        signals.cost_share_proposed.send(sender=CostShare, share=share, by=by, proposal_id=proposal.id)


# --- Cost shares and consent ---------------------------------------------------------------------------


def _locked_charge(reservation: Reservation) -> ReservationCharge:
    Reservation.objects.select_for_update().only("id").get(id=reservation.id)
    charge = ReservationCharge.objects.select_for_update().filter(reservation=reservation).first()
    if charge is None:
        raise RuleViolation(
            _("This reservation has no price, so there is nothing to share."), code="no_price", field="reservation"
        )
    if charge.billed_in_id is not None:
        raise Conflict(_("This reservation is already on a statement; its shares can no longer change."), code="billed")
    return charge


def _check_payers(payers: list[tuple[Member, Decimal]]) -> None:
    if not payers:
        raise RuleViolation(_("Name at least one payer."), code="no_payers")
    if len(payers) > MAX_PAYERS:
        raise RuleViolation(_("At most %(count)s payers.") % {"count": MAX_PAYERS}, code="too_many_payers")
    seen = set()
    for member, weight in payers:
        if member.id in seen:
            raise RuleViolation(
                _("%(member)s is listed twice.") % {"member": member.name}, code="duplicate_payer", field="member"
            )
        seen.add(member.id)
        if not member.is_active:
            raise RuleViolation(
                _("%(member)s is not an active member.") % {"member": member.name}, code="inactive_member"
            )
        if not weight.is_finite() or weight <= 0 or weight > MAX_WEIGHT or weight != weight.quantize(Decimal("0.0001")):
            raise RuleViolation(
                _("A weight must be a positive number up to %(max)s with at most 4 decimals.") % {"max": MAX_WEIGHT},
                code="invalid_weight",
                field="weight",
            )


def cost_shares_set(
    *, reservation: Reservation, payers: list[tuple[Member, Decimal]], by: User, now: datetime | None = None
) -> list[CostShare]:
    """Split the reservation's charge between `payers` by weight. The booking member's share is accepted at once
    (kept with weight 0 when not listed, to take declined parts). A new co-payer, or one that declined and gets a
    new weight, is asked (proposed); an accepted share stays accepted unless it grows beyond what its payer
    accepted. Asking a payer more than SHARE_PROPOSALS_PER_HOUR times an hour is refused (429) and changes nothing."""
    if not can_set_shares(by, reservation):
        raise Forbidden(_("Only the booker or the member's admin can split this reservation's cost."))
    _check_payers(payers)
    now = now or timezone.now()
    with transaction.atomic():
        charge = _locked_charge(reservation)
        asked = _set_weights(reservation, charge, {member.id: weight for member, weight in payers}, by=by, now=now)
        shares, grown = _resplit(reservation, charge)
        asked.update(share.member_id for share in grown)
        _propose(reservation, [s for s in shares if s.member_id in asked], by=by, now=now, refuse_beyond_limit=True)
        operator_shares.follow_split(reservation, by=by, now=now)
        insights_stale.reservation_changed(reservation)
        return shares


def _set_weights(
    reservation: Reservation, charge: ReservationCharge, wanted: dict[int, Decimal], *, by: User, now: datetime
) -> set[int]:
    """Store the new weights: unlisted co-payers are removed, new ones proposed, a declined payer with a new
    weight asked again; the booking member's share is kept (weight 0 when unlisted) and accepted.
    Returns the members asked."""
    existing = {s.member_id: s for s in CostShare.objects.select_for_update().filter(reservation=reservation)}
    for member_id, share in existing.items():
        if member_id not in wanted and member_id != reservation.member_id:
            share.delete()
    wanted.setdefault(reservation.member_id, Decimal(0))
    asked = set()
    for member_id, weight in wanted.items():
        share = existing.get(member_id)
        if share is not None and share.weight == weight:
            continue
        if share is None:
            share = CostShare(reservation=reservation, member_id=member_id, currency=charge.currency)
        share.weight = weight
        if member_id == reservation.member_id:
            share.accept_current_amount()
            share.decided_by, share.decided_at = by, now
        elif share.pk is None or share.state == CostShare.State.DECLINED:
            share.state, share.decided_by, share.decided_at = CostShare.State.PROPOSED, None, None
            asked.add(member_id)
        share.save()
    return asked


def _decide(*, share: CostShare, by: User | None, state: str, notify: bool = True) -> CostShare:
    with transaction.atomic():
        share = CostShare.objects.select_for_update().select_related("reservation", "member").get(id=share.id)
        if share.state != CostShare.State.PROPOSED:
            raise InvalidTransition(
                _("This share is already %(state)s.") % {"state": share.get_state_display().lower()}, state=share.state
            )
        _locked_charge(share.reservation)
        if state == CostShare.State.ACCEPTED:
            share.accept_current_amount()
        else:
            share.state = state
            _fall_back_to_booking_member(share.reservation, [share])
        share.decided_by, share.decided_at = by, timezone.now()
        share.save(update_fields=["state", "decided_by", "decided_at", "accepted_amount_minor", "accepted_currency"])
        operator_shares.follow_decision(share, by=by, state=state)
        if notify:
            signals.cost_share_decided.send(sender=CostShare, share=share, by=by)
        return share


def _check_payer_admin(user: User, share: CostShare) -> None:
    if not can_decide_share(user, share):
        raise Forbidden(_("Only an admin of the paying member company can accept or decline its share."))


def _check_expected(amount_minor: int, currency: str, expected: tuple[int, str] | None) -> None:
    """Consent is to an amount: if the payer saw another one (the share changed since), nothing is accepted."""
    if expected is not None and expected != (amount_minor, currency):
        raise Conflict(
            _("The amount has changed to %(amount)s %(currency)s since you saw it; look at it again.")
            % {**money(amount_minor, currency)},
            code="amount_changed",
            amount=money(amount_minor, currency),
        )


def cost_share_accept(*, share: CostShare, by: User, expected: tuple[int, str] | None = None) -> CostShare:
    """Accept the share as it is now; with `expected` (minor units, currency: what the payer saw), only if it is
    still that amount."""
    _check_payer_admin(by, share)
    with transaction.atomic():
        locked = CostShare.objects.select_for_update().get(id=share.id)
        if locked.state == CostShare.State.PROPOSED:
            _check_expected(locked.amount_minor, locked.currency, expected)
        return _decide(share=locked, by=by, state=CostShare.State.ACCEPTED)


def cost_share_decline(*, share: CostShare, by: User) -> CostShare:
    """Decline; the share's part falls back to the booking member."""
    _check_payer_admin(by, share)
    return _decide(share=share, by=by, state=CostShare.State.DECLINED)


# --- Series --------------------------------------------------------------------------------------------


def series_create_with_shares(
    *, payers: list[tuple[Member, Decimal]] | None = None, by: User, **series
) -> tuple[Series | None, list[dict]]:
    """Create a series (`bookings.series_services.series_create`) and split every occurrence between `payers` in
    the same transaction. A split that cannot be applied (no price, a bad or inactive payer) is refused before
    anything is created, on a dry run too. Consent stays per occurrence; each payer is mailed once per series."""
    if not payers:
        return series_services.series_create(by=by, **series)
    _check_payers(payers)
    if price_rule_for(series["asset"], series["member"].tier) is None:
        raise RuleViolation(
            _("This asset has no price, so there is nothing to share."), code="no_price", field="shares"
        )
    with transaction.atomic():
        created, rows = series_services.series_create(by=by, **series)
        if created is not None:
            shares = _split_series(created, {member.id: weight for member, weight in payers}, by=by)
            rows = [_with_shares(row, shares) for row in rows]
    return created, rows


def _split_series(series: Series, weights: dict[int, Decimal], *, by: User) -> dict[int, list[CostShare]]:
    """Split each new occurrence's charge by `weights`: co-payers proposed, the booking member accepted.
    A few queries whatever the number of occurrences; one `series_shares_proposed` per co-payer."""
    now = timezone.now()
    reservations = list(series.occurrences.order_by("start"))
    charges = {c.reservation_id: c for c in ReservationCharge.objects.filter(reservation__in=reservations)}
    booking_shares = {
        s.reservation_id: s for s in CostShare.objects.select_for_update().filter(reservation__in=reservations)
    }
    proposed, by_reservation = [], {}
    for reservation in reservations:
        booking_share = booking_shares[reservation.id]
        booking_share.weight = weights.get(reservation.member_id, Decimal(0))
        theirs = [
            CostShare(reservation=reservation, member_id=member_id, weight=weight, state=CostShare.State.PROPOSED)
            for member_id, weight in weights.items()
            if member_id != reservation.member_id
        ]
        shares = [booking_share, *theirs]
        _assign_amounts(shares, charges[reservation.id], {share.member_id: share.weight for share in shares})
        booking_share.accept_current_amount()
        proposed += theirs
        by_reservation[reservation.id] = shares
    CostShare.objects.bulk_update(booking_shares.values(), [*RESPLIT_FIELDS, "weight"])
    CostShare.objects.bulk_create(proposed)
    ShareProposal.objects.bulk_create(
        ShareProposal(reservation_id=share.reservation_id, member_id=share.member_id, at=now) for share in proposed
    )
    for member_id in sorted({share.member_id for share in proposed}):
        signals.series_shares_proposed.send(
            sender=CostShare, series=series, shares=[s for s in proposed if s.member_id == member_id], by=by
        )
    return by_reservation


def _with_shares(row: dict, shares: dict[int, list[CostShare]]) -> dict:
    if row.get("reservation") is None:
        return row
    members = {m.id: m.name for m in Member.objects.filter(id__in=[s.member_id for s in shares[row["reservation"]]])}
    return {**row, "shares": [
        {"member": {"id": share.member_id, "name": members[share.member_id]},
         "amount": money(share.amount_minor, share.currency), "state": share.state}
        for share in sorted(shares[row["reservation"]], key=lambda s: s.member_id)
    ]}  # fmt: skip


def series_shares_decide(
    *, series_id: int, by: User, accept: bool, member: Member | None = None, expected: tuple[int, str] | None = None
) -> list[CostShare]:
    """Accept or decline, at once, every proposed share of one payer in a series (not yet billed), as that
    payer's member admin. `member` names the payer when the caller administers several of the series' payers;
    `expected` (minor units, currency) is the total the payer saw: accepting refuses if the shares add up to
    another. The booker and its member's admins get one e-mail for the whole decision."""
    payers = accounts.member_ids(by, role=Membership.Role.MEMBER_ADMIN)
    if member is not None:
        payers &= {member.id}
    state = CostShare.State.ACCEPTED if accept else CostShare.State.DECLINED
    with transaction.atomic():
        pending = list(
            CostShare.objects.select_for_update(of=("self",)).filter(
                reservation__series_id=series_id, member_id__in=payers, state=CostShare.State.PROPOSED,
                reservation__charge__billed_in__isnull=True,
            ).order_by("reservation__start")
        )  # fmt: skip
        if not pending:
            raise NotFound(_("No share of this series waits for your decision."))
        if len({share.member_id for share in pending}) > 1:
            raise RuleViolation(_("You decide for several payers of this series: name the member."), field="member")
        if accept and expected is not None:
            currencies = {share.currency for share in pending}
            total = sum(share.amount_minor for share in pending)
            _check_expected(total, pending[0].currency if len(currencies) == 1 else "", expected)
        decided = [_decide(share=share, by=by, state=state, notify=False) for share in pending]
        series = Series.objects.get(id=series_id)
        signals.series_shares_decided.send(sender=CostShare, series=series, shares=decided, by=by)
        return decided


# --- Billing periods and statements ----------------------------------------------------------------------


def billing_period_for(*, year: int, month: int) -> BillingPeriod:
    start, end = selectors.month_bounds(year, month)
    period, _created = BillingPeriod.objects.get_or_create(
        year=year, month=month, defaults={"start": start, "end": end}
    )
    return period


def _next_statement_number(year: int) -> str:
    """Sequential per year without gaps: the counter row stays locked until the statement's transaction ends."""
    StatementCounter.objects.get_or_create(year=year)
    counter = StatementCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"SIN-{year}-{counter.last_number:06d}"


SHARE_LINE_FIELDS = (
    "id", "currency", "amount_minor", "vat_minor", "reservation_id", "reservation__charge__kind",
    "reservation__asset__name", "reservation__start", "reservation__items_quote", "reservation__charge__total_minor",
    "reservation__charge__vat_minor",
)  # fmt: skip
CLOSE_CHUNK = 5000


def _share_description(kind: str, reservation_id: int, asset_name: str, start: datetime) -> str:
    what = {
        ChargeKind.COMPLETED: _("Booking"),
        ChargeKind.CANCELLATION_FEE: _("Late cancellation fee"),
        ChargeKind.NO_SHOW: _("No-show"),
        ChargeKind.RELEASED: _("Released unused"),
    }[kind]
    return f"{what} #{reservation_id} {asset_name} {start:%Y-%m-%d %H:%M}"[:300]


def _chunks(ids: list[int]):
    for offset in range(0, len(ids), CLOSE_CHUNK):
        yield ids[offset : offset + CLOSE_CHUNK]


def _settle_undecided(charge_ids: list[int], now: datetime) -> None:
    """Shares not accepted when their month closes (never answered, or raised after an acceptance) are declined:
    their amounts move to the booking member, and no accepted payer's amount changes."""
    for chunk in _chunks(charge_ids):
        undecided = (
            CostShare.objects.select_for_update()
            .filter(reservation__charge__id__in=chunk, state=CostShare.State.PROPOSED)
            .select_related("reservation", "member")
            .order_by("reservation_id", "member_id")
        )
        by_reservation: dict[int, list[CostShare]] = {}
        for share in undecided:
            share.state, share.decided_at = CostShare.State.DECLINED, now
            by_reservation.setdefault(share.reservation_id, []).append(share)
        for shares in by_reservation.values():
            _fall_back_to_booking_member(shares[0].reservation, shares)
            for share in shares:
                signals.cost_share_decided.send(sender=CostShare, share=share, by=None)


def billing_period_close_request(*, period: BillingPeriod, by: User, now: datetime | None = None) -> BillingPeriod:
    """Ask for a month's close (the API): it becomes `closing` and the worker closes it
    (billing.tasks.close_billing_period, queued on commit). Closing or closed already: 409."""
    return _close_begin(period=period, by=by, now=now or timezone.now(), queue=True)


def billing_period_close(*, period: BillingPeriod, by: User, now: datetime | None = None) -> BillingPeriod:
    """Close a month at once in this process (the benchmark, tests, a shell): the request's checks, then the
    worker's close, `billing_period_close_run`."""
    period = _close_begin(period=period, by=by, now=now or timezone.now(), queue=False)
    return billing_period_close_run(period_id=period.id)


def _close_begin(*, period: BillingPeriod, by: User, now: datetime, queue: bool) -> BillingPeriod:
    if not is_accountant_or_admin(by):
        raise Forbidden(_("Only accountants and cluster admins can close billing periods."))
    # Refused before any lock: a running close holds the period's row while it makes each statement.
    _check_closable(BillingPeriod.objects.get(id=period.id), now)
    with transaction.atomic():
        period = BillingPeriod.objects.select_for_update().get(id=period.id)
        _check_closable(period, now)
        audit.record(
            by=by, action="billing_period.close", target=period,
            before={"state": period.state}, after={"state": BillingPeriod.State.CLOSING},
        )  # fmt: skip
        period.state, period.closing_since, period.closed_by = BillingPeriod.State.CLOSING, now, by
        period.statements_made, period.statements_to_make, period.close_progress_at = 0, None, timezone.now()
        period.save(update_fields=[
            "state", "closing_since", "closed_by", "statements_made", "statements_to_make", "close_progress_at",
        ])  # fmt: skip
        if queue:
            transaction.on_commit(lambda: _queue_close(period.id), robust=True)
        return period


def _check_closable(period: BillingPeriod, now: datetime) -> None:
    refusal = selectors.close_refusal(period, now)
    if refusal is not None:
        raise refusal


def _queue_close(period_id: int) -> None:
    from .tasks import close_billing_period

    close_billing_period.delay(period_id)


def billing_period_close_run(*, period_id: int) -> BillingPeriod:
    """Close a `closing` period (what the worker runs): settle and take its charges, then one numbered statement
    per payer, each in its own transaction, then `closed`. After a crash it runs again and goes on from the last
    statement made, so the numbers have no gap and no duplicate; a second run at the same time waits and skips."""
    period = _close_plan(period_id)
    if period.state != BillingPeriod.State.CLOSING:
        return period
    with translation.override(settings.LANGUAGE_CODE):  # lines read alike whoever asked and whichever run made them
        for member_id in _close_payers(period):
            _close_statement(period_id, member_id)
    return _close_finish(period_id)


def _billed_shares(period: BillingPeriod):
    return CostShare.objects.filter(
        reservation__charge__billed_in=period, state=CostShare.State.ACCEPTED, amount_minor__gt=0
    )


def _close_payers(period: BillingPeriod) -> list[int]:
    """The members that get a statement: payers of the period's accepted shares and of its adjustments."""
    sharers = _billed_shares(period).order_by().values_list("member_id", flat=True).distinct()
    adjusted = Adjustment.objects.filter(billed_in=period).order_by().values_list("member_id", flat=True).distinct()
    return sorted({*sharers, *adjusted})


def _close_plan(period_id: int) -> BillingPeriod:
    """Once per close: still-undecided shares fall back to the booking member, and the charges due and the pending
    adjustments are taken by the period (`billed_in`), so no booking change moves them while statements are made.
    Charges are handled in chunks with a bounded number of queries each."""
    with transaction.atomic():
        period = BillingPeriod.objects.select_for_update().get(id=period_id)
        if period.state != BillingPeriod.State.CLOSING or period.statements_to_make is not None:
            return period
        now = period.closing_since
        charge_ids = list(
            selectors.charges_to_bill(period)
            .select_for_update(of=("self",))
            .order_by("id")
            .values_list("id", flat=True)
        )
        _settle_undecided(charge_ids, now)
        for chunk in _chunks(charge_ids):
            ReservationCharge.objects.filter(id__in=chunk).update(billed_in=period, updated_at=now)
        Adjustment.objects.filter(billed_in__isnull=True).update(billed_in=period)
        period.statements_to_make = len(_close_payers(period))
        period.close_progress_at = timezone.now()
        period.save(update_fields=["statements_to_make", "close_progress_at"])
        return period


def _close_statement(period_id: int, member_id: int) -> Statement | None:
    """One payer's statement, whole or not at all: its number, a line per accepted share (streamed in chunks) and
    per adjustment, its totals. None when it exists already (a resumed or parallel close)."""
    with transaction.atomic():
        period = BillingPeriod.objects.select_for_update().get(id=period_id)
        if period.state != BillingPeriod.State.CLOSING or period.statements.filter(member_id=member_id).exists():
            return None
        stripe_on = bool(settings.STRIPE_SECRET_KEY)
        statement = Statement.objects.create(
            number=_next_statement_number(period.year), member_id=member_id, period=period,
            issued_at=period.closing_since, invoicing_changed_at=timezone.now(),
            invoicing_state=Statement.Invoicing.PENDING if stripe_on else Statement.Invoicing.NOT_SENT,
        )  # fmt: skip
        shares = _billed_shares(period).filter(member_id=member_id).order_by("reservation_id")
        lines = []
        for share_id, currency, amount, vat, reservation_id, kind, asset, start, items, *charge in shares.values_list(
            *SHARE_LINE_FIELDS
        ).iterator(chunk_size=CLOSE_CHUNK):
            line = StatementLine(
                statement=statement, kind=StatementLine.Kind.SHARE, cost_share_id=share_id,
                reservation_id=reservation_id, description=_share_description(kind, reservation_id, asset, start),
                currency=currency, net_minor=amount - vat, vat_minor=vat, amount_minor=amount,
            )  # fmt: skip
            lines += item_statement_lines(line, items, *charge) if items and kind == ChargeKind.COMPLETED else [line]
            if len(lines) >= CLOSE_CHUNK:
                StatementLine.objects.bulk_create(lines)
                lines = []
        for adjustment in Adjustment.objects.filter(billed_in=period, member_id=member_id).order_by("id"):
            lines.append(StatementLine(
                statement=statement, kind=StatementLine.Kind.ADJUSTMENT, adjustment=adjustment,
                reservation_id=adjustment.reservation_id, description=adjustment.description,
                currency=adjustment.currency, net_minor=adjustment.amount_minor - adjustment.vat_minor,
                vat_minor=adjustment.vat_minor, amount_minor=adjustment.amount_minor,
            ))  # fmt: skip
        StatementLine.objects.bulk_create(lines)
        sums = selectors.statement_sums([statement.id])[statement.id]
        statement.totals = {currency: list(total) for currency, total in sorted(sums.items())}
        statement.save(update_fields=["totals"])
        period.statements_made += 1
        period.close_progress_at = timezone.now()
        period.save(update_fields=["statements_made", "close_progress_at"])
        signals.statement_issued.send(sender=Statement, statement=statement)
        if stripe_on:
            transaction.on_commit(lambda: _queue_invoice(statement.id), robust=True)
        return statement


def _close_finish(period_id: int) -> BillingPeriod:
    with transaction.atomic():
        period = BillingPeriod.objects.select_for_update().get(id=period_id)
        if period.state != BillingPeriod.State.CLOSING:
            return period
        period.state, period.closed_at = BillingPeriod.State.CLOSED, timezone.now()
        period.statements_made = period.statements.count()
        period.save(update_fields=["state", "closed_at", "statements_made"])
        next_start = selectors.month_bounds(period.year, period.month)[1]
        billing_period_for(year=next_start.year, month=next_start.month)
        return period


def billing_closes_to_resume(*, now: datetime) -> list[int]:
    """Closes that have not moved for CLOSE_STALLED_AFTER (their task lost): marked as moving now, for the sweep
    to queue again. A close whose task is only slow is still safe to run twice."""
    ids = list(selectors.stalled_closes(now).values_list("id", flat=True))
    BillingPeriod.objects.filter(id__in=ids).update(close_progress_at=now)
    return ids


# --- Stripe invoices ---------------------------------------------------------------------------------------


def _queue_invoice(statement_id: int) -> None:
    from .tasks import invoice_statement

    invoice_statement.delay(statement_id)


def statement_invoice_send(*, statement_id: int) -> Statement:
    """Invoice a statement in Stripe (billing.tasks.invoice_statement) and record the outcome on it: invoiced, or
    failed with the error, which is raised again for the task to retry. Idempotent by our statement id: a retry,
    or a second task for the same statement, creates no second invoice."""
    statement = Statement.objects.select_related("member").get(id=statement_id)
    if statement.invoicing_state == Statement.Invoicing.INVOICED or not settings.STRIPE_SECRET_KEY:
        return statement
    try:
        stripe_client.statement_invoice(statement=statement)
    except Exception as exc:
        _invoicing_record(statement, Statement.Invoicing.FAILED, error=_error_text(exc))
        raise
    _invoicing_record(statement, Statement.Invoicing.INVOICED)
    return statement


def _error_text(exc: Exception) -> str:
    message = getattr(exc, "user_message", None) or str(exc) or type(exc).__name__
    return " ".join(message.split())[:500]


def _invoicing_record(statement: Statement, state: str, *, error: str = "") -> None:
    statement.invoicing_state, statement.invoicing_error = state, error
    statement.invoicing_changed_at = timezone.now()
    Statement.objects.filter(id=statement.id).exclude(invoicing_state=Statement.Invoicing.INVOICED).update(
        invoicing_state=state, invoicing_error=error, invoicing_changed_at=statement.invoicing_changed_at
    )


def statements_to_invoice_again(*, now: datetime) -> list[int]:
    """Statements still without their Stripe invoices INVOICE_SWEEP_AFTER after their last try (a lost task, or
    retries given up): marked as tried now, for the sweep to queue again. None while Stripe is off."""
    if not settings.STRIPE_SECRET_KEY:
        return []
    ids = list(selectors.statements_to_invoice(now).values_list("id", flat=True)[:SWEEP_BATCH])
    Statement.objects.filter(id__in=ids).update(invoicing_changed_at=now)
    return ids


SWEEP_BATCH = 500


# --- Stripe webhooks ---------------------------------------------------------------------------------------

# Where an invoice event moves our invoice. Paid and void are final: a late "payment failed" does not undo them.
INVOICE_EVENTS = {
    "invoice.paid": "paid",
    "invoice.payment_succeeded": "paid",
    "invoice.payment_failed": "failed",
    "invoice.voided": "void",
    "invoice.marked_uncollectible": "failed",
}
FINAL = {"paid", "void"}


def webhook_event_record(event: dict) -> WebhookEvent:
    """Store a verified Stripe event once by id and apply it once; a repeat (even a parallel one) changes nothing."""
    created = datetime.fromtimestamp(event.get("created", 0), tz=UTC)
    try:
        with transaction.atomic():
            record, is_new = WebhookEvent.objects.get_or_create(
                stripe_id=event["id"], defaults={"type": event.get("type", ""), "created": created, "payload": event}
            )
            if not is_new:
                return record
            record.outcome = _webhook_apply(event)
            record.processed_at = timezone.now()
            record.save(update_fields=["outcome", "processed_at"])
            return record
    except IntegrityError:
        # A parallel delivery of the same event committed first.
        return WebhookEvent.objects.get(stripe_id=event["id"])


def _webhook_apply(event: dict) -> str:
    target = INVOICE_EVENTS.get(event.get("type", ""))
    if target is None:
        return "ignored"
    stripe_id = (event.get("data", {}).get("object") or {}).get("id", "")
    invoice = StripeInvoice.objects.select_for_update().filter(stripe_id=stripe_id).first()
    if invoice is None:
        return "unknown invoice"
    statement = Statement.objects.select_for_update().get(id=invoice.statement_id)
    if invoice.status in FINAL or invoice.status == target:
        return f"kept {invoice.status}"
    invoice.status = target
    invoice.save(update_fields=["status"])
    status = _payment_status(list(statement.stripe_invoices.all()))
    if status != statement.payment_status:
        statement.payment_status = status
        statement.save(update_fields=["payment_status"])
    return f"invoice {target}"


def _payment_status(invoices: list[StripeInvoice]) -> str:
    statuses = {invoice.status for invoice in invoices}
    if statuses == {"paid"}:
        return Statement.PaymentStatus.PAID
    if statuses == {"void"}:
        return Statement.PaymentStatus.VOID
    if "failed" in statuses:
        return Statement.PaymentStatus.FAILED
    return Statement.PaymentStatus.OPEN


# --- Adjustments -------------------------------------------------------------------------------------------


def adjustment_create(
    *,
    member: Member,
    currency: str,
    amount_minor: int,
    description: str,
    by: User,
    vat_minor: int = 0,
    reservation: Reservation | None = None,
) -> Adjustment:
    """A correction (negative: a credit such as a refund or a waived fee) for the next statement of `member`."""
    if not is_accountant_or_admin(by):
        raise Forbidden(_("Only accountants and cluster admins can record adjustments."))
    if amount_minor == 0 or abs(vat_minor) > abs(amount_minor) or (vat_minor and (vat_minor > 0) != (amount_minor > 0)):
        raise RuleViolation(_("Give a non-zero amount whose VAT part has the same sign."), code="invalid_amount")
    return Adjustment.objects.create(
        member=member,
        currency=currency,
        amount_minor=amount_minor,
        vat_minor=vat_minor,
        description=description,
        created_by=by,
        reservation=reservation,
    )
