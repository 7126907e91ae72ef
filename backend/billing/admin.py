from django.contrib import admin

from .models import Adjustment, BillingPeriod, CostShare, ReservationCharge, Statement, StatementLine, WebhookEvent


@admin.register(CostShare)
class CostShareAdmin(admin.ModelAdmin):
    list_display = ["reservation", "member", "weight", "amount_minor", "currency", "state"]
    list_filter = ["state", "currency"]
    raw_id_fields = ["reservation"]


@admin.register(ReservationCharge)
class ReservationChargeAdmin(admin.ModelAdmin):
    list_display = ["reservation", "kind", "total_minor", "currency", "due_at", "billed_in"]
    list_filter = ["kind"]
    raw_id_fields = ["reservation"]


@admin.register(BillingPeriod)
class BillingPeriodAdmin(admin.ModelAdmin):
    list_display = ["year", "month", "state", "closed_at"]


class StatementLineInline(admin.TabularInline):
    model = StatementLine
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "description", "currency", "net_minor", "vat_minor", "amount_minor"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["number", "member", "period", "payment_status", "issued_at"]
    list_filter = ["payment_status"]
    inlines = [StatementLineInline]
    readonly_fields = ["number", "member", "period", "issued_at"]


@admin.register(Adjustment)
class AdjustmentAdmin(admin.ModelAdmin):
    list_display = ["member", "amount_minor", "currency", "description", "billed_in"]
    readonly_fields = ["billed_in"]


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["stripe_id", "type", "created", "processed_at", "outcome"]
    readonly_fields = ["stripe_id", "type", "created", "payload", "processed_at", "outcome"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what Stripe told us is kept whole
