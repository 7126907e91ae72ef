from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Invitation, Member


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation as its company's member admins and cluster admins list it."""

    state = serializers.SerializerMethodField()
    member_name = serializers.CharField(source="member.name", read_only=True, allow_null=True, default=None)
    invited_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = ["id", "email", "member", "member_name", "role", "language", "state", "invited_by_name",
                  "sent_at", "expires_at", "accepted_at", "revoked_at"]  # fmt: skip
        read_only_fields = fields

    def get_state(self, invitation) -> str:
        return invitation.state()

    def get_invited_by_name(self, invitation) -> str | None:
        by = invitation.invited_by
        return (by.get_full_name() or by.username) if by else None


class InvitationCreateSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Invitation.Role.choices)
    member = serializers.PrimaryKeyRelatedField(
        queryset=Member.objects.filter(is_active=True), required=False, allow_null=True,
        help_text="The company, for booker and member_admin; none for asset_manager and accountant",
    )  # fmt: skip
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, required=False, help_text="The e-mail's language; the inviter's by default"
    )

    def validate(self, data):
        member_role = data["role"] in Invitation.MEMBER_ROLES
        if member_role and not data.get("member"):
            raise serializers.ValidationError({"member": [_("Choose the company for this role.")]})
        if not member_role and data.get("member"):
            raise serializers.ValidationError({"member": [_("A cluster role belongs to no company.")]})
        return data


class InvitationListQuerySerializer(serializers.Serializer):
    member = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


class LinkSerializer(serializers.Serializer):
    token = serializers.RegexField(r"^[0-9a-f]{64}$", help_text="The link's token, from the e-mail")


class InvitationLinkSerializer(serializers.Serializer):
    """What the link's holder learns: the invitation itself, and whether its e-mail already has an account (then
    they accept with that account's password)."""

    email = serializers.EmailField()
    member_name = serializers.CharField(allow_null=True)
    role = serializers.ChoiceField(choices=Invitation.Role.choices)
    language = serializers.CharField()
    invited_by_name = serializers.CharField(allow_null=True)
    expires_at = serializers.DateTimeField()
    existing_account = serializers.BooleanField()


class AcceptSerializer(LinkSerializer):
    password = serializers.CharField(
        max_length=128, trim_whitespace=False, required=False, allow_blank=True, default="",
        style={"input_type": "password"}, help_text="The new password, or the existing account's",
    )  # fmt: skip
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False, allow_blank=True, default="")
