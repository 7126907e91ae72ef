from django.contrib import admin

from sinergia.admin_tools import ReadOnlyAdmin

from .models import Rating


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    """Members' ratings and the managers' answers change through the API's services."""

    list_display = ["reservation", "asset_score", "service_score", "rated_at", "answered_at"]
