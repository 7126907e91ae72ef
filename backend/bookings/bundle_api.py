from datetime import timedelta

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from billing.selectors import cost_shares_visible_to
from billing.serializers import CostShareListSerializer
from sinergia.exceptions import NotFound
from sinergia.schema import error
from sinergia.throttles import CreateThrottle

from . import bundles
from .bundle_serializers import (
    BundleConflictSerializer,
    BundleCreateSerializer,
    BundleMoveSerializer,
    BundleSerializer,
    BundleSharesDecisionSerializer,
)
from .models import Bundle
from .serializers import ReasonSerializer

BUNDLE_CONFLICT = {
    409: OpenApiResponse(
        BundleConflictSerializer,
        description="conflict on one part (`part`, `asset`, that part's alternatives): nothing was changed; or "
        "invalid_transition",
    )
}


class BundleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Several assets booked at once. The booker's company sees its bundles; each asset's managers a summary."""

    serializer_class = BundleSerializer
    throttle_scope = "reservation_create"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_throttles(self):
        return [CreateThrottle()] if self.action == "create" else []

    def get_queryset(self):
        return bundles.bundles_visible_to(self.request.user)

    def _render(self, bundle, code=status.HTTP_200_OK):
        bundle = self.get_queryset().get(id=bundle.id)
        return Response(BundleSerializer(bundles.bundle_summary(bundle, self.request.user)).data, status=code)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        rows = [bundles.bundle_summary(bundle, request.user) for bundle in page]
        return self.get_paginated_response(BundleSerializer(rows, many=True).data)

    def retrieve(self, request, pk=None):
        return self._render(self.get_object())

    @extend_schema(request=BundleCreateSerializer, responses={201: BundleSerializer, **BUNDLE_CONFLICT})
    def create(self, request):
        payload = BundleCreateSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        payers = [(entry["member"], entry["weight"]) for entry in data.pop("payers", [])]
        bundle = bundles.bundle_create(by=request.user, payers=payers or None, **data)
        return self._render(bundle, status.HTTP_201_CREATED)

    @extend_schema(request=BundleMoveSerializer, responses={200: BundleSerializer, **BUNDLE_CONFLICT})
    def partial_update(self, request, pk=None):
        bundle = self.get_object()
        payload = BundleMoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if "start" in payload.validated_data:
            earliest = min(part.start for part in bundle.parts.all())
            shift = payload.validated_data["start"] - earliest
        else:
            shift = timedelta(minutes=payload.validated_data["shift_minutes"])
        return self._render(bundles.bundle_move(bundle=bundle, by=request.user, shift=shift))

    @extend_schema(request=ReasonSerializer, responses={200: BundleSerializer, **BUNDLE_CONFLICT})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        bundle = self.get_object()
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._render(bundles.bundle_cancel(bundle=bundle, by=request.user, **payload.validated_data))

    def _part(self, pk, rid):
        bundle = self.get_object()
        part = next((part for part in bundle.parts.all() if part.id == int(rid)), None)
        if part is None:
            raise NotFound()
        return bundle, part

    @extend_schema(request=None, responses={200: BundleSerializer, **BUNDLE_CONFLICT})
    @action(detail=True, methods=["post"], url_path=r"parts/(?P<rid>\d+)/approve")
    def approve_part(self, request, pk=None, rid=None):
        bundle, part = self._part(pk, rid)
        bundles.bundle_part_approve(reservation=part, by=request.user)
        return self._render(bundle)

    @extend_schema(request=ReasonSerializer, responses={200: BundleSerializer, **BUNDLE_CONFLICT})
    @action(detail=True, methods=["post"], url_path=r"parts/(?P<rid>\d+)/reject")
    def reject_part(self, request, pk=None, rid=None):
        bundle, part = self._part(pk, rid)
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        bundles.bundle_part_reject(reservation=part, by=request.user, **payload.validated_data)
        return self._render(bundle)


class BundleSharesDecisionView(APIView):
    """A payer's proposed shares of every part, accepted or declined at once by its member admin. The payer
    need not see the bundle itself: the bundle is found through its shares (404 when it has none for them)."""

    accept = True

    @extend_schema(
        request=BundleSharesDecisionSerializer,
        responses={200: CostShareListSerializer(many=True), 409: error("invalid_transition")},
    )
    def post(self, request, pk: int):
        payload = BundleSharesDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        bundle = Bundle.objects.filter(id=pk).first()
        if bundle is None:
            raise NotFound()
        decided = bundles.bundle_shares_decide(
            bundle=bundle, by=request.user, accept=self.accept, member=payload.validated_data.get("member")
        )
        shares = cost_shares_visible_to(request.user).filter(id__in=[share.id for share in decided])
        return Response(CostShareListSerializer(shares.order_by("reservation_id"), many=True).data)
