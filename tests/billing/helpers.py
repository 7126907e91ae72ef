"""Billing test helpers: reservations in the past with a given status, made the way services leave them."""

from datetime import UTC, datetime

from assets.pricing import quote
from billing import services
from bookings.models import Reservation, Status


def utc(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def past_reservation(*, asset, member, booked_by, start, end, status=Status.COMPLETED) -> Reservation:
    """A reservation booked (approved, quote frozen, charge and booking share created), then moved to `status`
    directly, as the beat task does for completions."""
    priced = quote(asset=asset, tier=member.tier, start=start, end=end)
    reservation = Reservation.objects.create(
        asset=asset,
        member=member,
        booked_by=booked_by,
        start=start,
        end=end,
        blocked_start=start,
        blocked_end=end,
        status=Status.APPROVED,
        title="Shoot",
        quote=priced.as_dict() if priced else None,
    )
    services.charge_sync(reservation=reservation)
    if status != Status.APPROVED:
        reservation.status = status
        reservation.save(update_fields=["status"])
        services.charge_sync(reservation=reservation)
    return Reservation.objects.select_related("charge").get(id=reservation.id)


def bookings_of_a_month(*, asset, payers, year: int, month: int = 3) -> None:
    """Completed one-hour bookings in `month`: the n-th (member, booker) of `payers` books n + 1 of them, at its
    own hour, so each member's statement differs and no two bookings overlap."""
    for index, (member, booker) in enumerate(payers):
        for day in range(3, 4 + index):
            start, end = utc(year, month, day, 7 + index), utc(year, month, day, 8 + index)
            past_reservation(asset=asset, member=member, booked_by=booker, start=start, end=end)


def close_outcome(period) -> list[tuple]:
    """What a close made, year aside: per statement by number, its sequence number, member, lines and totals."""
    from billing.models import Statement

    return [
        (
            statement.number.rsplit("-", 1)[1],
            statement.member_id,
            [(line.kind, line.amount_minor, line.vat_minor, line.currency) for line in statement.lines.order_by("id")],
            statement.totals,
        )
        for statement in Statement.objects.filter(period=period).order_by("number")
    ]
