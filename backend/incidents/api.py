"""Incidents: anyone who can book an asset reports a problem with it; its managers resolve it."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from sinergia.params import IdField, parse_query
from sinergia.schema import ErrorSerializer

from . import selectors, services
from .models import IncidentStatus
from .serializers import ExpectedEndSerializer, IncidentCreateSerializer, IncidentSerializer, ResolveSerializer

# A broken rule answers {code, detail}; invalid fields answer DRF's {field: [messages]}.
BAD = "A rule is broken ({code, detail}) or fields are wrong ({field: [messages]}): "


class IncidentListParams(serializers.Serializer):
    asset = IdField(required=False)
    status = serializers.ChoiceField(choices=IncidentStatus.choices, required=False)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("asset", int, description="Only this asset's incidents (its history)"),
            OpenApiParameter("status", str, enum=IncidentStatus.values, description="open or resolved"),
        ],
        description="The incidents the caller sees, newest first: the managers, their assets'; a member company's "
        "users, their own reports and those on every active asset; accountants and cluster admins, all.",
    ),
    create=extend_schema(
        request=IncidentCreateSerializer,
        responses={
            201: IncidentSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=BAD + "severity, description or expected end"),
            403: OpenApiResponse(
                ErrorSerializer,
                description="Cannot book the asset, or an expected end from someone who does not manage it",
            ),
        },
        description="Report a problem. `out_of_service` closes the asset from now until `expected_end` (managers; "
        "24 hours when a member reports it): the bookings it overlaps are stranded and their holders e-mailed "
        "with alternatives.",
    ),
)
class IncidentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):  # fmt: skip
    serializer_class = IncidentSerializer

    def get_queryset(self):
        incidents = selectors.incidents_visible_to(self.request.user)
        if self.action == "list":
            params = parse_query(IncidentListParams, self.request.query_params)
            if "asset" in params:
                incidents = incidents.filter(asset_id=params["asset"])
            if "status" in params:
                incidents = incidents.filter(status=params["status"])
        return incidents.order_by("-reported_at", "-id")

    def create(self, request, *args, **kwargs):
        payload = IncidentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        incident = services.incident_report(by=request.user, **payload.validated_data)
        incident = self.get_queryset().get(id=incident.id)
        return Response(self.get_serializer(incident).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ResolveSerializer,
        responses={
            200: IncidentSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=BAD + "notes"),
            403: OpenApiResponse(ErrorSerializer, description="Not a manager of the asset"),
            409: OpenApiResponse(ErrorSerializer, description="Already resolved"),
        },
        description="Resolve with the manager's notes; an out-of-service asset's blackout ends now.",
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        incident = self.get_object()
        payload = ResolveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.incident_resolve(incident=incident, by=request.user, notes=payload.validated_data["notes"])
        return Response(self.get_serializer(self.get_queryset().get(id=incident.id)).data)

    @extend_schema(
        request=ExpectedEndSerializer,
        responses={
            200: IncidentSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=BAD + "expected end (past, or not out of service)"),
            403: OpenApiResponse(ErrorSerializer, description="Not a manager of the asset"),
            409: OpenApiResponse(ErrorSerializer, description="Already resolved"),
        },
        description="When an out-of-service asset is expected back: its blackout ends then. Bookings a longer "
        "blackout strands are told like the first ones.",
    )
    @action(detail=True, methods=["post"], url_path="expected-end")
    def expected_end(self, request, pk=None):
        incident = self.get_object()
        payload = ExpectedEndSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.incident_set_expected_end(incident=incident, by=request.user, **payload.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(id=incident.id)).data)
