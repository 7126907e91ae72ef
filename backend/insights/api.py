from datetime import UTC, date
from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Member
from accounts.permissions import is_accountant_or_admin, may_see_insights
from assets.models import Asset, AssetGroup
from billing.api import FileFormatNegotiation
from sinergia.exceptions import Forbidden, RuleViolation
from sinergia.fields import BoundedDateField
from sinergia.params import MAX_INT64, DateWindowParams, IdField, IdRelatedField, parse_query
from sinergia.schema import ANY_OBJECT, file_responses
from sinergia.spreadsheets import (
    SPREADSHEET_PARAMETERS,
    CsvDialect,
    SpreadsheetParams,
    csv_dialect,
    csv_lines,
    file_language,
)

from . import selectors, services
from .models import AssetStandaloneRate, FairShare

WINDOW_PARAMETERS = [
    OpenApiParameter("from", date, required=True),
    OpenApiParameter("to", date, required=True, description="Inclusive; at most 366 days after `from`"),
    OpenApiParameter("group", int),
    OpenApiParameter("format", str, enum=["json", "csv"], description="json (the default) or a csv file"),
    *SPREADSHEET_PARAMETERS,
]


class InsightsParams(DateWindowParams, SpreadsheetParams):
    group = IdField(required=False)
    format = serializers.ChoiceField(choices=["json", "csv"], default="json")


def allowed_query(request, params: type[serializers.Serializer]) -> dict:
    """An insights request's query parameters (a window and an optional known group), after the permission check."""
    if not may_see_insights(request.user):
        raise Forbidden(_("Only cluster admins, accountants and member admins see insights."))
    query = parse_query(params, request.query_params)
    group = query.get("group")
    if group is not None and not AssetGroup.objects.filter(id=group).exists():
        raise RuleViolation(_("Unknown asset group."), code="invalid_group", field="group")
    return query


def _query(request) -> dict:
    """The window, group and format of an insights request, after the permission check."""
    query = allowed_query(request, InsightsParams)
    group = query.get("group")
    language = file_language(request.user, query.get("language"))
    return {
        "first": query["from"],
        "last": query["to"],
        "group": group,
        "format": query["format"],
        "language": language,
        "dialect": csv_dialect(query.get("dialect"), language),
    }


def _csv(name: str, query: dict, header: list, rows: list[list]) -> HttpResponse:
    """The CSV in the request's dialect (sinergia/spreadsheets.py: names as text, never formulas)."""
    content = "".join(csv_lines(query["dialect"], header, rows))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{query["first"]}-{query["last"]}.csv"'
    return response


def _amounts(values: list[dict], dialect: CsvDialect) -> str:
    """Amounts in several currencies, as one text cell: "86,10 EUR; 3666 JPY" in excel-es."""
    return "; ".join(f"{dialect.number(Decimal(value['amount']))} {value['currency']}" for value in values)


class UtilisationView(APIView):
    content_negotiation_class = FileFormatNegotiation

    @extend_schema(parameters=WINDOW_PARAMETERS, responses=file_responses(csv=True, json=ANY_OBJECT))
    def get(self, request):
        query = _query(request)
        figures = selectors.utilisation(
            user=request.user, first=query["first"], last=query["last"], group_id=query["group"]
        )
        if query["format"] == "csv":
            rows = []
            for asset in figures["assets"]:
                rows.append([asset["name"], asset["group"] or "", "", *_numbers(asset), *_use(asset)])
                rows += [
                    [asset["name"], asset["group"] or "", date.fromisoformat(week["week"]), *_numbers(week)]
                    for week in asset["weeks"]
                ]
            with translation.override(query["language"]):
                header = [_("Asset"), _("Group"), _("Week"), _("Open hours"), _("Booked hours"), _("Utilisation (%)"),
                          *_use_header()]  # fmt: skip
                return _csv("utilisation", query, header, rows + _withheld_rows(figures))
        return Response({"from": query["first"], "to": query["last"], "group": query["group"], **figures})


def _blank(value) -> object:
    return "" if value is None else value


def _numbers(row: dict) -> list:
    return [row["open_hours"], _blank(row["booked_hours"]), _blank(row["utilisation"])]


USE_COLUMNS = ("due_bookings", "due_hours", "used_hours", "use_rate", "release_rate", "no_show_rate")


def _use(row: dict) -> list:
    """Booked against used hours and the release and no-show rates (selectors.use_figure), blank when withheld."""
    return [_blank(row[column]) for column in USE_COLUMNS]


def _use_header() -> list[str]:
    return [_("Came due"), _("Booked hours that came due"), _("Used hours"), _("Used (%)"), _("Released (%)"),
            _("No-shows (%)")]  # fmt: skip


def _withheld_rows(figures: dict) -> list[list]:
    """The CSV's last rows: why figures are missing, when they are, and up to when the figures are complete (UTC,
    named)."""
    withheld = [[_("Withheld"), figures["withheld"]["detail"]]] if figures["withheld"] else []
    return [*withheld, [_("Figures as of"), figures["as_of"].astimezone(UTC), "UTC"]]


class MembersView(APIView):
    content_negotiation_class = FileFormatNegotiation

    @extend_schema(parameters=WINDOW_PARAMETERS, responses=file_responses(csv=True, json=ANY_OBJECT))
    def get(self, request):
        query = _query(request)
        figures = selectors.member_figures(
            user=request.user, first=query["first"], last=query["last"], group_id=query["group"]
        )
        if query["format"] == "csv":
            return self._csv(query, figures)
        return Response({"from": query["first"], "to": query["last"], "group": query["group"], **figures})

    def _csv(self, query: dict, figures: dict) -> HttpResponse:
        dialect = query["dialect"]
        with translation.override(query["language"]):
            header = [
                _("Member"),
                _("Hours"),
                _("Bookings"),
                _("Cancellations"),
                _("No-shows"),
                _("Usage share (%)"),
                _("Fair share (%)"),
                _("Over or under (points)"),
                _("Spend"),
                _("Standalone cost"),
                _("Savings"),
                *_use_header(),
            ]
            rows = [
                [
                    row["name"],
                    row["hours"],
                    row["bookings"],
                    row["cancellations"],
                    row["no_shows"],
                    _blank(row["usage_share"]),
                    row["fair_share"],
                    _blank(row["fair_share_delta"]),
                    _amounts(row["spend"], dialect),
                    _amounts(row["standalone_cost"], dialect),
                    _amounts(row["savings"], dialect),
                    *_use(row),
                ]
                for row in figures["members"]
            ]
            totals = figures["totals"]
            if totals:
                rows.append(
                    [
                        _("Cluster total"),
                        totals["hours"],
                        totals["bookings"],
                        totals["cancellations"],
                        totals["no_shows"],
                        100,
                        100,
                        "",
                        _amounts(totals["spend"], dialect),
                        "",
                        "",
                        *_use(totals),
                    ]
                )
            return _csv("members", query, header, rows + _withheld_rows(figures))


class FairShareSerializer(serializers.ModelSerializer):
    member = IdRelatedField(queryset=Member.objects.all())
    valid_from = BoundedDateField()

    class Meta:
        model = FairShare
        fields = ["id", "member", "weight", "valid_from"]


class StandaloneRateSerializer(serializers.Serializer):
    asset = IdRelatedField(queryset=Asset.objects.all())
    hourly_rate_minor = serializers.IntegerField(min_value=0, max_value=MAX_INT64, allow_null=True)
    currency = serializers.CharField(max_length=3, default="EUR")


class FairShareListView(APIView):
    """Fair-share weights with their history; cluster admins set them."""

    @extend_schema(responses={200: FairShareSerializer(many=True)})
    def get(self, request):
        if not is_accountant_or_admin(request.user):
            raise Forbidden(_("Only cluster admins and accountants see fair shares."))
        return Response(FairShareSerializer(FairShare.objects.all(), many=True).data)

    @extend_schema(request=FairShareSerializer, responses={201: FairShareSerializer})
    def post(self, request):
        payload = FairShareSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        share = services.fair_share_set(by=request.user, **payload.validated_data)
        return Response(FairShareSerializer(share).data, status=201)


class StandaloneRateListView(APIView):
    """Standalone hourly rates per asset; cluster admins set them (a null rate removes one)."""

    @extend_schema(responses={200: StandaloneRateSerializer(many=True)})
    def get(self, request):
        if not is_accountant_or_admin(request.user):
            raise Forbidden(_("Only cluster admins and accountants see standalone rates."))
        rates = AssetStandaloneRate.objects.order_by("asset_id")
        return Response(StandaloneRateSerializer(rates, many=True).data)

    @extend_schema(request=StandaloneRateSerializer, responses={200: StandaloneRateSerializer})
    def post(self, request):
        payload = StandaloneRateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        get_object_or_404(Asset, id=data["asset"].id)
        services.standalone_rate_set(by=request.user, **data)
        return Response(payload.data)
