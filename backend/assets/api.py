from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bookings import services as booking_services
from bookings.selectors import assets_with_rules
from insights import services as insight_services
from sinergia.params import IdField, parse_query

from . import groups, services
from .group_serializers import (
    ManagersSerializer,
    ManagerUserSerializer,
    StandaloneRateWriteSerializer,
    standalone_rate_payload,
)
from .models import AssetGroup, Blackout
from .serializers import AssetGroupSerializer, AssetSerializer, BlackoutSerializer, OpeningHoursSerializer


class AssetListParams(serializers.Serializer):
    group = IdField(required=False)
    kind = serializers.CharField(required=False, max_length=100)
    q = serializers.CharField(required=False, max_length=100)


def _managers_response(target, request) -> Response:
    """Who manages the group or asset: for cluster admins, who name them."""
    groups.check_runs_cluster(request.user)
    return Response(ManagerUserSerializer(target.managers.order_by("username"), many=True).data)


def _managers_payload(request) -> list:
    payload = ManagersSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    return payload.validated_data["managers"]


class AssetGroupViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Asset groups: everyone reads them; cluster admins create and rename them and name their managers."""

    queryset = AssetGroup.objects.all()
    serializer_class = AssetGroupSerializer
    pagination_class = None

    def perform_create(self, serializer):
        serializer.instance = groups.group_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = groups.group_update(
            group=serializer.instance, by=self.request.user, changes=serializer.validated_data
        )

    @extend_schema(request=ManagersSerializer, responses=ManagerUserSerializer(many=True))
    @action(detail=True, methods=["get", "put"])
    def managers(self, request, pk=None):
        """The group's managers (GET) and replacing them with the user ids given (PUT): cluster admins."""
        group = self.get_object()
        if request.method == "PUT":
            group = groups.group_managers_set(group=group, by=request.user, users=_managers_payload(request))
        return _managers_response(group, request)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("group", int, description="Only assets of this group"),
            OpenApiParameter("kind", str, description="Only assets of this kind"),
            OpenApiParameter("q", str, description="Search in name, kind and location"),
        ]
    )
)
class AssetViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """The catalogue. Everyone reads it; managers and cluster admins create and edit."""

    serializer_class = AssetSerializer
    pagination_class = None

    def get_queryset(self):
        queryset = assets_with_rules()
        if self.action != "list":
            return queryset
        params = parse_query(AssetListParams, self.request.query_params)
        if "group" in params:
            queryset = queryset.filter(group_id=params["group"])
        if "kind" in params:
            queryset = queryset.filter(kind__iexact=params["kind"])
        if "q" in params:
            term = params["q"]
            queryset = queryset.filter(Q(name__icontains=term) | Q(kind__icontains=term) | Q(location__icontains=term))
        return queryset

    def perform_create(self, serializer):
        serializer.instance = services.asset_create(by=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.asset_update(
            asset=serializer.instance, by=self.request.user, changes=serializer.validated_data
        )

    @extend_schema(request=OpeningHoursSerializer(many=True), responses=OpeningHoursSerializer(many=True))
    @action(detail=True, methods=["put"], url_path="opening-hours")
    def opening_hours(self, request, pk=None):
        """Replace the asset's weekly opening hours."""
        asset = self.get_object()
        hours = OpeningHoursSerializer(data=request.data, many=True)
        hours.is_valid(raise_exception=True)
        saved = services.opening_hours_set(asset=asset, by=request.user, hours=hours.validated_data)
        return Response(OpeningHoursSerializer(saved, many=True).data)

    @extend_schema(request=BlackoutSerializer, responses=BlackoutSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def blackouts(self, request, pk=None):
        asset = self.get_object()
        if request.method == "GET":
            return Response(BlackoutSerializer(asset.blackouts.all(), many=True).data)
        payload = BlackoutSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        blackout = booking_services.blackout_create(asset=asset, by=request.user, **payload.validated_data)
        return Response(BlackoutSerializer(blackout).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ManagersSerializer, responses=ManagerUserSerializer(many=True))
    @action(detail=True, methods=["get", "put"], url_path="managers", url_name="managers")
    def asset_managers(self, request, pk=None):
        """The asset's own managers (GET; its group's manage it too) and replacing them (PUT): cluster admins."""
        asset = self.get_object()
        if request.method == "PUT":
            asset = groups.asset_managers_set(asset=asset, by=request.user, users=_managers_payload(request))
        return _managers_response(asset, request)

    @extend_schema(request=StandaloneRateWriteSerializer, responses=StandaloneRateWriteSerializer)
    @action(detail=True, methods=["put"], url_path="standalone-rate")
    def standalone_rate(self, request, pk=None):
        """What renting a comparable asset alone costs per hour (cluster admins; a null rate removes it)."""
        asset = self.get_object()
        payload = StandaloneRateWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        insight_services.standalone_rate_set(asset=asset, by=request.user, **payload.validated_data)
        return Response(standalone_rate_payload(asset))


class BlackoutViewSet(mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = BlackoutSerializer
    queryset = Blackout.objects.select_related("asset")

    def perform_destroy(self, blackout):
        booking_services.blackout_delete(blackout=blackout, by=self.request.user)
