import json
from datetime import date
from types import SimpleNamespace

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView
from stripe import SignatureVerificationError

from accounts import selectors as accounts
from accounts.models import Membership
from assets.pricing import money, quote
from bookings.rules import booking_problems
from bookings.selectors import reservations_visible_to
from sinergia.exceptions import Forbidden, RuleViolation

from . import exports, selectors, services, stripe_client
from .models import BillingPeriod, CostShare, Statement
from .serializers import (
    BillingPeriodSerializer,
    CancellationFeeSerializer,
    ChargeSerializer,
    CostShareListSerializer,
    CostShareSerializer,
    QuoteRequestSerializer,
    QuoteSerializer,
    SharesInputSerializer,
    StatementListSerializer,
    StatementSerializer,
    charge_payload,
    quote_payload,
)


class QuoteView(APIView):
    @extend_schema(request=QuoteRequestSerializer, responses={200: QuoteSerializer})
    def post(self, request):
        payload = QuoteRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        asset = data["asset"]
        member = data.get("member")
        user = request.user
        if member is None:
            own = list(user.memberships.filter(member__is_active=True).select_related("member")[:2])
            member = own[0].member if len(own) == 1 else None
        elif member.id not in accounts.member_ids(user) and not selectors.sees_all_billing(user):
            raise RuleViolation(
                _("You cannot ask prices for this member company."), code="not_a_booker", field="member"
            )
        problems = booking_problems(asset=asset, start=data["start"], end=data["end"], now=timezone.now())
        if problems:
            first = problems[0]
            raise RuleViolation(
                first.detail, code=first.code, field=first.field, problems=[p.as_dict() for p in problems]
            )
        tier = member.tier if member else "full"
        priced = quote(asset=asset, tier=tier, start=data["start"], end=data["end"])
        if priced is None:
            raise RuleViolation(_("This asset has no price yet."), code="no_price", field="asset")
        return Response(
            QuoteSerializer(
                quote_payload(asset=asset, member=member, start=data["start"], end=data["end"], priced=priced)
            ).data
        )


class CancellationFeeView(APIView):
    @extend_schema(responses={200: CancellationFeeSerializer})
    def get(self, request, pk: int):
        reservation = get_object_or_404(reservations_visible_to(request.user), pk=pk)
        fee = selectors.cancellation_fee(reservation, at=timezone.now())
        return Response(
            {
                "fee": money(fee.fee_minor, fee.currency) if fee.fee_minor is not None else None,
                "free_until": fee.free_until,
                "policy": selectors.cancellation_policy_text(reservation),
            }
        )


class ReservationChargeView(APIView):
    @extend_schema(responses={200: ChargeSerializer})
    def get(self, request, pk: int):
        reservation = get_object_or_404(reservations_visible_to(request.user), pk=pk)
        return Response(ChargeSerializer(charge_payload(selectors.reservation_charge(reservation))).data)


class ReservationSharesView(APIView):
    def _reservation(self, request, pk):
        return get_object_or_404(reservations_visible_to(request.user), pk=pk)

    @extend_schema(responses={200: CostShareSerializer(many=True)})
    def get(self, request, pk: int):
        reservation = self._reservation(request, pk)
        shares = CostShare.objects.filter(reservation=reservation).select_related("member").order_by("member_id")
        return Response(CostShareSerializer(shares, many=True).data)

    @extend_schema(request=SharesInputSerializer, responses={200: CostShareSerializer(many=True)})
    def put(self, request, pk: int):
        reservation = self._reservation(request, pk)
        payload = SharesInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.cost_shares_set(
            reservation=reservation,
            payers=[(entry["member"], entry["weight"]) for entry in payload.validated_data],
            by=request.user,
        )
        return self.get(request, pk)


@extend_schema(parameters=[OpenApiParameter("state", str, enum=CostShare.State.values)])
class CostShareViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CostShareListSerializer

    queryset = CostShare.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CostShare.objects.none()
        queryset = selectors.cost_shares_visible_to(self.request.user).order_by(*selectors.SHARE_ORDER)
        state = self._state()
        return queryset if state is None else queryset.filter(state=state)

    def _state(self) -> str | None:
        state = self.request.query_params.get("state")
        if state is not None and state not in CostShare.State.values:
            raise RuleViolation(_("Unknown state."), code="invalid_state", field="state")
        return state

    def paginate_queryset(self, queryset):
        # The same shares, paged through one index per visibility rule.
        return super().paginate_queryset(selectors.SharesInReservationOrder(queryset, self.request.user, self._state()))

    @extend_schema(request=None, responses={200: CostShareListSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        share = services.cost_share_accept(share=self.get_object(), by=request.user)
        return Response(CostShareListSerializer(self.get_queryset().get(id=share.id)).data)

    @extend_schema(request=None, responses={200: CostShareListSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        share = services.cost_share_decline(share=self.get_object(), by=request.user)
        return Response(CostShareListSerializer(self.get_queryset().get(id=share.id)).data)


class BillingPeriodViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = BillingPeriodSerializer
    pagination_class = None
    queryset = BillingPeriod.objects.all()

    def check_permissions(self, request):
        super().check_permissions(request)
        if not selectors.sees_all_billing(request.user):
            raise Forbidden(_("Only accountants and cluster admins see billing periods."))

    @extend_schema(request=None, responses={200: BillingPeriodSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        period = services.billing_period_close(period=self.get_object(), by=request.user)
        return Response(BillingPeriodSerializer(period).data)


@extend_schema(parameters=[OpenApiParameter("period", int)])
class StatementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = StatementSerializer

    queryset = Statement.objects.none()

    @extend_schema(responses=StatementListSerializer(many=True))
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(StatementListSerializer(page, many=True).data)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Statement.objects.none()
        queryset = selectors.statements_visible_to(self.request.user).order_by("number")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("lines")
        period = self.request.query_params.get("period")
        if period is not None:
            if not period.isdigit():
                raise RuleViolation(_("Give the period as ?period=<id>."), code="invalid_period", field="period")
            queryset = queryset.filter(period_id=period)
        return queryset


def _export_date(params, key: str) -> date:
    try:
        return date.fromisoformat(params.get(key, ""))
    except ValueError:
        raise RuleViolation(
            _("Give %(key)s as a date, e.g. 2026-03-31.") % {"key": key}, code="invalid_date", field=key
        ) from None


class FileFormatNegotiation(DefaultContentNegotiation):
    """?format= names the export's file format here, not a DRF renderer."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


class CostShareExportView(APIView):
    FORMATS = ("csv", "xlsx", "json")
    content_negotiation_class = FileFormatNegotiation

    @extend_schema(
        parameters=[
            OpenApiParameter("from", date, required=True),
            OpenApiParameter("to", date, required=True, description="inclusive"),
            OpenApiParameter("member", int),
            OpenApiParameter("format", str, enum=["csv", "xlsx", "json"]),
        ],
        responses={200: bytes},
    )
    def get(self, request):
        params = request.query_params
        first, last = _export_date(params, "from"), _export_date(params, "to")
        if last < first or (last - first).days > 366:
            raise RuleViolation(_("The window must end after it starts and span at most 366 days."), field="to")
        kind = params.get("format", "csv")
        if kind not in self.FORMATS:
            raise RuleViolation(_("The format is csv, xlsx or json."), code="invalid_format", field="format")
        member = params.get("member")
        if member is not None and not member.isdigit():
            raise RuleViolation(_("Give the member as ?member=<id>."), code="invalid_member", field="member")
        if selectors.sees_all_billing(request.user):
            member_ids = [int(member)] if member else None
        else:
            own = accounts.member_ids(request.user, role=Membership.Role.MEMBER_ADMIN)
            if not own or (member and int(member) not in own):
                raise Forbidden(_("Only accountants, cluster admins and a member's admins may export cost shares."))
            member_ids = [int(member)] if member else sorted(own)
        start, end = selectors.day_window(first, last)
        rows = exports.share_rows(start=start, end=end, member_ids=member_ids)
        filename = f"cost-shares-{first}-{last}"
        if kind == "csv":
            response = StreamingHttpResponse(exports.csv_chunks(rows), content_type="text/csv; charset=utf-8")
        elif kind == "xlsx":
            response = HttpResponse(
                exports.xlsx_bytes(rows),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(json.dumps(exports.json_rows(rows)), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
        return response


class StripeWebhookView(APIView):
    authentication_classes = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=None, responses={200: None})
    def post(self, request):
        try:
            event = stripe_client.verified_event(request.body, request.headers.get("Stripe-Signature", ""))
        except (ValueError, SignatureVerificationError):
            raise RuleViolation(_("The Stripe signature is missing, wrong or too old."), code="bad_signature")
        record = stripe_client.webhook_event_record(event)
        return Response({"id": record.stripe_id, "outcome": record.outcome})
