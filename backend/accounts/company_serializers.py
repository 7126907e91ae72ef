from django.utils.translation import gettext as _
from rest_framework import serializers

from sinergia.fields import MoneySerializer

from .models import CostCentre, Member, Membership


class PersonSerializer(serializers.ModelSerializer):
    """A membership of the company, with the person's name, e-mail and last sign-in."""

    user = serializers.IntegerField(source="user_id", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.SerializerMethodField()
    email = serializers.EmailField(source="user.email", read_only=True)
    last_login = serializers.DateTimeField(source="user.last_login", read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "username", "name", "email", "role", "last_login"]
        read_only_fields = fields

    def get_name(self, membership) -> str:
        return membership.user.get_full_name() or membership.user.username


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class HandedOverBookingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    asset = serializers.IntegerField(source="asset_id")
    asset_name = serializers.CharField(source="asset.name")
    timezone = serializers.CharField(source="asset.timezone")
    title = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    status = serializers.CharField()


class PersonBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.username


class RemovalSerializer(serializers.Serializer):
    """What removing someone does (the preview) or did: their future bookings for the company stay booked and
    pass to `heir`; nothing is cancelled."""

    membership = serializers.IntegerField()
    user = PersonBriefSerializer()
    heir = PersonBriefSerializer(help_text="Who holds the person's future bookings for the company from now on")
    bookings = HandedOverBookingSerializer(many=True)
    blocked = serializers.CharField(
        allow_null=True, help_text="Why the removal would be refused (last_member_admin), or null"
    )


class MemberUpdateSerializer(serializers.ModelSerializer):
    """Company details. Member admins change billing_email and tax_id; cluster admins also name, tier and the
    default cost centre (exports use it for bookings that name none)."""

    class Meta:
        model = Member
        fields = ["name", "tax_id", "billing_email", "cost_centre", "tier"]
        extra_kwargs = {"name": {"validators": []}}

    def validate_name(self, value):
        taken = Member.objects.filter(name__iexact=value).exclude(id=getattr(self.instance, "id", None))
        if taken.exists():
            raise serializers.ValidationError(_("Another member company has this name."))
        return value


class CostCentreSerializer(serializers.ModelSerializer):
    used = serializers.SerializerMethodField()

    class Meta:
        model = CostCentre
        fields = ["id", "member", "code", "name", "active", "used"]
        read_only_fields = ["id", "member", "active", "used"]

    def get_used(self, cost_centre) -> bool:
        return cost_centre.reservations.exists()


class CostCentreUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = CostCentre
        fields = ["code", "name", "active"]
        extra_kwargs = {"code": {"required": False}}


class MonthSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    bookings = serializers.IntegerField(help_text="Pending, approved, completed and no-show bookings starting in it")
    hours = serializers.FloatField()
    spend = MoneySerializer(many=True, help_text="The company's accepted cost shares of those bookings, per currency")


class StatementBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    payment_status = serializers.CharField()
    totals = MoneySerializer(many=True)


class CompanyOverviewSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member.id")
    this_month = MonthSerializer()
    last_month = MonthSerializer()
    pending_consents = serializers.IntegerField(help_text="Cost shares the company is asked to accept")
    statements = StatementBriefSerializer(many=True, help_text="The latest six, newest first")
