from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from billing import services as billing
from sinergia.schema import any_of, error
from sinergia.throttles import CreateThrottle

from . import selectors, series_services
from .api import CONFLICT_OR_REFUSAL
from .serializers import (
    ConflictSerializer,
    ReasonSerializer,
    SeriesCancelSerializer,
    SeriesConflictSerializer,
    SeriesCreateSerializer,
    SeriesReportSerializer,
    SeriesSerializer,
)
from .series import parse_rrule, shown_text

SERIES_CONFLICT = {
    409: any_of(
        SeriesConflictSerializer,
        ConflictSerializer,
        description="series_conflict (the per-occurrence report; nothing was created), or conflict (another booking "
        "took one of the periods meanwhile)",
    )
}
REFUSAL = {409: error("invalid_transition: an occurrence changed status meanwhile; nothing was changed")}


class SeriesViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Recurring requests. Tenancy as for reservations: another member's series answers 404."""

    serializer_class = SeriesSerializer
    throttle_scope = "reservation_create"

    def get_throttles(self):
        """A series is a create: it passes under the same per-user rate, then pays for each occurrence it booked."""
        return [CreateThrottle()] if self.action == "create" else []

    def get_queryset(self):
        return selectors.series_visible_to(self.request.user)

    def _render(self, series, code=status.HTTP_200_OK, occurrences=None):
        series = self.get_queryset().get(id=series.id)
        context = {**self.get_serializer_context(), "occurrences": occurrences or selectors.series_report(series)}
        return Response(SeriesSerializer(series, context=context).data, status=code)

    def retrieve(self, request, pk=None):
        return self._render(self.get_object())

    @extend_schema(
        request=SeriesCreateSerializer,
        responses={201: SeriesSerializer, 200: SeriesReportSerializer, **SERIES_CONFLICT},
    )
    def create(self, request):
        payload = SeriesCreateSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        payers = [(entry["member"], entry["weight"]) for entry in data.pop("shares", [])]
        series, report = billing.series_create_with_shares(payers=payers, by=request.user, **data)
        if series is None:
            preview = {
                "id": None, "asset": data["asset"].id, "asset_name": data["asset"].name,
                "member": {"id": data["member"].id, "name": data["member"].name},
                "rrule": shown_text(parse_rrule(data["rrule"]), data["asset"].tz),
                "timezone": data["asset"].timezone, "title": data["title"], "occurrences": report,
            }  # fmt: skip
            return Response(preview, status=status.HTTP_200_OK)
        booked = sum(row["reservation"] is not None for row in report)
        CreateThrottle.charge(request, self, booked - 1)  # the request itself counted one
        return self._render(series, status.HTTP_201_CREATED, occurrences=report)

    @extend_schema(request=None, responses={200: SeriesSerializer, **CONFLICT_OR_REFUSAL})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._render(series_services.series_approve(series=self.get_object(), by=request.user))

    @extend_schema(request=ReasonSerializer, responses={200: SeriesSerializer, **REFUSAL})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        series = self.get_object()
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._render(series_services.series_reject(series=series, by=request.user, **payload.validated_data))

    @extend_schema(request=SeriesCancelSerializer, responses={200: SeriesSerializer, **REFUSAL})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        series = self.get_object()
        payload = SeriesCancelSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._render(series_services.series_cancel(series=series, by=request.user, **payload.validated_data))
