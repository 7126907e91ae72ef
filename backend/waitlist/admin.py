from django.contrib import admin

from sinergia.admin_tools import ReadOnlyAdmin

from .models import WaitlistEntry


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ReadOnlyAdmin):
    """Read-only: entries change through the API's services (holds, offers and e-mails follow)."""

    list_display = ["asset", "member", "start", "end", "state", "joined_at", "hold_until"]
    list_filter = ["state"]
