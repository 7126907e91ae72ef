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
