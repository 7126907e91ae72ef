from django.contrib import admin

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


@admin.register(Blackout)
class BlackoutAdmin(admin.ModelAdmin):
    list_display = ("asset", "start", "end", "reason", "created_by")
    list_filter = ("asset",)
    date_hierarchy = "start"
