from rest_framework import serializers

from .models import EmailDomain, JoinRequest, Membership


class EmailDomainSerializer(serializers.ModelSerializer):
    domain = serializers.CharField(max_length=253)

    class Meta:
        model = EmailDomain
        fields = ["id", "domain", "created_at"]
        read_only_fields = ["id", "created_at"]


class JoinRequestSerializer(serializers.ModelSerializer):
    """A person waiting to join (or who asked to join) a company, with their name as their provider gave it."""

    user = serializers.IntegerField(source="user_id", read_only=True)
    name = serializers.SerializerMethodField()
    member = serializers.IntegerField(source="member_id", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = JoinRequest
        fields = ["id", "user", "name", "email", "member", "member_name", "status", "created_at", "decided_at"]
        read_only_fields = fields

    def get_name(self, join_request) -> str:
        return join_request.user.get_full_name() or join_request.email


class ApproveSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)
