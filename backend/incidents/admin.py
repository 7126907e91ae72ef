from django.contrib import admin

from .models import Incident


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Read-only: incidents change through the API's services (blackouts and e-mails follow)."""

    list_display = ["asset", "severity", "status", "reported_at", "expected_end", "resolved_at"]
    list_filter = ["severity", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
