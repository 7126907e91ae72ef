"""The caller's calendar subscriptions, under /api/v1/me/calendar-token/ (the feeds themselves: views.py)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services as accounts

from .feeds import feed_urls


class CalendarFeedsSerializer(serializers.Serializer):
    token = serializers.CharField()
    asset_feed_url_template = serializers.CharField(help_text="Replace {id} with an asset id")
    member_feed_urls = serializers.DictField(child=serializers.CharField(), help_text="member id → feed URL")


class CalendarTokenView(APIView):
    """The caller's calendar feed URLs (GET); POST replaces the secret token, so old URLs stop working."""

    @extend_schema(responses=CalendarFeedsSerializer)
    def get(self, request):
        return Response(feed_urls(request.user))

    @extend_schema(request=None, responses=CalendarFeedsSerializer)
    def post(self, request):
        return Response(feed_urls(accounts.calendar_token_regenerate(user=request.user)))
