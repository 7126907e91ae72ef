"""What giving up booked time costs: the late-cancellation fee, and the rule that a booker cannot dodge it by
moving or shortening an approved booking once the free-cancellation limit has passed."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from accounts.permissions import manages_asset
from assets.pricing import money, quote, round_minor
from sinergia.exceptions import Conflict

from .models import Reservation, Status
from .selectors import is_stranded

# Cancellations the facility decides (a closure for maintenance, a change of the asset's rules): the member is charged
# nothing, whenever it is.
FEE_FREE_CANCELLATIONS = frozenset({"cancelled_for_maintenance", "cancelled_for_rule_change", "cancelled_with_bundle"})


@dataclass(frozen=True)
class CancellationFee:
    fee_minor: int | None
    vat_minor: int
    currency: str | None
    free_until: datetime
    percent: int


def _late_fee(reservation: Reservation, given_up_minor: int) -> tuple[int, int]:
    """(fee, VAT inside it): the asset's late percent of `given_up_minor`, VAT in the frozen quote's proportion."""
    frozen = reservation.quote
    fee = round_minor(Decimal(given_up_minor) * reservation.asset.late_cancellation_fee_percent / 100)
    vat = round_minor(Decimal(frozen["vat_minor"]) * fee / frozen["total_minor"]) if frozen["total_minor"] else 0
    return fee, vat


def release_fee_waived(reservation: Reservation) -> bool:
    """A released booking pays the asset's no-show fee, unless the asset was out of service during it (nobody
    could check in). Billing charges by this and the release e-mail says so."""
    return is_stranded(reservation)


def in_fee_window(reservation: Reservation, *, at: datetime) -> bool:
    """An approved, priced reservation past its asset's free-cancellation limit, unless an incident stranded it
    (the facility took the time: moving or cancelling it costs the member nothing)."""
    free_until = reservation.start - reservation.asset.free_cancellation
    return (
        bool(reservation.quote)
        and reservation.status == Status.APPROVED
        and at >= free_until
        and not is_stranded(reservation)
    )


def cancellation_fee(reservation: Reservation, *, at: datetime) -> CancellationFee:
    """What cancelling `reservation` at `at` costs: nothing before the free-cancellation limit or while
    still pending, then the asset's late fee percent of the frozen total. None when it has no price."""
    asset = reservation.asset
    free_until = reservation.start - asset.free_cancellation
    percent = asset.late_cancellation_fee_percent
    if not reservation.quote:
        return CancellationFee(None, 0, None, free_until, percent)
    currency = reservation.quote["currency"]
    if not in_fee_window(reservation, at=at):
        return CancellationFee(0, 0, currency, free_until, percent)
    fee, vat = _late_fee(reservation, reservation.quote["total_minor"])
    return CancellationFee(fee, vat, currency, free_until, percent)


def gives_up_time(reservation: Reservation, start: datetime, end: datetime) -> bool:
    """True unless the new period contains the whole booked one (a lengthening)."""
    return not (start <= reservation.start and reservation.end <= end)


def _kept_minor(reservation: Reservation, start: datetime, end: datetime) -> int:
    """The price, in the frozen quote's currency, of the booked time the new period keeps."""
    kept_start, kept_end = max(start, reservation.start), min(end, reservation.end)
    if kept_start >= kept_end:
        return 0
    kept = quote(asset=reservation.asset, tier=reservation.member.tier, start=kept_start, end=kept_end)
    return kept.total_minor if kept and kept.currency == reservation.quote["currency"] else 0


def late_change_fee(reservation: Reservation, *, start: datetime, end: datetime, at: datetime) -> CancellationFee:
    """The late fee on the booked time that moving `reservation` to start–end gives up (0 outside the window)."""
    fee = cancellation_fee(reservation, at=at)
    if not fee.fee_minor or not gives_up_time(reservation, start, end):
        return CancellationFee(0, 0, fee.currency, fee.free_until, fee.percent)
    given_up = max(0, reservation.quote["total_minor"] - _kept_minor(reservation, start, end))
    amount, vat = _late_fee(reservation, given_up)
    return CancellationFee(amount, vat, fee.currency, fee.free_until, fee.percent)


def late_changes_refused(reservation: Reservation, user, *, at: datetime) -> bool:
    """Whether `user` is refused changes that give up time now: inside the fee window, unless the user manages
    the asset (a facility's own decision to move a booking costs the member nothing)."""
    return in_fee_window(reservation, at=at) and not manages_asset(user, reservation.asset)


def late_change_text(reservation: Reservation, user, *, at: datetime) -> str:
    if late_changes_refused(reservation, user, at=at):
        return _(
            "The free-cancellation limit has passed: moving or shortening this booking is refused, because it would "
            "give up booked time without its late-cancellation fee. You may lengthen it, or cancel it and pay the fee."
        )
    if in_fee_window(reservation, at=at):
        return _("As a manager of this asset you may move or shorten this booking; the member is not charged.")
    if reservation.status == Status.APPROVED and is_stranded(reservation):
        return _("The asset is out of service during this booking: moving or cancelling it costs nothing.")
    return _("Moving or shortening this booking is free until the free-cancellation limit.")


def refuse_late_change(reservation: Reservation, *, by, start: datetime, end: datetime, at: datetime) -> None:
    """Raise Conflict `late_change_fee` (with the fee and the limit) when `by` may not give up this time now."""
    if not late_changes_refused(reservation, by, at=at):
        return
    fee = late_change_fee(reservation, start=start, end=end, at=at)
    if not fee.fee_minor:
        return
    raise Conflict(
        _(
            "The free-cancellation limit has passed: this change gives up booked time, which would cost a "
            "late-cancellation fee of %(fee)s %(currency)s. Lengthen the booking instead, or cancel it and pay the fee."
        )
        % {"fee": money(fee.fee_minor, fee.currency)["amount"], "currency": fee.currency},
        code="late_change_fee",
        fee=money(fee.fee_minor, fee.currency),
        free_until=fee.free_until.isoformat(),
    )
