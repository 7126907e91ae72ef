from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import permissions
from .models import ApiToken, Member, Membership, User


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
    mfa_required = serializers.SerializerMethodField(
        help_text="The user's role asks for two-factor and none is set up: only /me/ answers until it is."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "language",
            "memberships",
            "cluster_roles",
            "mfa_required",
        ]

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user) -> list[dict]:
        memberships = user.memberships.filter(member__is_active=True).select_related("member").order_by("member__name")
        return MembershipSerializer(memberships, many=True).data

    def get_cluster_roles(self, user) -> list[str]:
        return permissions.cluster_roles(user)

    def get_mfa_required(self, user) -> bool:
        return permissions.must_enrol_second_factor(user)


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)


class TokenCredentialsSerializer(CredentialsSerializer):
    code = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text="For an account with two-factor: a TOTP or recovery code.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class CsrfSerializer(serializers.Serializer):
    csrfToken = serializers.CharField(read_only=True)


class PasswordChangeSerializer(serializers.Serializer):
    current_password = serializers.CharField(max_length=128, trim_whitespace=False)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)
    revoke_tokens = serializers.BooleanField(
        help_text="Also revoke every API token of the user (integrations using them stop working)."
    )


class LanguageSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=User._meta.get_field("language").choices)


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token as listed: its name, the first characters of its key, when it was made and last used."""

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]
        read_only_fields = fields


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, help_text="What the token is for, e.g. the integration's name")
    password = serializers.CharField(
        max_length=128, write_only=True, trim_whitespace=False, style={"input_type": "password"},
        help_text="The caller's password, asked again",
    )  # fmt: skip
    code = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default="",
        help_text="When the caller has an authenticator app: a current TOTP code from it, or an unused recovery code",
    )  # fmt: skip


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(read_only=True, help_text="Send as `Authorization: Token <key>`; shown only now")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
        read_only_fields = fields


class CompanyTokenSerializer(ApiTokenSerializer):
    """A token of one of the company's people, for its member admins."""

    user = serializers.IntegerField(source="user_id", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    person = serializers.SerializerMethodField()

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "user", "username", "person"]
        read_only_fields = fields

    def get_person(self, token) -> str:
        return token.user.get_full_name() or token.user.username
