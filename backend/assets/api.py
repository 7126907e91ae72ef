from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bookings import services as booking_services
from bookings.selectors import assets_with_rules
from bookings.serializers import (
    BlackoutCreateSerializer,
    ClosurePeriodSerializer,
    ClosurePreviewSerializer,
    DecisionsRequiredSerializer,
)
from insights import services as insight_services
from sinergia.params import IdField, parse_query

from . import groups, kiosk, services
from .group_serializers import (
    ManagersSerializer,
    ManagerUserSerializer,
    StandaloneRateWriteSerializer,
    standalone_rate_payload,
)
from .models import AssetGroup, Blackout
from .serializers import (
    AssetGroupSerializer,
    AssetSerializer,
    BlackoutSerializer,
    KioskSignSerializer,
    OpeningHoursListSerializer,
    OpeningHoursSerializer,
    RulesConflictSerializer,
    RulesPreviewSerializer,
)

RULE_LISTS = ("opening_hours", "peak_windows", "price_rules", "decisions")


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

    queryset = AssetGroup.objects.prefetch_related("required_qualifications")
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
    ),
    update=extend_schema(responses={200: AssetSerializer, 409: RulesConflictSerializer}),
    partial_update=extend_schema(responses={200: AssetSerializer, 409: RulesConflictSerializer}),
)
class AssetViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """The catalogue. Everyone reads it; managers and cluster admins create and edit."""

    serializer_class = AssetSerializer
    pagination_class = None

    def get_queryset(self):
        queryset = assets_with_rules().prefetch_related("operates", "holds")
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
        changes = dict(serializer.validated_data)
        lists = {name: changes.pop(name, None) for name in RULE_LISTS}
        serializer.instance = services.asset_update(asset=serializer.instance, by=self.request.user, changes=changes,
                                                    **lists)  # fmt: skip

    @extend_schema(
        request=AssetSerializer,
        responses={200: RulesPreviewSerializer},
        description="The future bookings (pending or approved) that a change of the asset's rules, given as for "
        "PATCH, would affect, each with its reasons. Nothing is saved; PATCH with a decision for each then saves.",
    )
    @action(detail=True, methods=["post"], url_path="rules-preview")
    def rules_preview(self, request, pk=None):
        """Preview a rule change: the bookings it affects and why."""
        asset = self.get_object()
        payload = AssetSerializer(asset, data=request.data, partial=True, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        changes = dict(payload.validated_data)
        opening_hours = changes.pop("opening_hours", None)
        for name in RULE_LISTS:
            changes.pop(name, None)
        preview = services.asset_rules_preview(
            asset=asset, by=request.user, changes=changes, opening_hours=opening_hours
        )
        return Response(RulesPreviewSerializer(preview).data)

    @extend_schema(
        request=OpeningHoursSerializer(many=True),
        responses={200: OpeningHoursSerializer(many=True), 409: RulesConflictSerializer},
    )
    @action(detail=True, methods=["put"], url_path="opening-hours")
    def opening_hours(self, request, pk=None):
        """Replace the asset's weekly opening hours. When that affects future bookings: 409 `decisions_required`
        (decide with PATCH /assets/{id}/ and `decisions`)."""
        asset = self.get_object()
        hours = OpeningHoursListSerializer(data=request.data)
        hours.is_valid(raise_exception=True)
        saved = services.opening_hours_set(asset=asset, by=request.user, hours=hours.validated_data)
        return Response(OpeningHoursSerializer(saved, many=True).data)

    @extend_schema(
        methods=["GET"], responses=BlackoutSerializer(many=True), description="The asset's blackouts (closures)."
    )
    @extend_schema(
        methods=["POST"],
        request=BlackoutCreateSerializer,
        responses={
            201: BlackoutSerializer,
            409: OpenApiResponse(
                DecisionsRequiredSerializer,
                description="decisions_required (bookings left undecided, with alternatives), alternative_taken "
                "(a move's new time is no longer free) or conflict; nothing was changed",
            ),
        },
        description="Close the asset for maintenance. Each booking the period overlaps (buffers included) needs a "
        "decision: move it (to a new time, or another asset of its group) or cancel it without fee. All or nothing; "
        "the holders are told by e-mail.",
    )
    @action(detail=True, methods=["get", "post"])
    def blackouts(self, request, pk=None):
        asset = self.get_object()
        if request.method == "GET":
            return Response(BlackoutSerializer(asset.blackouts.all(), many=True).data)
        payload = BlackoutCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        blackout = booking_services.blackout_create(asset=asset, by=request.user, **payload.validated_data)
        return Response(BlackoutSerializer(blackout).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ClosurePeriodSerializer,
        responses={
            200: ClosurePreviewSerializer,
        },
        description="The bookings a blackout of this period would overlap, each with the alternatives the manager "
        "may move it to. Changes nothing.",
    )
    @action(detail=True, methods=["post"], url_path="blackouts/preview")
    def blackouts_preview(self, request, pk=None):
        asset = self.get_object()
        payload = ClosurePeriodSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        start, end = payload.validated_data["start"], payload.validated_data["end"]
        bookings = booking_services.closure_preview(asset=asset, by=request.user, start=start, end=end)
        return Response(ClosurePreviewSerializer({"start": start, "end": end, "bookings": bookings}).data)

    @extend_schema(request=ManagersSerializer, responses=ManagerUserSerializer(many=True))
    @action(detail=True, methods=["get", "put"], url_path="managers", url_name="managers")
    def asset_managers(self, request, pk=None):
        """The asset's own managers (GET; its group's manage it too) and replacing them (PUT): cluster admins."""
        asset = self.get_object()
        if request.method == "PUT":
            asset = groups.asset_managers_set(asset=asset, by=request.user, users=_managers_payload(request))
        return _managers_response(asset, request)

    @extend_schema(request=StandaloneRateWriteSerializer, responses=StandaloneRateWriteSerializer)
    @extend_schema(
        request=None,
        responses={200: KioskSignSerializer},
        description="The door sign of the asset's kiosk: its address and a QR code (an SVG data URI) that opens the "
        "kiosk, where the booking in progress is checked in to. Anyone who reads the catalogue may print it.",
    )
    @action(detail=True, methods=["get"], url_path="kiosk-sign")
    def kiosk_sign(self, request, pk=None):
        return Response(KioskSignSerializer(kiosk.sign(self.get_object())).data)

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
