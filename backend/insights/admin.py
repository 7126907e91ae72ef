from django.contrib import admin

from sinergia.admin_tools import ServiceAdmin, ServiceForm

from . import services
from .models import AssetStandaloneRate, FairShare


class FairShareForm(ServiceForm):
    class Meta:
        model = FairShare
        fields = ["member", "weight", "valid_from"]

    def call_service(self, by):
        return services.fair_share_set(by=by, **self.cleaned_data)


@admin.register(FairShare)
class FairShareAdmin(ServiceAdmin):
    """Weights are set through `fair_share_set`; a weight once set is history (a later row supersedes it)."""

    form = FairShareForm
    list_display = ["member", "weight", "valid_from", "set_by"]
    list_filter = ["member"]
    readonly_fields = ["set_by"]

    def has_delete_permission(self, request, obj=None):
        return False


class StandaloneRateForm(ServiceForm):
    class Meta:
        model = AssetStandaloneRate
        fields = ["asset", "hourly_rate_minor", "currency"]

    def call_service(self, by):
        return services.standalone_rate_set(by=by, **self.cleaned_data)


@admin.register(AssetStandaloneRate)
class AssetStandaloneRateAdmin(ServiceAdmin):
    """Set and removed through `standalone_rate_set`."""

    form = StandaloneRateForm
    list_display = ["asset", "hourly_rate_minor", "currency"]

    def delete_model(self, request, obj):
        services.standalone_rate_set(asset=obj.asset, hourly_rate_minor=None, currency=obj.currency, by=request.user)

    def delete_queryset(self, request, queryset):
        for rate in queryset.select_related("asset"):
            self.delete_model(request, rate)
