"""Consumables and add-ons of an asset (bottles, labels, CO2, a cleaning fee), priced per unit and chosen when
booking. A booking's items keep the unit price and VAT rate of the moment they were chosen."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assets.models import Asset
from bookings.models import Reservation

MAX_QUANTITY = 1_000_000


class Item(models.Model):
    """One thing a booking of `asset` may add, at `unit_price_minor` minor units of the asset's price currency per
    unit (VAT at the asset's price rule rate on top). `stock` null: unlimited."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="items", verbose_name=_("asset"))
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=30, default="", blank=True)
    unit_price_minor = models.BigIntegerField(_("unit price (minor units)"))
    stock = models.PositiveIntegerField(_("stock"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["asset", "name", "id"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            models.UniqueConstraint(fields=["asset", "name"], name="item_unique_name"),
            models.CheckConstraint(condition=Q(unit_price_minor__gte=0), name="item_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.asset_id}: {self.name}"


class ReservationItem(models.Model):
    """An item on a booking: the quantity estimated when booking, the actual one once confirmed (after use), and
    the unit price, currency and VAT rate frozen when it was added."""

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="reservation_items")
    quantity_estimated = models.PositiveIntegerField(_("estimated quantity"))
    quantity_actual = models.PositiveIntegerField(_("actual quantity"), null=True, blank=True)
    unit_price_minor = models.BigIntegerField(_("unit price (minor units)"))
    currency = models.CharField(_("currency"), max_length=3)
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["reservation", "item_id"]
        verbose_name = _("booked item")
        verbose_name_plural = _("booked items")
        constraints = [
            models.UniqueConstraint(fields=["reservation", "item"], name="reservation_item_unique"),
        ]

    def __str__(self):
        return f"#{self.reservation_id} {self.item_id} x{self.quantity}"

    @property
    def quantity(self) -> int:
        """What is charged: the actual quantity once confirmed, else the estimate."""
        return self.quantity_estimated if self.quantity_actual is None else self.quantity_actual
