from django.contrib import admin

from bookings import services as booking_services
from sinergia.admin_tools import ServiceAdmin, ServiceForm

from . import groups, services
from .models import Asset, AssetGroup, Blackout, OpeningHours, PeakWindow, PriceRule


class RulesInline(admin.TabularInline):
    """Shown read-only: opening hours, peak windows and prices change on the Manage page (PATCH /assets/{id}/),
    which lists the bookings a change affects and records it in the asset's history."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OpeningHoursInline(RulesInline):
    model = OpeningHours


class PeakWindowInline(RulesInline):
    model = PeakWindow


class PriceRuleInline(RulesInline):
    model = PriceRule


@admin.register(AssetGroup)
class AssetGroupAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)
    filter_horizontal = ("managers",)


class AssetForm(ServiceForm):
    class Meta:
        model = Asset
        fields = "__all__"

    def call_service(self, by):
        data = dict(self.cleaned_data)
        managers = data.pop("managers", None)
        if self.instance.pk is None:
            asset = services.asset_create(by=by, data=data)
        else:
            asset = services.asset_update(asset=self.instance, by=by, changes=data)
        if managers is not None:
            groups.asset_managers_set(asset=asset, by=by, users=list(managers))
        return asset


@admin.register(Asset)
class AssetAdmin(ServiceAdmin):
    """Added and changed through the asset services, like the API: a change of buffers moves the blocked periods
    of future bookings, and one that affects bookings is refused here (decide on the Manage page)."""

    form = AssetForm
    list_display = ("name", "group", "kind", "timezone", "requires_approval", "is_active")
    list_filter = ("group", "kind", "requires_approval", "is_active")
    search_fields = ("name", "kind", "location")
    filter_horizontal = ("managers", "auto_approved_members")
    inlines = [OpeningHoursInline, PeakWindowInline, PriceRuleInline]


class BlackoutForm(ServiceForm):
    class Meta:
        model = Blackout
        fields = ["asset", "start", "end", "reason"]

    def call_service(self, by):
        data = self.cleaned_data
        fields = {"asset": data["asset"], "start": data["start"], "end": data["end"], "reason": data["reason"]}
        if self.instance.pk is None:
            return booking_services.blackout_create(by=by, **fields)
        return booking_services.blackout_update(blackout=self.instance, by=by, **fields)


@admin.register(Blackout)
class BlackoutAdmin(ServiceAdmin):
    """Added, changed and removed through the booking services: a period reservations hold is refused."""

    form = BlackoutForm
    list_display = ("asset", "start", "end", "reason", "created_by")
    list_filter = ("asset",)
    date_hierarchy = "start"
    readonly_fields = ("created_by",)

    def delete_model(self, request, obj):
        booking_services.blackout_delete(blackout=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for blackout in queryset:
            booking_services.blackout_delete(blackout=blackout, by=request.user)
