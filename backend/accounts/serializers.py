from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import permissions
from .models import Member, Membership, User


class MemberBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["id", "name"]


class MemberSerializer(serializers.ModelSerializer):
    """Name for everyone; company details only for its own users, accountants and cluster admins."""

    private_fields = ("tax_id", "billing_email", "cost_centre", "tier")

    class Meta:
        model = Member
        fields = ["id", "name", "tax_id", "billing_email", "cost_centre", "tier"]

    def to_representation(self, member):
        data = super().to_representation(member)
        if not permissions.sees_member_details(self.context["request"].user, member):
            for field in self.private_fields:
                data.pop(field)
        return data


class MembershipSerializer(serializers.ModelSerializer):
    member = MemberBriefSerializer()

    class Meta:
        model = Membership
        fields = ["member", "role"]


class MeSerializer(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()
    cluster_roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "language", "memberships", "cluster_roles"]

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user) -> list[dict]:
        memberships = user.memberships.filter(member__is_active=True).select_related("member").order_by("member__name")
        return MembershipSerializer(memberships, many=True).data

    def get_cluster_roles(self, user) -> list[str]:
        return permissions.cluster_roles(user)


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class CsrfSerializer(serializers.Serializer):
    csrfToken = serializers.CharField(read_only=True)
