"""Qualifications an asset may require, and who holds them (rules: `qualification_services`)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import User
from accounts.permissions import can_grant, grantable_qualification_ids
from sinergia.exceptions import Forbidden
from sinergia.params import IdRelatedField
from sinergia.schema import error

from . import qualification_services as services
from .models import Qualification
from .qualification_selectors import grants_of, held_until


class QualificationSerializer(serializers.ModelSerializer):
    """A qualification; `held_until` is the caller's own standing grant's expiry (null: not held) and `can_grant`
    whether the caller may grant and revoke it."""

    validity_months = serializers.IntegerField(min_value=1, max_value=600, default=12)
    held_until = serializers.SerializerMethodField()
    can_grant = serializers.SerializerMethodField()

    class Meta:
        model = Qualification
        fields = ["id", "name", "description", "validity_months", "held_until", "can_grant"]

    def get_held_until(self, qualification) -> str | None:
        held = self.context.get("held_until")
        if held is None:
            request = self.context.get("request")
            held = held_until(request.user) if request else {}
        expiry = held.get(qualification.id)
        return expiry.isoformat() if expiry else None

    def get_can_grant(self, qualification) -> bool:
        if "grantable" in self.context:
            grantable = self.context["grantable"]
            return grantable is None or qualification.id in grantable
        request = self.context.get("request")
        return bool(request and can_grant(request.user, qualification))


class QualificationGrantSerializer(serializers.Serializer):
    """A standing grant: `user` holds the qualification through `expires_on` (inclusive)."""

    id = serializers.IntegerField(read_only=True)
    user = IdRelatedField(queryset=User.objects.filter(is_active=True), required=False)
    username = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        required=False,
        write_only=True,
        help_text="Instead of `user`: the person's username (managers cannot list users).",
    )
    user_name = serializers.SerializerMethodField()
    granted_by_name = serializers.SerializerMethodField()
    granted_on = serializers.DateField(read_only=True)
    expires_on = serializers.DateField(
        required=False, allow_null=True, help_text="Defaults to today plus the qualification's validity."
    )

    def validate(self, attrs):
        person = attrs.pop("username", None)
        if ("user" in attrs) == (person is not None):
            raise serializers.ValidationError({"user": [_("Name the person by one of user id or username.")]})
        attrs.setdefault("user", person)
        return attrs

    def get_user_name(self, grant) -> str:
        return grant.user.get_full_name() or grant.user.username

    def get_granted_by_name(self, grant) -> str | None:
        return (grant.granted_by.get_full_name() or grant.granted_by.username) if grant.granted_by else None


def _check_sees_grants(user, qualification) -> None:
    if not can_grant(user, qualification):
        raise Forbidden(_("Only cluster admins and the managers of an asset that requires it see who holds it."))


class QualificationViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Qualifications: everyone signed in reads them; cluster admins and asset managers define them."""

    queryset = Qualification.objects.all()
    serializer_class = QualificationSerializer
    pagination_class = None

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "list" and self.request.user.is_authenticated:
            context["held_until"] = held_until(self.request.user)
            context["grantable"] = grantable_qualification_ids(self.request.user)
        return context

    def perform_create(self, serializer):
        serializer.instance = services.qualification_create(by=self.request.user, **serializer.validated_data)

    @extend_schema(
        methods=["GET"],
        responses={200: QualificationGrantSerializer(many=True)},
        description="Who holds the qualification now (standing grants): cluster admins and the managers of an "
        "asset that requires it.",
    )
    @extend_schema(
        methods=["POST"],
        request=QualificationGrantSerializer,
        responses={
            201: QualificationGrantSerializer,
            409: error("grant_changed: the same person was granted it at the same moment"),
        },
        description="Grant the qualification to a user until `expires_on` (default: today plus its validity); a "
        "standing grant of the same user is replaced.",
    )
    @action(detail=True, methods=["get", "post"])
    def grants(self, request, pk=None):
        qualification = self.get_object()
        if request.method == "GET":
            _check_sees_grants(request.user, qualification)
            return Response(QualificationGrantSerializer(grants_of(qualification), many=True).data)
        payload = QualificationGrantSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        grant = services.grant_create(
            qualification=qualification,
            by=request.user,
            user=payload.validated_data["user"],
            expires_on=payload.validated_data.get("expires_on"),
        )
        return Response(QualificationGrantSerializer(grant).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("grant_id", int, OpenApiParameter.PATH, description="The grant's id")],
        responses={204: None, 409: error("already_revoked: revoked at the same moment")},
        description="Revoke a standing grant now. Bookings already made stay.",
    )
    @action(detail=True, methods=["delete"], url_path=r"grants/(?P<grant_id>[0-9]{1,18})", url_name="grant")
    def grant(self, request, pk=None, grant_id=None):
        qualification = self.get_object()
        _check_sees_grants(request.user, qualification)
        grant = get_object_or_404(grants_of(qualification), id=grant_id)
        services.grant_revoke(grant=grant, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
