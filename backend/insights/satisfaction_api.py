"""GET /api/v1/insights/satisfaction/: members' ratings as averages, per asset and per member company."""

from datetime import date

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sinergia.params import DateWindowParams, IdField

from .api import allowed_query
from .satisfaction import satisfaction


class SatisfactionParams(DateWindowParams):
    group = IdField(required=False)


class ScoresSerializer(serializers.Serializer):
    ratings = serializers.IntegerField(help_text="How many ratings")
    asset_score = serializers.FloatField(allow_null=True, help_text="Average asset score, 1–5; null without ratings")
    service_score = serializers.FloatField(allow_null=True, help_text="Average service score, 1–5")


class ScoredThingSerializer(ScoresSerializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ScoredAssetSerializer(ScoredThingSerializer):
    group = serializers.CharField(allow_null=True)


class WithheldSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class SatisfactionSerializer(serializers.Serializer):
    to = serializers.DateField()
    group = serializers.IntegerField(allow_null=True)
    assets = ScoredAssetSerializer(many=True, allow_null=True, help_text="Null when withheld from the caller")
    members = ScoredThingSerializer(many=True, help_text="The member companies whose figures the caller reads")
    totals = ScoresSerializer(allow_null=True, help_text="The cluster's; null when withheld from the caller")
    withheld = WithheldSerializer(allow_null=True, help_text="Why the cluster's figures are not shown, if so")

    def get_fields(self):
        return {"from": serializers.DateField(), **super().get_fields()}  # `from` is a Python keyword


class SatisfactionView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("from", date, required=True, description="Bookings starting from this day"),
            OpenApiParameter("to", date, required=True, description="Inclusive; at most 366 days after `from`"),
            OpenApiParameter("group", int),
        ],
        responses={200: SatisfactionSerializer},
        description="Members' satisfaction with their completed bookings that start in the window: average asset "
        "and service scores (1–5) and counts, per active asset and for the cluster (withheld from a member admin "
        "when fewer than 3 other companies booked there, as the other figures), and per member company the "
        "caller reads the figures of. Cluster admins, accountants and member admins.",
    )
    def get(self, request):
        query = allowed_query(request, SatisfactionParams)
        group = query.get("group")
        figures = satisfaction(user=request.user, first=query["from"], last=query["to"], group_id=group)
        return Response({"from": query["from"], "to": query["to"], "group": group, **figures})
