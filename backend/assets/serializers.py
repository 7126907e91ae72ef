from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Member
from accounts.permissions import manages_asset
from sinergia.fields import AwareDateTimeField, LocalTimeField, MinutesField, MoneySerializer
from sinergia.params import IdRelatedField

from .models import (
    CURRENCY_EXPONENTS,
    Asset,
    AssetGroup,
    Blackout,
    OpeningHours,
    PeakWindow,
    PriceRule,
    Qualification,
    validate_timezone,
)
from .pricing import money


class AssetGroupSerializer(serializers.ModelSerializer):
    """An asset group; whoever books one of its assets needs a valid grant of each `required_qualifications`."""

    required_qualifications = IdRelatedField(queryset=Qualification.objects.all(), many=True, required=False)

    class Meta:
        model = AssetGroup
        fields = ["id", "name", "description", "required_qualifications"]


def _minutes_of_day(moment, *, end: bool) -> int:
    minutes = moment.hour * 60 + moment.minute
    return 24 * 60 if end and minutes == 0 else minutes


def weekly_row_errors(rows: list[dict], begins: str, finishes: str, label: str) -> list[dict] | None:
    """Per-row errors (DRF's list shape) for weekly windows that overlap another window of the same weekday."""
    errors: list[dict] = [{} for _row in rows]
    by_day: dict[int, list[int]] = {}
    for index, row in enumerate(rows):
        by_day.setdefault(row["weekday"], []).append(index)
    for indexes in by_day.values():
        indexes.sort(key=lambda i: _minutes_of_day(rows[i][begins], end=False))
        for previous, current in zip(indexes, indexes[1:], strict=False):
            if _minutes_of_day(rows[current][begins], end=False) < _minutes_of_day(rows[previous][finishes], end=True):
                errors[current][begins] = [
                    _("Overlaps the %(label)s %(begins)s–%(finishes)s on the same day.")
                    % {
                        "label": label,
                        "begins": f"{rows[previous][begins]:%H:%M}",
                        "finishes": f"{rows[previous][finishes]:%H:%M}",
                    }
                ]
    return errors if any(errors) else None


class OpeningHoursSerializer(serializers.ModelSerializer):
    """An open range on a weekday (0 = Monday) in the asset's local time; `closes` 00:00 is midnight at day's end.
    A weekday without ranges is closed."""

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


class RowCheckedListSerializer(serializers.ListSerializer):
    """A list whose rows are also checked against each other; the errors come back per row, like a row's own."""

    def row_errors(self, rows: list[dict]) -> list[dict] | None:
        raise NotImplementedError

    def to_internal_value(self, data):
        try:
            rows = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if isinstance(error.detail, dict) and all(isinstance(key, int) for key in error.detail):
                # a partial update gives {index: errors}; the page reads one shape, a list with a slot per row
                raise serializers.ValidationError([error.detail.get(index, {}) for index in range(len(data))]) from None
            raise
        errors = self.row_errors(rows)
        if errors:
            raise serializers.ValidationError(errors)
        return rows


class OpeningHoursListSerializer(RowCheckedListSerializer):
    """The week's opening hours: ranges of one weekday may not overlap (the error names the row)."""

    child = OpeningHoursSerializer()

    def row_errors(self, rows):
        return weekly_row_errors(rows, "opens", "closes", _("opening hours"))


class PeakWindowSerializer(serializers.ModelSerializer):
    """A weekly window priced at the peak hourly rate, in the asset's local time; `ends` 00:00 is midnight."""

    starts = LocalTimeField()
    ends = LocalTimeField()

    class Meta:
        model = PeakWindow
        fields = ["weekday", "starts", "ends"]

    def validate(self, attrs):
        if attrs["ends"] <= attrs["starts"] and attrs["ends"].hour + attrs["ends"].minute != 0:
            raise serializers.ValidationError({"ends": _("The end must be after the start (00:00 = midnight).")})
        return attrs


class PeakWindowListSerializer(RowCheckedListSerializer):
    child = PeakWindowSerializer()

    def row_errors(self, rows):
        return weekly_row_errors(rows, "starts", "ends", _("peak window"))


MAX_MINOR = 10**12


@extend_schema_field(MoneySerializer)
class MoneyField(serializers.Field):
    """Money as the API writes it, {"amount": "12.50", "currency": "EUR"}, held as integer minor units of the
    rule's currency (`source` names the minor-units attribute)."""

    default_error_messages = {
        "invalid": _("Give an object with an amount and a currency, e.g. amount 12.50 and currency EUR."),
        "amount": _("Give the amount as a number with a dot, e.g. 12.50."),
        "negative": _("The amount cannot be negative."),
        "too_large": _("The amount is too large."),
    }

    def get_attribute(self, instance):
        minor = getattr(instance, self.source)
        return None if minor is None else (minor, instance.currency)

    def to_representation(self, value):
        return money(*value)

    def to_internal_value(self, data):
        if not isinstance(data, dict) or not isinstance(data.get("currency"), str):
            self.fail("invalid")
        amount = data.get("amount")
        if not isinstance(amount, str | int) or isinstance(amount, bool):
            self.fail("amount")
        try:
            value = Decimal(str(amount).strip())
        except InvalidOperation:
            self.fail("amount")
        if not value.is_finite():
            self.fail("amount")
        if value < 0:
            self.fail("negative")
        if value > MAX_MINOR:
            self.fail("too_large")
        return {"amount": value, "currency": data["currency"].strip().upper()}


class PriceRuleSerializer(serializers.ModelSerializer):
    """What one member tier pays: hourly rate (and peak hourly rate in the peak windows), a fixed fee per booking
    and VAT, all in the rule's currency."""

    currency = serializers.ChoiceField(choices=sorted(CURRENCY_EXPONENTS))
    hourly_rate = MoneyField(source="hourly_rate_minor")
    peak_hourly_rate = MoneyField(source="peak_hourly_rate_minor", allow_null=True, required=False)
    fixed_fee = MoneyField(source="fixed_fee_minor", required=False)
    vat_rate = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100))

    class Meta:
        model = PriceRule
        fields = ["tier", "currency", "hourly_rate", "peak_hourly_rate", "fixed_fee", "vat_rate"]
        validators = []  # the (asset, tier) pair is unique by the list's check; the asset comes from the URL

    def validate(self, attrs):
        currency = attrs["currency"]
        exponent = CURRENCY_EXPONENTS[currency]
        errors = {}
        for name, source in (
            ("hourly_rate", "hourly_rate_minor"),
            ("peak_hourly_rate", "peak_hourly_rate_minor"),
            ("fixed_fee", "fixed_fee_minor"),
        ):
            value = attrs.get(source)
            if value is None:
                continue
            if value["currency"] != currency:
                errors[name] = [_("Use the rule's currency, %(currency)s.") % {"currency": currency}]
                continue
            minor = value["amount"].scaleb(exponent)
            if minor != minor.to_integral_value():
                errors[name] = [
                    _("%(currency)s amounts have at most %(digits)s decimals.")
                    % {"currency": currency, "digits": exponent}
                ]
                continue
            attrs[source] = int(minor)
        if errors:
            raise serializers.ValidationError(errors)
        attrs.setdefault("fixed_fee_minor", 0)
        attrs.setdefault("peak_hourly_rate_minor", None)
        return attrs


class PriceRuleListSerializer(RowCheckedListSerializer):
    """The asset's prices, at most one per member tier; a tier left out has no price of its own."""

    child = PriceRuleSerializer()

    def row_errors(self, rows):
        errors, seen = [{} for _row in rows], set()
        for index, rule in enumerate(rows):
            if rule["tier"] in seen:
                errors[index]["tier"] = [_("There is already a price for this tier.")]
            seen.add(rule["tier"])
        return errors if any(errors) else None


class DecisionSerializer(serializers.Serializer):
    """What happens to one booking a rule change affects: keep it under the new rules, or cancel it (no fee)."""

    reservation = serializers.IntegerField(min_value=1)
    action = serializers.ChoiceField(choices=["keep", "cancel"])


class DecisionListSerializer(serializers.ListSerializer):
    child = DecisionSerializer()

    def validate(self, attrs):
        ids = [decision["reservation"] for decision in attrs]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("One decision per booking."))
        return attrs


class AffectedReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["outside_opening_hours", "too_short", "too_long", "buffers_overlap"])
    detail = serializers.CharField()


class AffectedBookingSerializer(serializers.Serializer):
    """A future booking the change affects, and why. `can_keep` is false when its new blocked period would overlap
    (it can be kept only if what it overlaps is cancelled)."""

    reservation = serializers.IntegerField()
    title = serializers.CharField()
    member = serializers.CharField()
    status = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    reasons = AffectedReasonSerializer(many=True)
    can_keep = serializers.BooleanField()


class NoticeSerializer(serializers.Serializer):
    """Something the change does that needs no decision, e.g. `qualifications_not_retroactive`: a new requirement
    applies to bookings made from now on and cancels none."""

    code = serializers.CharField()
    detail = serializers.CharField()


class RulesPreviewSerializer(serializers.Serializer):
    affected = AffectedBookingSerializer(many=True)
    notices = NoticeSerializer(many=True, required=False)


class RulesConflictSerializer(serializers.Serializer):
    """409 of a rule change: `decisions_required` (decide for each booking listed) or `buffers_overlap` (the listed
    bookings cannot be kept under the new buffers)."""

    code = serializers.ChoiceField(choices=["decisions_required", "buffers_overlap", "capacity_in_use"])
    detail = serializers.CharField()
    affected = AffectedBookingSerializer(many=True, required=False)


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
    opening_hours = OpeningHoursListSerializer(required=False)
    peak_windows = PeakWindowListSerializer(required=False)
    price_rules = PriceRuleListSerializer(required=False)
    decisions = DecisionListSerializer(write_only=True, required=False)
    can_manage = serializers.SerializerMethodField()
    group = IdRelatedField(queryset=AssetGroup.objects.all(), allow_null=True, required=False)
    auto_approved_members = IdRelatedField(queryset=Member.objects.all(), many=True, required=False)
    required_qualifications = IdRelatedField(queryset=Qualification.objects.all(), many=True, required=False)
    effective_qualifications = serializers.SerializerMethodField()
    operates = IdRelatedField(
        queryset=Asset.objects.all(), many=True, required=False, help_text="A technician's: the assets it operates"
    )
    holds = IdRelatedField(
        queryset=Qualification.objects.all(), many=True, required=False,
        help_text="A technician's: the qualifications it holds",
    )  # fmt: skip

    class Meta:
        model = Asset
        fields = [
            "id", "name", "kind", "description", "location", "timezone", "group", "is_active",
            "min_duration", "max_duration", "slot_minutes", "setup_buffer", "cleanup_buffer",
            "min_notice", "max_horizon", "requires_approval", "auto_approved_members", "approval_deadline",
            "free_cancellation", "late_cancellation_fee_percent",
            "checkin_opens_minutes", "release_after_minutes", "no_show_fee_percent", "billing_basis", "kiosk_pin",
            "waitlist_hold_minutes", "capacity",
            "opening_hours", "peak_windows", "price_rules", "decisions", "can_manage",
            "required_qualifications", "effective_qualifications", "resource_type", "operator", "operates", "holds",
        ]  # fmt: skip

    def get_effective_qualifications(self, asset) -> list[int]:
        """What booking it requires: its own `required_qualifications` and its group's (ids)."""
        required = {q.id for q in asset.required_qualifications.all()}
        if asset.group_id:
            required |= {q.id for q in asset.group.required_qualifications.all()}
        return sorted(required)

    def get_can_manage(self, asset) -> bool:
        """Whether the caller may edit this asset's rules (the Manage page lists these)."""
        request = self.context.get("request")
        return bool(request and manages_asset(request.user, asset))

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
        fields = ["id", "asset", "start", "end", "reason", "kind"]
        read_only_fields = ["id", "asset", "kind"]


class KioskSignSerializer(serializers.Serializer):
    asset = serializers.IntegerField()
    url = serializers.CharField(help_text="The kiosk page of the asset")
    qr = serializers.CharField(help_text="A QR code of `url`, as an SVG data URI for an <img>")
