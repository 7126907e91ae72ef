from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Member
from accounts.serializers import MemberBriefSerializer
from assets.models import Asset
from assets.pricing import money
from sinergia.fields import AwareDateTimeField, MoneySerializer

from .models import Reservation, ReservationEvent


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class ReservationEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", default=None)

    class Meta:
        model = ReservationEvent
        fields = ["at", "by", "action", "from_status", "to_status", "reason", "changes"]


class ReservationSerializer(serializers.ModelSerializer):
    """A reservation the caller may see in full."""

    asset_name = serializers.CharField(source="asset.name", read_only=True)
    member = MemberBriefSerializer(read_only=True)
    booked_by = UserBriefSerializer(read_only=True)
    price = serializers.SerializerMethodField()
    busy = serializers.SerializerMethodField()

    class Meta:
        model = Reservation
        fields = [
            "id", "asset", "asset_name", "member", "booked_by", "start", "end", "blocked_start", "blocked_end",
            "status", "title", "notes", "price", "quote", "created_at", "updated_at", "busy",
        ]  # fmt: skip
        read_only_fields = fields

    @staticmethod
    def get_busy(reservation) -> bool:
        return False

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_price(self, reservation):
        if not reservation.quote:
            return None
        return money(reservation.quote["total_minor"], reservation.quote["currency"])


class ReservationDetailSerializer(ReservationSerializer):
    events = ReservationEventSerializer(many=True, read_only=True)

    class Meta(ReservationSerializer.Meta):
        fields = ReservationSerializer.Meta.fields + ["events"]
        read_only_fields = fields


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
    def get_busy(reservation) -> bool:
        return True


class ReservationCreateSerializer(serializers.Serializer):
    asset = serializers.PrimaryKeyRelatedField(queryset=Asset.objects.all())
    member = serializers.PrimaryKeyRelatedField(queryset=Member.objects.all(), required=False)
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    title = serializers.CharField(max_length=200)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    compete = serializers.BooleanField(
        required=False, default=False, help_text="File a competing request when only other pending requests conflict."
    )

    def validate(self, attrs):
        if "member" not in attrs:
            memberships = list(self.context["request"].user.memberships.filter(member__is_active=True)[:2])
            if len(memberships) != 1:
                raise serializers.ValidationError({"member": _("Say which member company this booking is for.")})
            attrs["member"] = memberships[0].member
        return attrs


class ReservationUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    start = AwareDateTimeField(required=False)
    end = AwareDateTimeField(required=False)


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


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    field = serializers.CharField(required=False)


class IntervalSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class BusyIntervalSerializer(IntervalSerializer):
    kind = serializers.ChoiceField(choices=["reservation", "blackout", "closed"])


class AvailabilitySerializer(serializers.Serializer):
    asset = serializers.IntegerField()
    timezone = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    busy = BusyIntervalSerializer(many=True)
    free = IntervalSerializer(many=True)


class GroupAvailabilitySerializer(serializers.Serializer):
    asset = serializers.IntegerField()
    name = serializers.CharField()
    open = serializers.BooleanField()
    free = serializers.BooleanField()
    requires_approval = serializers.BooleanField()
