from django.contrib import admin

from .models import Change


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """Read-only, even for superusers: the record is append-only."""

    list_display = ["at", "by", "action", "target_label", "asset", "member"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_label", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
