from django.contrib import admin

from bookings import services as booking_services
from sinergia.admin_tools import ServiceAdmin, ServiceForm

from .models import Asset, AssetGroup, Blackout, OpeningHours, PeakWindow, PriceRule


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class PeakWindowInline(admin.TabularInline):
    model = PeakWindow
    extra = 0


class PriceRuleInline(admin.TabularInline):
    model = PriceRule
    extra = 0


@admin.register(AssetGroup)
class AssetGroupAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)
    filter_horizontal = ("managers",)


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
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
