from datetime import date

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assets.pricing import money
from bookings.models import Reservation
from insights.models import FairShare
from sinergia.fields import AwareDateTimeField, BoundedDateField, MoneySerializer

from . import permissions
from .models import Member, Membership, User
from .serializers import MemberSerializer


def weight_on(member: Member, day: date) -> str:
    """The member's fair-share weight on `day` (1 without a row)."""
    share = FairShare.objects.filter(member=member, valid_from__lte=day).order_by("-valid_from").first()
    return str(share.weight) if share else "1.0000"


@extend_schema_field({"type": "string", "nullable": True, "example": "1.0000"})
class FairShareTodayField(serializers.Field):
    """Today's fair-share weight of the member (for accountants and cluster admins; else null)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", required=False, **kwargs)

    def to_representation(self, member):
        if not permissions.is_accountant_or_admin(self.context["request"].user):
            return None
        return weight_on(member, date.today())


class MemberAdminSerializer(MemberSerializer):
    """A member company with whether it is active and, for accountants and cluster admins, today's fair share
    (both, like the company's details, only for its own users, accountants and cluster admins). Response only."""

    private_fields = (*MemberSerializer.private_fields, "is_active", "fair_share")
    # Not read-only so that the schema, like the company's details, does not promise them to everyone.
    is_active = serializers.BooleanField(required=False)
    fair_share = FairShareTodayField()

    class Meta(MemberSerializer.Meta):
        fields = [*MemberSerializer.Meta.fields, "is_active", "fair_share"]


class MemberCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    tax_id = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    billing_email = serializers.EmailField(required=False, allow_blank=True, default="")
    cost_centre = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    tier = serializers.ChoiceField(choices=Member.Tier.choices, default=Member.Tier.FULL)

    def validate_name(self, value):
        value = value.strip()
        if Member.objects.filter(name__iexact=value).exists():
            raise serializers.ValidationError(_("A member company with this name already exists."))
        return value


class MemberListParams(serializers.Serializer):
    include_inactive = serializers.BooleanField(required=False, default=False)


class DeactivateSerializer(serializers.Serializer):
    cancel_future_bookings = serializers.BooleanField(required=False, default=False)


class FutureBookingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="reservation.id")
    asset = serializers.CharField(source="reservation.asset.name")
    timezone = serializers.CharField(source="reservation.asset.timezone")
    title = serializers.CharField(source="reservation.title")
    status = serializers.ChoiceField(source="reservation.status", choices=Reservation._meta.get_field("status").choices)
    start = AwareDateTimeField(source="reservation.start")
    end = AwareDateTimeField(source="reservation.end")
    booked_by = serializers.CharField(source="reservation.booked_by.username")
    fee = serializers.SerializerMethodField()

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_fee(self, row):
        return money(row["fee_minor"], row["currency"]) if row["fee_minor"] else None


class DeactivationPreviewSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    bookings = FutureBookingSerializer(many=True)
    outcome = serializers.CharField()


class FairShareEntrySerializer(serializers.ModelSerializer):
    weight = serializers.DecimalField(max_digits=12, decimal_places=4, min_value=0)
    valid_from = BoundedDateField()
    set_by = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = FairShare
        fields = ["id", "weight", "valid_from", "set_by", "created_at"]
        read_only_fields = ["id", "set_by", "created_at"]
        validators = []  # (member, valid_from) is the member in the path; the same day replaces its row

    def get_set_by(self, share) -> str | None:
        return share.set_by.username if share.set_by else None


class UserMembershipSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="member_id")
    name = serializers.CharField(source="member.name")

    class Meta:
        model = Membership
        fields = ["member", "name", "role"]


class ClusterUserSerializer(serializers.ModelSerializer):
    memberships = UserMembershipSerializer(many=True, read_only=True)
    cluster_roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id", "username", "first_name", "last_name", "email", "is_active", "is_accountant", "is_staff",
            "memberships", "cluster_roles",
        ]  # fmt: skip
        read_only_fields = fields

    def get_cluster_roles(self, user) -> list[str]:
        return permissions.cluster_roles(user)


class UserRolesSerializer(serializers.Serializer):
    is_accountant = serializers.BooleanField(required=False)
    is_staff = serializers.BooleanField(required=False)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Give is_accountant, is_staff or both."))
        return attrs


class UserListParams(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=100)
