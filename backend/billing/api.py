import json
from datetime import date
from types import SimpleNamespace

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from stripe import SignatureVerificationError

from accounts.permissions import is_accountant_or_admin
from assets.pricing import money
from bookings import fees
from bookings.selectors import reservations_visible_to
from sinergia.exceptions import Forbidden, RuleViolation
from sinergia.params import DateWindowParams, IdField, parse_query
from sinergia.schema import ROWS, error, file_responses
from sinergia.spreadsheets import SPREADSHEET_PARAMETERS, SpreadsheetParams, csv_dialect, file_language

from . import exports, selectors, services, stripe_client
from .models import BillingPeriod, CostShare, Statement
from .pdf import statement_pdf
from .serializers import (
    BillingPeriodSerializer,
    CancellationFeeSerializer,
    ChargeSerializer,
    CostShareListSerializer,
    CostShareSerializer,
    QuoteRequestSerializer,
    QuoteSerializer,
    SeriesSharesDecisionSerializer,
    ShareDecisionSerializer,
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
        member, priced = selectors.price_quote(user=request.user, **data)
        answer = quote_payload(asset=data["asset"], member=member, start=data["start"], end=data["end"], priced=priced)
        return Response(QuoteSerializer(answer).data)


class CancellationFeeView(APIView):
    @extend_schema(responses={200: CancellationFeeSerializer})
    def get(self, request, pk: int):
        reservation = get_object_or_404(reservations_visible_to(request.user), pk=pk)
        now = timezone.now()
        fee = selectors.cancellation_fee(reservation, at=now)
        return Response(
            {
                "fee": money(fee.fee_minor, fee.currency) if fee.fee_minor is not None else None,
                "free_until": fee.free_until,
                "policy": selectors.cancellation_policy_text(reservation),
                "late_change": {
                    "refused": fees.late_changes_refused(reservation, request.user, at=now),
                    "detail": fees.late_change_text(reservation, request.user, at=now),
                },
            }
        )


class ReservationChargeView(APIView):
    @extend_schema(responses={200: ChargeSerializer})
    def get(self, request, pk: int):
        reservation = get_object_or_404(reservations_visible_to(request.user), pk=pk)
        charge = selectors.reservation_charge(reservation)
        return Response(ChargeSerializer(charge_payload(charge, reservation.items_quote)).data)


class ReservationSharesView(APIView):
    def _reservation(self, request, pk):
        return get_object_or_404(reservations_visible_to(request.user), pk=pk)

    @extend_schema(responses={200: CostShareSerializer(many=True)})
    def get(self, request, pk: int):
        reservation = self._reservation(request, pk)
        shares = CostShare.objects.filter(reservation=reservation).select_related("member").order_by("member_id")
        return Response(CostShareSerializer(shares, many=True).data)

    @extend_schema(
        request=SharesInputSerializer,
        responses={
            200: CostShareSerializer(many=True),
            409: error("billed: the reservation is on a statement already; its shares can no longer change"),
            429: error("rate_limited: too many proposals to this payer for now (Retry-After says how long)"),
        },
    )
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


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("state", str, enum=CostShare.State.values)]))
class CostShareViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CostShareListSerializer

    queryset = CostShare.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CostShare.objects.none()
        queryset = selectors.cost_shares_visible_to(self.request.user).order_by(*selectors.SHARE_ORDER)
        state = self._state() if self.action == "list" else None  # ?state= filters the list, not an accepted share
        return queryset if state is None else queryset.filter(state=state)

    def _state(self) -> str | None:
        return parse_query(CostShareListParams, self.request.query_params).get("state")

    def paginate_queryset(self, queryset):
        # The same shares, paged through one index per visibility rule.
        return super().paginate_queryset(selectors.SharesInReservationOrder(queryset, self.request.user, self._state()))

    @extend_schema(
        request=ShareDecisionSerializer,
        responses={
            200: CostShareListSerializer,
            409: error("invalid_transition (decided already) or amount_changed (with the new `amount`)"),
        },
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        payload = ShareDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        expected = payload.validated_data.get("expected_amount")
        share = services.cost_share_accept(share=self.get_object(), by=request.user, expected=expected)
        return Response(CostShareListSerializer(self.get_queryset().get(id=share.id)).data)

    @extend_schema(
        request=None,
        responses={200: CostShareListSerializer, 409: error("invalid_transition: the share is decided already")},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        share = services.cost_share_decline(share=self.get_object(), by=request.user)
        return Response(CostShareListSerializer(self.get_queryset().get(id=share.id)).data)


class SeriesSharesDecisionView(APIView):
    """All the proposed shares one payer has in a series, accepted or declined at once by its member admin."""

    accept = True

    @extend_schema(
        request=SeriesSharesDecisionSerializer,
        responses={
            200: CostShareListSerializer(many=True),
            409: error("amount_changed (accepting): the series' total is not the one the payer saw"),
        },
    )
    def post(self, request, pk: int):
        payload = SeriesSharesDecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        decided = services.series_shares_decide(
            series_id=pk,
            by=request.user,
            accept=self.accept,
            member=payload.validated_data.get("member"),
            expected=payload.validated_data.get("expected_total") if self.accept else None,
        )
        shares = selectors.cost_shares_visible_to(request.user).filter(id__in=[share.id for share in decided])
        return Response(CostShareListSerializer(shares.order_by("reservation__start"), many=True).data)


class BillingPeriodViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = BillingPeriodSerializer
    pagination_class = None
    queryset = BillingPeriod.objects.all()

    def check_permissions(self, request):
        super().check_permissions(request)
        if not is_accountant_or_admin(request.user):
            raise Forbidden(_("Only accountants and cluster admins see billing periods."))

    @extend_schema(
        request=None,
        responses={
            202: BillingPeriodSerializer,
            409: error("period_closing (being closed already) or invalid_transition (closed already)"),
        },
        description="Queues the close: the period is `closing` (with its progress) until the worker has made its "
        "statements. A period closing or closed already answers 409 (`period_closing`, `invalid_transition`).",
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        period = services.billing_period_close_request(period=self.get_object(), by=request.user)
        period.refresh_from_db()  # a worker without a broker (tasks run eagerly) has closed it already
        return Response(BillingPeriodSerializer(period).data, status=status.HTTP_202_ACCEPTED)


class PdfRenderer(BaseRenderer):
    """Lets a client ask for `application/pdf`; an error is still written as JSON."""

    media_type = "application/pdf"
    format = "pdf"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data).encode() if not isinstance(data, bytes) else data


class StatementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = StatementSerializer

    queryset = Statement.objects.none()

    @extend_schema(parameters=[OpenApiParameter("period", int)], responses=StatementListSerializer(many=True))
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(
            StatementListSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        description="The statement as a PDF (an attachment), in its member's language: that of the member's "
        "first member admin, else the cluster's. Accountants, cluster admins and the member's admins; others 404.",
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PdfRenderer])
    def pdf(self, request, pk=None):
        statement = self.get_object()
        content, language = statement_pdf(statement)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="statement-{statement.number}.pdf"'
        response["Content-Language"] = language
        return response

    def get_serializer_context(self):
        # Stripe's error messages are for those who act on them, not for the member billed.
        return {**super().get_serializer_context(), "invoicing_errors": is_accountant_or_admin(self.request.user)}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Statement.objects.none()
        queryset = selectors.statements_visible_to(self.request.user).order_by("number")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("lines")
        if self.action == "list":
            period = parse_query(StatementListParams, self.request.query_params).get("period")
            if period is not None:
                queryset = queryset.filter(period_id=period)
        return queryset


class CostShareListParams(serializers.Serializer):
    state = serializers.ChoiceField(choices=CostShare.State.choices, required=False)


class StatementListParams(serializers.Serializer):
    period = IdField(required=False)


class ExportParams(DateWindowParams, SpreadsheetParams):
    member = IdField(required=False)
    format = serializers.ChoiceField(choices=["csv", "xlsx", "json"], default="csv")


class FileFormatNegotiation(DefaultContentNegotiation):
    """?format= names the export's file format here, not a DRF renderer."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


class CostShareExportView(APIView):
    content_negotiation_class = FileFormatNegotiation

    @extend_schema(
        parameters=[
            OpenApiParameter("from", date, required=True),
            OpenApiParameter("to", date, required=True, description="Inclusive; at most 366 days after `from`"),
            OpenApiParameter("member", int),
            OpenApiParameter("format", str, enum=["csv", "xlsx", "json"], description="The file's format (csv)"),
            *SPREADSHEET_PARAMETERS,
        ],
        responses=file_responses(csv=True, xlsx=True, json=ROWS),
        description="The cost shares of a window of days as a file (an attachment): CSV (the default), XLSX or JSON "
        "(a list of rows).",
    )
    def get(self, request):
        query = parse_query(ExportParams, request.query_params)
        first, last, kind = query["from"], query["to"], query["format"]
        language = file_language(request.user, query.get("language"))
        member_ids = selectors.export_member_ids(request.user, query.get("member"))
        start, end = selectors.day_window(first, last)
        rows = exports.share_rows(start=start, end=end, member_ids=member_ids)
        filename = f"cost-shares-{first}-{last}"
        if kind == "csv":
            dialect = csv_dialect(query.get("dialect"), language)
            response = StreamingHttpResponse(
                exports.csv_chunks(rows, dialect=dialect, language=language), content_type="text/csv; charset=utf-8"
            )
        elif kind == "xlsx":
            response = HttpResponse(
                exports.xlsx_bytes(rows, language=language),
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
        record = services.webhook_event_record(event)
        return Response({"id": record.stripe_id, "outcome": record.outcome})
