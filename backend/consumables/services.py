"""Consumables and add-ons: an asset's items (its managers define them) and a booking's quantities (estimated when
booking, actual after use). One transaction each; a booking's change is recorded in its events, which re-prices its
charge (billing/receivers.py): a payer whose share grows is asked again.

Stock: quantities held by pending and approved bookings plus those of completed ones (actual once confirmed) may not
exceed an item's stock; the check runs under the item's row lock, so two bookings cannot take the last units."""

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_change, manages_asset
from assets.models import Asset
from audit import services as audit
from billing.models import ReservationCharge
from bookings.models import BLOCKING, Reservation, Status
from bookings.services import _locked, _record
from sinergia.exceptions import Conflict, Forbidden, RuleViolation

from .models import Item, ReservationItem
from .pricing import items_quote

ITEM_FIELDS = ["name", "unit", "unit_price_minor", "stock", "active"]
HOLDING = (*BLOCKING, Status.COMPLETED)


# --- An asset's items -----------------------------------------------------------------------------------------


def _check_manages(by: User, asset: Asset) -> None:
    if not manages_asset(by, asset):
        raise Forbidden(_("Only the asset's managers can define its items."))


def _check_name(asset_id: int, name: str, exclude_id: int | None = None) -> None:
    if Item.objects.filter(asset_id=asset_id, name=name).exclude(id=exclude_id).exists():
        raise RuleViolation(_("The asset has an item of this name already."), code="duplicate_item", field="name")


def item_create(*, asset: Asset, by: User, **fields) -> Item:
    _check_manages(by, asset)
    with transaction.atomic():
        _check_name(asset.id, fields["name"])
        item = Item.objects.create(asset=asset, **fields)
        audit.record(by=by, action="item.create", target=item, after=audit.snapshot(item, ITEM_FIELDS), asset=asset)
        return item


def item_update(*, item: Item, by: User, **fields) -> Item:
    _check_manages(by, item.asset)
    with transaction.atomic():
        item = Item.objects.select_for_update().get(id=item.id)
        if "name" in fields:
            _check_name(item.asset_id, fields["name"], exclude_id=item.id)
        before = audit.snapshot(item, ITEM_FIELDS)
        for field, value in fields.items():
            setattr(item, field, value)
        item.save()
        audit.record(
            by=by, action="item.update", target=item, before=before, after=audit.snapshot(item, ITEM_FIELDS),
            asset=item.asset_id,
        )  # fmt: skip
        return item


def item_delete(*, item: Item, by: User) -> None:
    """Delete an item no booking has used (409 `item_in_use` otherwise: deactivate it instead)."""
    _check_manages(by, item.asset)
    with transaction.atomic():
        if ReservationItem.objects.filter(item_id=item.id).exists():
            raise Conflict(_("Bookings use this item; deactivate it instead."), code="item_in_use")
        audit.record(
            by=by, action="item.delete", target=item, before=audit.snapshot(item, ITEM_FIELDS), asset=item.asset_id
        )
        item.delete()


# --- A booking's items ----------------------------------------------------------------------------------------


def _wanted(entries: list[dict]) -> dict[int, int]:
    return {getattr(entry["item"], "pk", entry["item"]): entry["quantity"] for entry in entries}


def _locked_items(asset_id: int, item_ids, *, known: set[int]) -> dict[int, Item]:
    """The asset's items named, locked in id order; a new one must be active (400 `invalid_item`)."""
    items = {
        item.id: item
        for item in Item.objects.select_for_update().filter(asset_id=asset_id, id__in=item_ids).order_by("id")
    }
    for item_id in item_ids:
        item = items.get(item_id)
        if item is None or (not item.active and item_id not in known):
            raise RuleViolation(
                _("Choose among the asset's active items."), code="invalid_item", field="items", item=item_id
            )
    return items


def _check_stock(items: dict[int, Item], growth: dict[int, int], reservation_id: int | None) -> None:
    """409 `out_of_stock` when an item with stock would have more held and used than it has."""
    stocked = [item_id for item_id, more in growth.items() if more > 0 and items[item_id].stock is not None]
    if not stocked:
        return
    held = dict(
        ReservationItem.objects.filter(item_id__in=stocked, reservation__status__in=HOLDING)
        .exclude(reservation_id=reservation_id)
        .values_list("item_id")
        .annotate(held=Sum(Coalesce("quantity_actual", "quantity_estimated")))
        .order_by()
    )
    for item_id in stocked:
        item, left = items[item_id], items[item_id].stock - held.get(item_id, 0)
        if growth[item_id] > left:
            raise Conflict(
                _("Only %(left)s of %(item)s are left.") % {"left": max(left, 0), "item": item.name},
                code="out_of_stock", field="items", item=item_id, left=max(left, 0),
            )  # fmt: skip


def _reprice(reservation: Reservation) -> None:
    reservation.items_quote = items_quote(reservation.items.select_related("item").order_by("item_id"))
    reservation.save(update_fields=["items_quote", "updated_at"])


def items_attach(*, reservation: Reservation, entries: list[dict]) -> None:
    """A new booking's items (inside its creation's transaction, before its `created` event prices its charge),
    at the items' current unit prices and the quote's currency and VAT rate."""
    wanted = _wanted(entries)
    if not reservation.quote:
        raise RuleViolation(_("This asset has no price, so it offers no items."), code="no_price", field="items")
    items = _locked_items(reservation.asset_id, wanted, known=set())
    _check_stock(items, {item_id: quantity for item_id, quantity in wanted.items()}, None)
    currency, vat_rate = reservation.quote["currency"], Decimal(reservation.quote["vat_rate"])
    ReservationItem.objects.bulk_create(
        ReservationItem(
            reservation=reservation, item=items[item_id], quantity_estimated=quantity,
            unit_price_minor=items[item_id].unit_price_minor, currency=currency, vat_rate=vat_rate,
        )
        for item_id, quantity in sorted(wanted.items())
    )  # fmt: skip
    _reprice(reservation)


def items_stage(reservation: Reservation, now: datetime) -> str | None:
    """`estimated` before the start (changes the estimate), `actual` after check-out or completion (confirms what
    was used), None otherwise (in use, cancelled...)."""
    if reservation.status in BLOCKING and reservation.checked_in_at is None and now < reservation.start:
        return "estimated"
    if reservation.status == Status.COMPLETED or (
        reservation.status == Status.APPROVED and reservation.checked_out_at is not None
    ):
        return "actual"
    return None


def reservation_items_set(
    *, reservation: Reservation, by: User, entries: list[dict], now: datetime | None = None
) -> Reservation:
    """Set quantities of the booking's items (others unchanged; 0 removes an estimate or confirms none was used).
    Before the start the booker's company changes the estimates; after check-out or completion it (or the asset's
    managers) confirms the actual quantities. 409 `items_locked` at other times, `billed` once on a statement."""
    now = now or timezone.now()
    if not can_change(by, reservation):
        raise Forbidden(
            _("Only the booker, the member's admin or the asset's managers can change this booking's items.")
        )
    with transaction.atomic():
        reservation = _locked(reservation)
        stage = items_stage(reservation, now)
        if stage is None:
            raise Conflict(_("Items can change before the start, or be confirmed after the use."), code="items_locked")
        charge = ReservationCharge.objects.select_for_update().filter(reservation=reservation).first()
        if charge is not None and charge.billed_in_id is not None:
            raise Conflict(_("This booking is already on a statement; its items can no longer change."), code="billed")
        if not reservation.quote:
            raise RuleViolation(_("This asset has no price, so it offers no items."), code="no_price", field="items")
        wanted = _wanted(entries)
        rows = {row.item_id: row for row in reservation.items.select_for_update().filter(item_id__in=wanted)}
        items = _locked_items(reservation.asset_id, wanted, known=set(rows))
        before = {item_id: (row.quantity, row.quantity_actual) for item_id, row in rows.items()}
        growth = {item_id: quantity - before.get(item_id, (0, None))[0] for item_id, quantity in wanted.items()}
        _check_stock(items, growth, reservation.id)
        changes = {}
        currency, vat_rate = reservation.quote["currency"], Decimal(reservation.quote["vat_rate"])
        for item_id, quantity in sorted(wanted.items()):
            row = rows.get(item_id)
            if row is None:
                if quantity == 0:
                    continue
                row = ReservationItem(
                    reservation=reservation, item=items[item_id], quantity_estimated=0,
                    unit_price_minor=items[item_id].unit_price_minor, currency=currency, vat_rate=vat_rate,
                )  # fmt: skip
            old = row.quantity if row.pk else 0
            if stage == "estimated":
                if quantity == 0:
                    row.delete()
                    changes[items[item_id].name] = [old, 0]
                    continue
                row.quantity_estimated = quantity
            elif row.quantity_actual == quantity:
                continue
            else:
                row.quantity_actual = quantity
            row.save()
            if old != quantity or stage == "actual":
                changes[items[item_id].name] = [old, quantity]
        if not changes:
            return reservation
        _reprice(reservation)
        _record(
            reservation, by=by, action="items_actual" if stage == "actual" else "items_changed",
            from_status=reservation.status, changes=changes,
        )  # fmt: skip
        return reservation
