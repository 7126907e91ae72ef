"""Quotas per member company × asset group: cluster admins set them; a company's users read its own."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from accounts.models import Member
from accounts.permissions import quota_seen_condition
from assets.models import AssetGroup
from sinergia.params import IdField, IdRelatedField, parse_query
from sinergia.schema import error

from . import quota_services
from .models import Quota


class QuotaSerializer(serializers.ModelSerializer):
    member = IdRelatedField(queryset=Member.objects.all())
    group = IdRelatedField(queryset=AssetGroup.objects.all())
    member_name = serializers.CharField(source="member.name", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    max_hours_per_month = serializers.IntegerField(min_value=0, max_value=100000, allow_null=True, required=False)
    max_pending = serializers.IntegerField(min_value=0, max_value=100000, allow_null=True, required=False)

    class Meta:
        model = Quota
        fields = ["id", "member", "member_name", "group", "group_name", "max_hours_per_month", "max_pending"]
        validators = []  # one quota per member and group: a 409 from the service, not a 400 here


class QuotaUpdateSerializer(QuotaSerializer):
    """Only the limits change; a quota for another member or group is another quota."""

    member = serializers.IntegerField(source="member_id", read_only=True)
    group = serializers.IntegerField(source="group_id", read_only=True)


class QuotaListParams(serializers.Serializer):
    member = IdField(required=False)
    group = IdField(required=False)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("member", int, description="Only this member company's quotas"),
            OpenApiParameter("group", int, description="Only quotas on this asset group"),
        ]
    ),
    create=extend_schema(responses={201: QuotaSerializer, 409: error("quota_exists: change that quota instead")}),
)
class QuotaViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    serializer_class = QuotaSerializer
    pagination_class = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return QuotaUpdateSerializer if self.action in ("update", "partial_update") else QuotaSerializer

    def get_queryset(self):
        quotas = Quota.objects.select_related("member", "group")
        seen = quota_seen_condition(self.request.user)
        if seen is not None:
            quotas = quotas.filter(seen)
        if self.action == "list":
            params = parse_query(QuotaListParams, self.request.query_params)
            if "member" in params:
                quotas = quotas.filter(member_id=params["member"])
            if "group" in params:
                quotas = quotas.filter(group_id=params["group"])
        return quotas.order_by("member__name", "group__name", "id")

    def perform_create(self, serializer):
        serializer.instance = quota_services.quota_create(by=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = quota_services.quota_update(
            quota=serializer.instance, by=self.request.user, changes=serializer.validated_data
        )

    def perform_destroy(self, quota):
        quota_services.quota_delete(quota=quota, by=self.request.user)
