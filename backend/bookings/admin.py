from django.contrib import admin

from sinergia.admin_tools import ReadOnlyAdmin

from .models import Quota, Reservation, ReservationEvent, Series


class ReservationEventInline(admin.TabularInline):
    """Read-only: the audit trail is append-only."""

    model = ReservationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "by", "action", "from_status", "to_status", "reason", "changes")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    """Browse and inspect; changes go through the API so rules, locks and the audit trail apply."""

    list_display = ("id", "asset", "member", "start", "end", "status", "title")
    list_filter = ("status", "asset", "member")
    search_fields = ("title", "member__name", "asset__name")
    date_hierarchy = "start"
    inlines = [ReservationEventInline]


@admin.register(Series)
class SeriesAdmin(ReadOnlyAdmin):
    """Browse and inspect; a series and its occurrences change through the API like reservations."""

    list_display = ["title", "asset", "member", "rrule", "created_at"]
    list_select_related = ["asset", "member", "event__rule"]
    readonly_fields = ["title", "rrule"]  # read back from django-scheduler's Event and Rule
    list_filter = ["asset"]
    search_fields = ["event__title", "member__name"]


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    """Cluster admins set each member company's limits per asset group; the booking services enforce them."""

    list_display = ["member", "group", "max_hours_per_month", "max_pending"]
    list_filter = ["group"]
    search_fields = ["member__name", "group__name"]
