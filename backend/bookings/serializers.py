from datetime import datetime

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import CostCentre, Member
from accounts.selectors import sole_member
from accounts.serializers import MemberBriefSerializer
from assets.models import Asset, OperatorMode
from assets.pricing import money
from billing.serializers import SharesInputSerializer
from consumables.pricing import price_with_items_minor
from consumables.serializers import ItemQuantitiesField, ItemsPriceSerializer, items_payload
from sinergia.exceptions import RuleViolation
from sinergia.fields import AwareDateTimeField, IntervalListField, MoneySerializer
from sinergia.params import IdField, IdRelatedField
from sinergia.schema import MissingQualificationSerializer

from .models import AUTO_REJECTION_REASON, Reservation, ReservationEvent, Series
from .series import parse_rrule
from .services import checkin_window


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class ReservationEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", default=None)
    reason = serializers.SerializerMethodField()

    class Meta:
        model = ReservationEvent
        fields = ["at", "by", "action", "from_status", "to_status", "reason", "changes"]

    @staticmethod
    def get_reason(event) -> str:
        # Auto-rejections recorded before the reason stopped naming the winning request's id read as today's.
        return str(AUTO_REJECTION_REASON) if event.action == "auto_rejected" else event.reason


class CostCentreBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = CostCentre
        fields = ["id", "code", "name"]


class ReservationSerializer(serializers.ModelSerializer):
    """A reservation the caller may see in full."""

    asset_name = serializers.CharField(source="asset.name", read_only=True)
    member = MemberBriefSerializer(read_only=True)
    booked_by = UserBriefSerializer(read_only=True)
    price = serializers.SerializerMethodField()
    busy = serializers.SerializerMethodField()
    cost_centre = CostCentreBriefSerializer(read_only=True, allow_null=True)
    checkin_opens_at = serializers.SerializerMethodField()
    used_price = serializers.SerializerMethodField()

    class Meta:
        model = Reservation
        fields = [
            "id", "asset", "asset_name", "member", "booked_by", "start", "end", "blocked_start", "blocked_end",
            "status", "title", "notes", "price", "quote", "created_at", "updated_at", "busy", "series", "cost_centre",
            "checkin_opens_at", "checked_in_at", "checked_out_at", "used_price", "unit", "bundle", "assists",
        ]  # fmt: skip
        read_only_fields = fields

    @staticmethod
    def get_checkin_opens_at(reservation) -> datetime:
        """From when the booking may be checked in to (until its end): the asset's check-in delay before the start."""
        return checkin_window(reservation)[0]

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_used_price(self, reservation):
        """The price of the time actually used (check-in to check-out), once the use has ended; else null."""
        used = reservation.used_quote
        return money(used["total_minor"], used["currency"]) if used else None

    @staticmethod
    # Always false here, true on a busy block: lets the list's oneOf tell the two apart (inside allOf so
    # drf-spectacular does not turn it into a named enum component).
    @extend_schema_field({"type": "boolean", "allOf": [{"enum": [False]}]})
    def get_busy(reservation) -> bool:
        return False

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_price(self, reservation):
        """The frozen quote's total, with the booking's items (consumables, add-ons) if any."""
        if not reservation.quote:
            return None
        return money(price_with_items_minor(reservation.quote, reservation.items_quote), reservation.quote["currency"])


class AssetBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OperatorBookingSerializer(serializers.ModelSerializer):
    """The technician booked with a booking (bookings.operators): its own reservation on the staff asset."""

    asset = AssetBriefSerializer()
    price = serializers.SerializerMethodField()

    class Meta:
        model = Reservation
        fields = ["id", "asset", "start", "end", "status", "price"]

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_price(self, reservation):
        quoted = reservation.quote
        return money(quoted["total_minor"], quoted["currency"]) if quoted else None


class ReservationDetailSerializer(ReservationSerializer):
    events = ReservationEventSerializer(many=True, read_only=True)
    items = serializers.SerializerMethodField()
    operator_booking = serializers.SerializerMethodField()

    class Meta(ReservationSerializer.Meta):
        fields = ReservationSerializer.Meta.fields + ["events", "items", "operator_booking"]
        read_only_fields = fields

    @staticmethod
    @extend_schema_field(ItemsPriceSerializer(allow_null=True))
    def get_items(reservation):
        """The booking's consumables and add-ons, estimated and (after use) actual, priced; null without any."""
        return items_payload(reservation.items_quote)

    @extend_schema_field(OperatorBookingSerializer(allow_null=True))
    def get_operator_booking(self, reservation):
        """The technician booked with this booking, its latest (null on an asset booked without an operator)."""
        if reservation.asset.operator == OperatorMode.NONE:
            return None
        row = reservation.operator_bookings.select_related("asset").order_by("-id").first()
        return OperatorBookingSerializer(row).data if row else None


class BusyBlockSerializer(serializers.ModelSerializer):
    """Another member's booking on a shared calendar: when and where, nothing else."""

    id = serializers.SerializerMethodField()
    busy = serializers.SerializerMethodField()

    class Meta:
        model = Reservation
        fields = ["id", "asset", "start", "end", "blocked_start", "blocked_end", "busy"]

    @staticmethod
    def get_id(reservation) -> int | None:
        return None

    @staticmethod
    @extend_schema_field({"type": "boolean", "allOf": [{"enum": [True]}]})
    def get_busy(reservation) -> bool:
        return True


class ReservationCreateSerializer(serializers.Serializer):
    asset = IdRelatedField(queryset=Asset.objects.all())
    member = IdRelatedField(queryset=Member.objects.all(), required=False)
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    title = serializers.CharField(max_length=200)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    compete = serializers.BooleanField(
        required=False, default=False, help_text="File a competing request when only other pending requests conflict."
    )
    cost_centre = IdRelatedField(
        queryset=CostCentre.objects.all(),
        required=False,
        allow_null=True,
        help_text="One of the member's active cost centres (400 invalid_cost_centre otherwise)",
    )
    items = ItemQuantitiesField(
        required=False, help_text="Consumables and add-ons of the asset with estimated quantities (400 invalid_item)"
    )
    operator = serializers.BooleanField(
        required=False, default=False, help_text="Book a technician too, on an asset that offers an operator"
    )
    operator_id = IdField(
        required=False, allow_null=True, default=None, help_text="A specific technician (staff asset) to book"
    )

    def validate(self, attrs):
        if "member" not in attrs:
            attrs["member"] = sole_member(self.context["request"].user)
            if attrs["member"] is None:
                raise serializers.ValidationError({"member": _("Say which member company this booking is for.")})
        return attrs


class ReservationUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    start = AwareDateTimeField(required=False)
    end = AwareDateTimeField(required=False)
    asset = IdRelatedField(
        queryset=Asset.objects.all(),
        required=False,
        help_text="Move to another asset of the booking's group (400 not_an_alternative otherwise)",
    )
    cost_centre = IdRelatedField(
        queryset=CostCentre.objects.all(),
        required=False,
        allow_null=True,
        help_text="One of the member's active cost centres, or null for none",
    )


class ExtendSerializer(serializers.Serializer):
    end = AwareDateTimeField(help_text="The new end, later than the current one")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ConflictItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["reservation", "blackout"])
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class AlternativeSerializer(serializers.Serializer):
    asset = serializers.IntegerField()
    asset_name = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    price = MoneySerializer(allow_null=True)
    requires_approval = serializers.BooleanField()


class ConflictSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    conflicts = ConflictItemSerializer(many=True)
    alternatives = AlternativeSerializer(many=True)
    can_compete = serializers.BooleanField(
        required=False, help_text="Resending with compete=true would file a competing request (the manager chooses)."
    )


class IntervalSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class BusyIntervalSerializer(IntervalSerializer):
    kind = serializers.ChoiceField(choices=["reservation", "blackout", "closed"])
    free_units = serializers.IntegerField(
        required=False, help_text="A pooled asset's units still free then (0: full); absent on other assets"
    )


class AvailabilitySerializer(serializers.Serializer):
    asset = serializers.IntegerField()
    timezone = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    busy = IntervalListField(BusyIntervalSerializer())
    free = IntervalListField(IntervalSerializer())
    capacity = serializers.IntegerField(help_text="Units of the asset (above one: a pool of desks, lockers)")
    free_units = serializers.IntegerField(help_text="Units free for the whole window")


class GroupAvailabilitySerializer(serializers.Serializer):
    asset = serializers.IntegerField()
    name = serializers.CharField()
    open = serializers.BooleanField()
    free = serializers.BooleanField()
    requires_approval = serializers.BooleanField()
    capacity = serializers.IntegerField()
    free_units = serializers.IntegerField(help_text="Units free for the whole period, buffers included")
    # With ?intervals=true only:
    timezone = serializers.CharField(required=False)
    busy = IntervalListField(BusyIntervalSerializer(), required=False)
    free_intervals = IntervalListField(IntervalSerializer(), required=False)

    def to_representation(self, row):
        # One row per asset, a thousand in a cluster-wide answer: written directly, not field by field.
        data = {
            key: row[key] for key in ("asset", "name", "open", "free", "requires_approval", "capacity", "free_units")
        }
        if "busy" in row:
            data["timezone"] = row["timezone"]
            data["busy"] = self.fields["busy"].to_representation(row["busy"])
            data["free_intervals"] = self.fields["free_intervals"].to_representation(row["free_intervals"])
        return data


class SeriesCreateSerializer(ReservationCreateSerializer):
    """The first occurrence (start, end) and the RFC 5545 rule that repeats it."""

    compete = None
    cost_centre = None
    items = None
    operator = None
    operator_id = None
    rrule = serializers.CharField(max_length=500, help_text="e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=10")
    on_conflict = serializers.ChoiceField(choices=["reject", "skip"], default="reject")
    dry_run = serializers.BooleanField(required=False, default=False, help_text="Report only; create nothing.")
    shares = SharesInputSerializer(
        required=False,
        help_text="Split every occurrence's cost by weight, as PUT /reservations/{id}/shares/ does: co-payers are "
        "asked once for the whole series and consent per occurrence. A split that cannot be applied is a 400.",
    )

    def validate_rrule(self, value):
        try:
            return parse_rrule(value).text
        except RuleViolation as error:
            raise serializers.ValidationError(str(error.detail), code=error.code) from None


class ProblemSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    missing = MissingQualificationSerializer(
        many=True, required=False, help_text="`not_qualified`: what the booker lacks on the booking's end date"
    )


class OccurrenceShareSerializer(serializers.Serializer):
    member = MemberBriefSerializer()
    amount = MoneySerializer()
    state = serializers.CharField()


class OccurrenceSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    ok = serializers.BooleanField()
    problems = ProblemSerializer(many=True)
    alternatives = AlternativeSerializer(many=True)
    reservation = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    shares = OccurrenceShareSerializer(many=True, required=False, help_text="Only in the answer that created it.")


class SeriesSerializer(serializers.ModelSerializer):
    """A series with its occurrences (rendered as built by the service, times in the asset's offset)."""

    asset_name = serializers.CharField(source="asset.name", read_only=True)
    rrule = serializers.CharField(read_only=True, help_text="The rule as django-scheduler holds it (UNTIL in UTC)")
    title = serializers.CharField(read_only=True)
    member = MemberBriefSerializer(read_only=True)
    booked_by = UserBriefSerializer(read_only=True)
    occurrences = serializers.SerializerMethodField()

    class Meta:
        model = Series
        fields = [
            "id", "asset", "asset_name", "member", "booked_by", "rrule", "timezone", "title", "notes", "created_at",
            "occurrences",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OccurrenceSerializer(many=True))
    def get_occurrences(self, series) -> list:
        return self.context["occurrences"]


class SeriesReportSerializer(serializers.Serializer):
    """A dry run's answer: the report, nothing created."""

    occurrences = OccurrenceSerializer(many=True)


class SeriesConflictSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    occurrences = OccurrenceSerializer(many=True)


class SeriesCancelSerializer(serializers.Serializer):
    since = AwareDateTimeField(help_text="Cancel the occurrences starting at or after this time.")
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("since")  # "from" is a Python keyword
        fields["from"].source = "since"
        return fields


# --- Closures: a blackout over booked time, with the manager's decision for each booking ------------------------


class ClosurePeriodSerializer(serializers.Serializer):
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ClosureDecisionSerializer(serializers.Serializer):
    reservation = IdField()
    action = serializers.ChoiceField(choices=["move", "cancel"])
    start = AwareDateTimeField(required=False, help_text="For a move: the new start.")
    end = AwareDateTimeField(required=False, help_text="For a move: the new end.")
    asset = IdField(required=False, help_text="For a move: another asset of the same group.")

    def validate(self, attrs):
        if attrs["action"] == "move":
            missing = {name: _("A move needs a new start and end.") for name in ("start", "end") if name not in attrs}
            if missing:
                raise serializers.ValidationError(missing)
            if attrs["end"] <= attrs["start"]:
                raise serializers.ValidationError({"end": _("The end must be after the start.")})
        return attrs


class BlackoutCreateSerializer(ClosurePeriodSerializer):
    decisions = ClosureDecisionSerializer(
        many=True, required=False, default=list, max_length=500,
        help_text="One decision for each booking the closure overlaps (see the preview).",
    )  # fmt: skip


class ClosureBookingSerializer(serializers.Serializer):
    reservation = serializers.IntegerField()
    title = serializers.CharField()
    member = serializers.CharField()
    booked_by = serializers.CharField()
    status = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    alternatives = AlternativeSerializer(many=True)


class ClosurePreviewSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    bookings = ClosureBookingSerializer(many=True)


class DecisionsRequiredSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    conflicts = ConflictItemSerializer(many=True, required=False)
    bookings = ClosureBookingSerializer(many=True, required=False, help_text="decisions_required: the undecided.")
    reservation = serializers.IntegerField(required=False, help_text="alternative_taken: the booking it names.")
