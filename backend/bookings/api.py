import django_filters
from django.db.models import Value
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response
from rest_framework.views import APIView

from assets.models import Asset, AssetGroup
from sinergia.fields import AwareIsoDateTimeFilter
from sinergia.pagination import Concatenation
from sinergia.params import IdField, IdFilter, WindowFilterForm, WindowParams, parse_query, window_from
from sinergia.schema import ErrorSerializer, any_of, error
from sinergia.throttles import CreateThrottle

from . import bundles, selectors, services
from .models import Reservation, Status
from .serializers import (
    AvailabilitySerializer,
    BusyBlockSerializer,
    ConflictSerializer,
    ExtendSerializer,
    GroupAvailabilitySerializer,
    ReasonSerializer,
    ReservationCreateSerializer,
    ReservationDetailSerializer,
    ReservationSerializer,
    ReservationUpdateSerializer,
)


class ReservationListParams(serializers.Serializer):
    include_busy = serializers.BooleanField(default=False)


class GroupAvailabilityParams(WindowParams):
    group = IdField(required=False)
    intervals = serializers.BooleanField(default=False)


class BusyBlockFilter(django_filters.FilterSet):
    """What narrows other members' busy blocks: where and when, nothing that would tell them apart."""

    asset = IdFilter()
    group = IdFilter(field_name="asset__group")
    start = AwareIsoDateTimeFilter(field_name="end", lookup_expr="gt", label="Ending after")
    end = AwareIsoDateTimeFilter(
        field_name="start", lookup_expr="lt", label="Starting before; with start, at most 366 days after it"
    )

    class Meta:
        model = Reservation
        form = WindowFilterForm
        fields = ["asset", "group", "start", "end"]


class ReservationFilter(BusyBlockFilter):
    """The reservations the caller sees in full are filtered by anything, busy blocks only by BusyBlockFilter."""

    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    member = IdFilter()

    class Meta(BusyBlockFilter.Meta):
        fields = ["status", "asset", "member", "group", "start", "end"]


# 400, 401, 403, 404 and 429 come from sinergia.schema; each operation declares the 409s it can answer.
CONFLICT = {409: OpenApiResponse(ConflictSerializer, description="The period is taken: what it overlaps, alternatives")}
INVALID_TRANSITION = {
    409: error("invalid_transition: the reservation's status does not allow this (e.g. it is cancelled already)")
}
CONFLICT_OR_REFUSAL = {
    409: any_of(
        ConflictSerializer,
        ErrorSerializer,
        description="conflict (the period is taken: what it overlaps, alternatives), or a refusal without them: "
        "invalid_transition (the status does not allow it), late_change_fee (giving up time now costs a fee)",
    )
}
CHECK_IN_REFUSAL = {
    409: error("too_early (with opens_at), too_late, already_checked_in, or invalid_transition (not approved)")
}
CHECK_OUT_REFUSAL = {409: error("not_checked_in, already_checked_out, or invalid_transition")}
EXTEND_REFUSAL = {
    409: any_of(
        ConflictSerializer,
        ErrorSerializer,
        description="conflict (the longer period runs into the next booking or a closure; the refusal is recorded), "
        "or a refusal without alternatives: not_checked_in, invalid_transition",
    )
}


class ReservationViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    filterset_class = ReservationFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["start", "created_at"]
    ordering = ["start", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = selectors.reservations_visible_to(self.request.user)
        return queryset if self.action == "list" else queryset.prefetch_related("events__by")

    throttle_scope = "reservation_create"

    def get_throttles(self):
        """Creating is rate-limited per user (REST_FRAMEWORK's reservation_create rate); reading is not."""
        return [CreateThrottle()] if self.action == "create" else []

    def get_serializer_class(self):
        return ReservationSerializer if self.action == "list" else ReservationDetailSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "include_busy",
                bool,
                description="After the reservations you see in full, other members' blocking bookings as busy blocks "
                "(asset and times only), narrowed by asset, group, start and end alone and always in the same order",
            )
        ],
        responses=PolymorphicProxySerializer(
            component_name="ReservationOrBusyBlock",
            serializers=[ReservationSerializer, BusyBlockSerializer],
            resource_type_field_name=None,
            many=True,
        ),
    )
    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset())
        if parse_query(ReservationListParams, request.query_params)["include_busy"]:
            busy_blocks = BusyBlockFilter(request.query_params, queryset=selectors.busy_blocks(request.user)).qs
            rows = Concatenation(rows, busy_blocks.annotate(is_busy_block=Value(True)))
        page = self.paginate_queryset(rows)
        # One serializer of each kind for the whole page: DRF builds a ModelSerializer's fields per instance.
        full = ReservationSerializer(context=self.get_serializer_context())
        busy = BusyBlockSerializer(context=self.get_serializer_context())
        return self.get_paginated_response(
            [(busy if getattr(r, "is_busy_block", False) else full).to_representation(r) for r in page]
        )

    def _render(self, reservation, code=status.HTTP_200_OK):
        # The caller created the reservation or got it through the visible queryset: no need to scope again.
        fresh = selectors.reservation_detail().get(id=reservation.id)
        return Response(ReservationDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ReservationCreateSerializer, responses={201: ReservationDetailSerializer, **CONFLICT})
    def create(self, request):
        payload = ReservationCreateSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        reservation = services.reservation_create(by=request.user, **payload.validated_data)
        # A new reservation carries its asset, member and booker already; only its audit trail is read.
        selectors.with_events(reservation)
        data = ReservationDetailSerializer(reservation, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReservationUpdateSerializer, responses={200: ReservationDetailSerializer, **CONFLICT_OR_REFUSAL}
    )
    def partial_update(self, request, pk=None):
        reservation = self.get_object()
        payload = ReservationUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if payload.validated_data.keys() & {"start", "end", "asset"}:
            bundles.refuse_part_change(reservation)
        reservation = services.reservation_update(reservation=reservation, by=request.user, **payload.validated_data)
        return self._render(reservation)

    @extend_schema(request=None, responses={200: ReservationDetailSerializer, **CONFLICT_OR_REFUSAL})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        reservation = self.get_object()
        approve = bundles.bundle_part_approve if reservation.bundle_id else services.reservation_approve
        return self._render(approve(reservation=reservation, by=request.user))

    @extend_schema(request=ReasonSerializer, responses={200: ReservationDetailSerializer, **INVALID_TRANSITION})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        reservation = self.get_object()
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reject = bundles.bundle_part_reject if reservation.bundle_id else services.reservation_reject
        reservation = reject(reservation=reservation, by=request.user, **payload.validated_data)
        return self._render(reservation)

    @extend_schema(request=ReasonSerializer, responses={200: ReservationDetailSerializer, **INVALID_TRANSITION})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        reservation = self.get_object()
        bundles.refuse_part_change(reservation)
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reservation = services.reservation_cancel(reservation=reservation, by=request.user, **payload.validated_data)
        return self._render(reservation)

    @extend_schema(
        request=None,
        responses={200: ReservationDetailSerializer, **CHECK_IN_REFUSAL},
        description="Record the holder's arrival: the booker, its member admin or the asset's managers, from the "
        "asset's checkin_opens_minutes before the start until the end. 409 too_early, too_late, already_checked_in "
        "or invalid_transition (not approved).",
    )
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, pk=None):
        reservation = services.reservation_check_in(reservation=self.get_object(), by=request.user)
        return self._render(reservation)

    @extend_schema(
        request=None,
        responses={200: ReservationDetailSerializer, **CHECK_OUT_REFUSAL},
        description="Record the real end of the use. After the end it records the overrun (never moves the end). "
        "409 not_checked_in, already_checked_out or invalid_transition.",
    )
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request, pk=None):
        reservation = services.reservation_check_out(reservation=self.get_object(), by=request.user)
        return self._render(reservation)

    @extend_schema(
        request=ExtendSerializer,
        responses={200: ReservationDetailSerializer, **EXTEND_REFUSAL},
        description="Lengthen a booking in use (checked in, not yet ended). Running into the next booking or a "
        "closure is refused with 409 conflict and the refusal is recorded in the booking's history.",
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        reservation = self.get_object()
        payload = ExtendSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reservation = services.reservation_extend(reservation=reservation, by=request.user, **payload.validated_data)
        return self._render(reservation)

    @extend_schema(request=None, responses={200: ReservationDetailSerializer, **INVALID_TRANSITION})
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request, pk=None):
        reservation = services.reservation_mark_no_show(reservation=self.get_object(), by=request.user)
        return self._render(reservation)


WINDOW = [
    OpenApiParameter("start", str, required=True, description="ISO 8601 with offset"),
    OpenApiParameter("end", str, required=True, description="ISO 8601 with offset; at most 366 days after start"),
]


class AssetAvailabilityView(APIView):
    @extend_schema(parameters=WINDOW, responses=AvailabilitySerializer)
    def get(self, request, pk: int):
        asset = get_object_or_404(Asset.objects.prefetch_related("opening_hours"), pk=pk)
        start, end = window_from(request.query_params)
        return Response(AvailabilitySerializer(selectors.asset_availability(asset, start, end)).data)


class GroupAvailabilityView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("group", int, description="An asset group; without it, every active asset"),
            OpenApiParameter("intervals", bool, description="Also give each asset's busy and free intervals"),
            *WINDOW,
        ],
        responses=GroupAvailabilitySerializer(many=True),
    )
    def get(self, request):
        query = parse_query(GroupAvailabilityParams, request.query_params)
        group_id = query.get("group")
        rows = selectors.assets_availability(group_id, query["start"], query["end"], intervals=query["intervals"])
        if group_id is not None and not rows:
            get_object_or_404(AssetGroup, pk=group_id)  # an unknown group is a 404, not an empty list
        return Response(GroupAvailabilitySerializer(rows, many=True).data)
