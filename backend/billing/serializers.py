from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Member
from accounts.serializers import MemberBriefSerializer
from assets.models import CURRENCY_EXPONENTS, Asset
from assets.pricing import money
from consumables.serializers import ItemsPriceSerializer, items_payload
from sinergia.fields import AwareDateTimeField, MoneySerializer
from sinergia.params import IdRelatedField

from . import selectors
from .models import BillingPeriod, ChargeKind, CostShare, ReservationCharge, Statement, StatementLine


def weight_text(weight: Decimal) -> str:
    """1.5000 -> "1.5", 10 -> "10"."""
    return format(weight.normalize(), "f") if weight else "0"


class QuoteRequestSerializer(serializers.Serializer):
    asset = IdRelatedField(queryset=Asset.objects.all())
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    member = IdRelatedField(queryset=Member.objects.filter(is_active=True), required=False)


class QuoteLineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    description = serializers.CharField()
    quantity = serializers.CharField()
    unit_price = MoneySerializer()
    amount = MoneySerializer()


class QuoteSerializer(serializers.Serializer):
    asset = serializers.IntegerField()
    member = serializers.IntegerField(allow_null=True)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    currency = serializers.CharField()
    lines = QuoteLineSerializer(many=True)
    net = MoneySerializer()
    vat_rate = serializers.CharField()
    vat = MoneySerializer()
    total = MoneySerializer()


def quote_payload(*, asset, member, start, end, priced) -> dict:
    currency = priced.currency
    return {
        "asset": asset.id,
        "member": member.id if member else None,
        "start": start,
        "end": end,
        "currency": currency,
        "lines": [
            {
                "kind": line.kind,
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": money(line.unit_minor, currency),
                "amount": money(line.amount_minor, currency),
            }
            for line in priced.lines
        ],
        "net": money(priced.net_minor, currency),
        "vat_rate": f"{Decimal(priced.vat_rate):.2f}",
        "vat": money(priced.vat_minor, currency),
        "total": money(priced.total_minor, currency),
    }


class LateChangeSerializer(serializers.Serializer):
    refused = serializers.BooleanField(
        help_text="Whether a change of times that gives up booked time (a move or a shortening) is refused now "
        "for the caller (409 late_change_fee); lengthening is always allowed."
    )
    detail = serializers.CharField()


class CancellationFeeSerializer(serializers.Serializer):
    fee = MoneySerializer(allow_null=True)
    free_until = serializers.DateTimeField()
    policy = serializers.CharField()
    late_change = LateChangeSerializer()


class ChargeSerializer(serializers.Serializer):
    """What a reservation costs now: kind, the amounts (null without a price), when it fell due, whether billed."""

    kind = serializers.ChoiceField(choices=ChargeKind.choices)
    total = MoneySerializer(allow_null=True)
    net = MoneySerializer(allow_null=True)
    vat = MoneySerializer(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    billed = serializers.BooleanField()
    items = ItemsPriceSerializer(
        required=False, help_text="The consumables and add-ons included in the total (absent without any)"
    )


def charge_payload(charge: ReservationCharge | None, items: dict | None = None) -> dict:
    if charge is None:
        return {"kind": ChargeKind.NONE, "total": None, "net": None, "vat": None, "due_at": None, "billed": False}
    payload = {
        "kind": charge.kind,
        "total": money(charge.total_minor, charge.currency),
        "net": money(charge.net_minor, charge.currency),
        "vat": money(charge.vat_minor, charge.currency),
        "due_at": charge.due_at,
        "billed": charge.billed_in_id is not None,
    }
    if items and charge.kind in (ChargeKind.BOOKED, ChargeKind.COMPLETED):
        payload["items"] = items_payload(items)
    return payload


class ShareInputSerializer(serializers.Serializer):
    member = IdRelatedField(queryset=Member.objects.all())
    weight = serializers.DecimalField(
        max_digits=11, decimal_places=4, min_value=Decimal("0.0001"), max_value=Decimal("1000000")
    )

    def validate_member(self, member):
        if not member.is_active:
            raise serializers.ValidationError(_("This member company is not active."))
        return member


class SharesInputSerializer(serializers.ListSerializer):
    child = ShareInputSerializer()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("child", ShareInputSerializer())
        super().__init__(*args, min_length=1, max_length=50, **kwargs)

    def validate(self, attrs):
        seen = set()
        for entry in attrs:
            if entry["member"].id in seen:
                raise serializers.ValidationError(
                    _("%(member)s is listed twice.") % {"member": entry["member"].name}, code="duplicate_payer"
                )
            seen.add(entry["member"].id)
        return attrs


class ExpectedMoneySerializer(serializers.Serializer):
    """An amount the payer saw, as the API writes money ({"amount": "84.70", "currency": "EUR"})."""

    amount = serializers.DecimalField(max_digits=20, decimal_places=3)
    currency = serializers.ChoiceField(choices=sorted(CURRENCY_EXPONENTS))

    def validate(self, attrs):
        minor = attrs["amount"].scaleb(CURRENCY_EXPONENTS[attrs["currency"]])
        if minor != minor.to_integral_value():
            raise serializers.ValidationError({"amount": _("Too many decimals for this currency.")})
        return (int(minor), attrs["currency"])


class ShareDecisionSerializer(serializers.Serializer):
    expected_amount = ExpectedMoneySerializer(
        required=False,
        help_text="The amount the payer saw: if the share has changed since, nothing is accepted (409 amount_changed).",
    )


class SeriesSharesDecisionSerializer(serializers.Serializer):
    member = IdRelatedField(
        queryset=Member.objects.all(),
        required=False,
        help_text="The paying member, when you are the admin of several payers of the series.",
    )
    expected_total = ExpectedMoneySerializer(
        required=False,
        help_text="The sum of the payer's proposed shares it saw: if it has changed since, nothing is accepted "
        "(409 amount_changed).",
    )


class CostShareSerializer(serializers.ModelSerializer):
    member = MemberBriefSerializer(read_only=True)
    weight = serializers.SerializerMethodField()
    amount = serializers.SerializerMethodField()
    accepted_amount = serializers.SerializerMethodField(
        help_text="What the payer last accepted (null if never): it is never billed more."
    )

    class Meta:
        model = CostShare
        fields = ["id", "member", "weight", "amount", "state", "accepted_amount"]
        read_only_fields = fields

    @staticmethod
    def get_weight(share) -> str:
        return weight_text(share.weight)

    @extend_schema_field(MoneySerializer)
    def get_amount(self, share):
        return money(share.amount_minor, share.currency)

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_accepted_amount(self, share):
        if share.accepted_amount_minor is None:
            return None
        return money(share.accepted_amount_minor, share.accepted_currency)


class ShareReservationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    asset_name = serializers.CharField(source="asset.name")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    title = serializers.CharField()
    member = MemberBriefSerializer()


class CostShareListSerializer(CostShareSerializer):
    reservation = ShareReservationSerializer(read_only=True)

    class Meta(CostShareSerializer.Meta):
        fields = ["id", "reservation", "member", "weight", "amount", "state", "accepted_amount"]
        read_only_fields = fields


class CloseRefusalSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["period_not_over", "period_closing", "invalid_transition"])
    detail = serializers.CharField()


class BillingPeriodSerializer(serializers.ModelSerializer):
    """A period; while `closing`, `statements_made` of `statements_to_make` (null until the payers are listed)."""

    state = serializers.ChoiceField(
        choices=BillingPeriod.State.choices, read_only=True, help_text="open, closing or closed"
    )
    last_day = serializers.SerializerMethodField(help_text="The period's last day, inclusive (`end` is exclusive).")
    close_refusal = serializers.SerializerMethodField(
        help_text="Why `close` would be refused now (the error it would answer), or null when it would be accepted."
    )

    class Meta:
        model = BillingPeriod
        fields = [
            "id", "year", "month", "start", "end", "last_day", "state", "statements_made", "statements_to_make",
            "closed_at", "close_refusal",
        ]  # fmt: skip
        read_only_fields = fields

    def get_last_day(self, period) -> date:
        return selectors.period_last_day(period)

    @extend_schema_field(CloseRefusalSerializer(allow_null=True))
    def get_close_refusal(self, period):
        refusal = selectors.close_refusal(period, self.context.get("now") or timezone.now())
        return None if refusal is None else {"code": refusal.code, "detail": str(refusal.detail)}


class PeriodBriefSerializer(serializers.ModelSerializer):
    last_day = serializers.SerializerMethodField(help_text="The period's last day, inclusive (`end` is exclusive).")

    class Meta:
        model = BillingPeriod
        fields = ["id", "year", "month", "start", "end", "last_day"]

    def get_last_day(self, period) -> date:
        return selectors.period_last_day(period)


class StatementLineSerializer(serializers.ModelSerializer):
    net = serializers.SerializerMethodField()
    vat = serializers.SerializerMethodField()
    amount = serializers.SerializerMethodField()

    class Meta:
        model = StatementLine
        fields = ["id", "kind", "description", "reservation", "cost_share", "net", "vat", "amount"]
        read_only_fields = fields

    @extend_schema_field(MoneySerializer)
    def get_net(self, line):
        return money(line.net_minor, line.currency)

    @extend_schema_field(MoneySerializer)
    def get_vat(self, line):
        return money(line.vat_minor, line.currency)

    @extend_schema_field(MoneySerializer)
    def get_amount(self, line):
        return money(line.amount_minor, line.currency)


class InvoicingSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=Statement.Invoicing.choices, help_text="pending, invoiced, failed or not_sent (Stripe is off)"
    )
    error = serializers.CharField(
        allow_null=True, help_text="The last failure's message, for accountants and cluster admins (else null)."
    )


class StatementListSerializer(serializers.ModelSerializer):
    """A statement in a list: totals per currency and the number of lines (summed when its period closed), and
    where its Stripe invoice is."""

    member = MemberBriefSerializer(read_only=True)
    period = PeriodBriefSerializer(read_only=True)
    totals = serializers.SerializerMethodField()
    line_count = serializers.SerializerMethodField()
    invoicing = serializers.SerializerMethodField()

    class Meta:
        model = Statement
        fields = [
            "id", "number", "member", "period", "totals", "line_count", "invoicing", "payment_status", "issued_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(InvoicingSerializer)
    def get_invoicing(self, statement):
        error = statement.invoicing_error if self.context.get("invoicing_errors") else None
        return {"state": statement.invoicing_state, "error": error}

    @extend_schema_field(MoneySerializer(many=True))
    def get_totals(self, statement):
        return [money(amount, currency) for currency, (amount, _count) in sorted(statement.totals.items())]

    def get_line_count(self, statement) -> int:
        return sum(count for _amount, count in statement.totals.values())


class StatementMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["id", "name", "tax_id"]


class VatBreakdownSerializer(serializers.Serializer):
    currency = serializers.CharField()
    net = MoneySerializer()
    vat = MoneySerializer()
    total = MoneySerializer()


class StatementSerializer(StatementListSerializer):
    """A statement with its lines, its member's tax id and the VAT breakdown per currency (net, VAT and total
    summed from the lines)."""

    member = StatementMemberSerializer(read_only=True)
    lines = StatementLineSerializer(many=True, read_only=True)
    vat_breakdown = serializers.SerializerMethodField()

    class Meta(StatementListSerializer.Meta):
        fields = StatementListSerializer.Meta.fields + ["vat_breakdown", "lines"]
        read_only_fields = fields

    @extend_schema_field(VatBreakdownSerializer(many=True))
    def get_vat_breakdown(self, statement):
        return [
            {
                "currency": row["currency"],
                "net": money(row["net"], row["currency"]),
                "vat": money(row["vat"], row["currency"]),
                "total": money(row["total"], row["currency"]),
            }
            for row in selectors.statement_totals(statement.id)
        ]
