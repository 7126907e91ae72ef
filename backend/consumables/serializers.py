from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assets.pricing import money
from sinergia.fields import MoneySerializer
from sinergia.params import IdField

from .models import MAX_QUANTITY, Item

MAX_ITEMS = 50


class ItemSerializer(serializers.ModelSerializer):
    """An item of an asset: the unit price in minor units of the asset's price currency, VAT on top."""

    unit_price = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = ["id", "asset", "name", "unit", "unit_price_minor", "unit_price", "stock", "active"]
        read_only_fields = ["id", "asset", "unit_price"]
        extra_kwargs = {
            "unit_price_minor": {"min_value": 0, "max_value": 10**12},
            "stock": {"max_value": 10**9},
        }

    @extend_schema_field(MoneySerializer)
    def get_unit_price(self, item) -> dict:
        return money(item.unit_price_minor, self.context.get("currency", "EUR"))


class ItemUpdateSerializer(ItemSerializer):
    class Meta(ItemSerializer.Meta):
        extra_kwargs = {**ItemSerializer.Meta.extra_kwargs, "name": {"required": False}}


class ItemQuantitySerializer(serializers.Serializer):
    item = IdField()
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)


class ItemQuantityChangeSerializer(ItemQuantitySerializer):
    quantity = serializers.IntegerField(
        min_value=0, max_value=MAX_QUANTITY, help_text="0 removes an estimate, or confirms none was used"
    )


def _unique_items(entries: list[dict]) -> list[dict]:
    if len({entry["item"] for entry in entries}) != len(entries):
        raise serializers.ValidationError("Name each item once.")
    return entries


class ItemQuantitiesField(serializers.ListField):
    """[{item, quantity}], each item once."""

    def __init__(self, child=None, **kwargs):
        kwargs.setdefault("max_length", MAX_ITEMS)
        super().__init__(child=child or ItemQuantitySerializer(), validators=[_unique_items], **kwargs)


class ReservationItemsSerializer(serializers.Serializer):
    items = ItemQuantitiesField(child=ItemQuantityChangeSerializer(), min_length=1)


class ItemLineSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    unit_price = MoneySerializer()
    quantity_estimated = serializers.IntegerField()
    quantity_actual = serializers.IntegerField(allow_null=True)
    quantity = serializers.IntegerField(help_text="Charged: the actual quantity once confirmed, else the estimate")
    net = MoneySerializer()
    vat = MoneySerializer()
    total = MoneySerializer()


class ItemsPriceSerializer(serializers.Serializer):
    lines = ItemLineSerializer(many=True)
    net = MoneySerializer()
    vat = MoneySerializer()
    total = MoneySerializer()


def items_payload(items: dict | None) -> dict | None:
    """A reservation's `items_quote` as the API shows it (money as {amount, currency})."""
    if not items:
        return None
    currency = items["currency"]
    lines = [
        {
            "item": line["item"], "name": line["name"], "unit": line["unit"],
            "unit_price": money(line["unit_minor"], currency), "quantity_estimated": line["quantity_estimated"],
            "quantity_actual": line["quantity_actual"], "quantity": line["quantity"],
            "net": money(line["net_minor"], currency), "vat": money(line["vat_minor"], currency),
            "total": money(line["total_minor"], currency),
        }
        for line in items["lines"]
    ]  # fmt: skip
    return {
        "lines": lines,
        "net": money(items["net_minor"], currency),
        "vat": money(items["vat_minor"], currency),
        "total": money(items["total_minor"], currency),
    }
