from django.contrib import admin

from .models import AssetStandaloneRate, FairShare


@admin.register(FairShare)
class FairShareAdmin(admin.ModelAdmin):
    list_display = ["member", "weight", "valid_from", "set_by"]
    list_filter = ["member"]
    readonly_fields = ["set_by"]

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AssetStandaloneRate)
class AssetStandaloneRateAdmin(admin.ModelAdmin):
    list_display = ["asset", "hourly_rate_minor", "currency"]
