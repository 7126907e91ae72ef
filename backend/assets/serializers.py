from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Member
from sinergia.fields import AwareDateTimeField, LocalTimeField, MinutesField, MoneySerializer
from sinergia.params import IdRelatedField

from .models import Asset, AssetGroup, Blackout, OpeningHours, PeakWindow, PriceRule, validate_timezone
from .pricing import money


class AssetGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssetGroup
        fields = ["id", "name", "description"]


class OpeningHoursSerializer(serializers.ModelSerializer):
    opens = LocalTimeField()
    closes = LocalTimeField()

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]

    def validate(self, attrs):
        if attrs["closes"] <= attrs["opens"] and attrs["closes"].hour + attrs["closes"].minute != 0:
            raise serializers.ValidationError(
                {"closes": _("Closing time must be after opening time (00:00 = midnight).")}
            )
        return attrs


class PeakWindowSerializer(serializers.ModelSerializer):
    class Meta:
        model = PeakWindow
        fields = ["weekday", "starts", "ends"]


class PriceRuleSerializer(serializers.ModelSerializer):
    hourly_rate = serializers.SerializerMethodField()
    peak_hourly_rate = serializers.SerializerMethodField()
    fixed_fee = serializers.SerializerMethodField()

    class Meta:
        model = PriceRule
        fields = ["tier", "currency", "hourly_rate", "peak_hourly_rate", "fixed_fee", "vat_rate"]

    @extend_schema_field(MoneySerializer)
    def get_hourly_rate(self, rule):
        return money(rule.hourly_rate_minor, rule.currency)

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_peak_hourly_rate(self, rule):
        return None if rule.peak_hourly_rate_minor is None else money(rule.peak_hourly_rate_minor, rule.currency)

    @extend_schema_field(MoneySerializer)
    def get_fixed_fee(self, rule):
        return money(rule.fixed_fee_minor, rule.currency)


class AssetSerializer(serializers.ModelSerializer):
    """An asset with its rules; durations are whole minutes."""

    min_duration = MinutesField(low=1)
    max_duration = MinutesField(low=1)
    setup_buffer = MinutesField(required=False)
    cleanup_buffer = MinutesField(required=False)
    min_notice = MinutesField(required=False)
    max_horizon = MinutesField(required=False, low=60, high=3 * 366 * 24 * 60)
    approval_deadline = MinutesField(required=False)
    free_cancellation = MinutesField(required=False)
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)
    peak_windows = PeakWindowSerializer(many=True, read_only=True)
    price_rules = PriceRuleSerializer(many=True, read_only=True)
    group = IdRelatedField(queryset=AssetGroup.objects.all(), allow_null=True, required=False)
    auto_approved_members = IdRelatedField(queryset=Member.objects.all(), many=True, required=False)

    class Meta:
        model = Asset
        fields = [
            "id", "name", "kind", "description", "location", "timezone", "group", "is_active",
            "min_duration", "max_duration", "slot_minutes", "setup_buffer", "cleanup_buffer",
            "min_notice", "max_horizon", "requires_approval", "auto_approved_members", "approval_deadline",
            "free_cancellation", "late_cancellation_fee_percent",
            "opening_hours", "peak_windows", "price_rules",
        ]  # fmt: skip

    def validate_timezone(self, value):
        try:
            validate_timezone(value)
        except Exception as error:
            raise serializers.ValidationError(error.messages) from None
        return value

    def validate_slot_minutes(self, value):
        if 1440 % value:
            raise serializers.ValidationError(_("The slot granularity must divide a day evenly."))
        return value

    def validate(self, attrs):
        low = attrs.get("min_duration", getattr(self.instance, "min_duration", None))
        high = attrs.get("max_duration", getattr(self.instance, "max_duration", None))
        if low and high and high < low:
            raise serializers.ValidationError({"max_duration": _("The maximum duration is below the minimum.")})
        return attrs


class BlackoutSerializer(serializers.ModelSerializer):
    start = AwareDateTimeField()
    end = AwareDateTimeField()

    class Meta:
        model = Blackout
        fields = ["id", "asset", "start", "end", "reason"]
        read_only_fields = ["id", "asset"]
