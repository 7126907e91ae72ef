from django.contrib import admin

from sinergia.admin_tools import ReadOnlyAdmin, ServiceAdmin, ServiceForm

from . import services
from .models import (
    Adjustment,
    BillingPeriod,
    CostShare,
    ReservationCharge,
    Statement,
    StatementLine,
    StripeInvoice,
    WebhookEvent,
)

# Money is read-only here: charges, shares, periods, statements and invoices change only through the billing
# services (consent, closing, Stripe), so what a member was billed is always what the rules billed.


@admin.register(CostShare)
class CostShareAdmin(ReadOnlyAdmin):
    list_display = ["reservation", "member", "weight", "amount_minor", "currency", "state"]
    list_filter = ["state", "currency"]
    raw_id_fields = ["reservation"]


@admin.register(ReservationCharge)
class ReservationChargeAdmin(ReadOnlyAdmin):
    list_display = ["reservation", "kind", "total_minor", "currency", "due_at", "billed_in"]
    list_filter = ["kind"]
    raw_id_fields = ["reservation"]


@admin.register(BillingPeriod)
class BillingPeriodAdmin(ReadOnlyAdmin):
    list_display = ["year", "month", "state", "statements_made", "statements_to_make", "closed_at"]


class StatementLineInline(admin.TabularInline):
    model = StatementLine
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "description", "currency", "net_minor", "vat_minor", "amount_minor"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StripeInvoiceInline(admin.TabularInline):
    model = StripeInvoice
    extra = 0
    can_delete = False
    readonly_fields = ["stripe_id", "currency", "amount_minor", "status", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ["number", "member", "period", "invoicing_state", "payment_status", "issued_at"]
    list_filter = ["invoicing_state", "payment_status"]
    inlines = [StatementLineInline, StripeInvoiceInline]


@admin.register(StripeInvoice)
class StripeInvoiceAdmin(ReadOnlyAdmin):
    list_display = ["stripe_id", "statement", "currency", "amount_minor", "status", "created_at"]
    list_filter = ["status", "currency"]


class AdjustmentForm(ServiceForm):
    class Meta:
        model = Adjustment
        fields = ["member", "reservation", "currency", "amount_minor", "vat_minor", "description"]

    def call_service(self, by):
        return services.adjustment_create(by=by, **self.cleaned_data)


@admin.register(Adjustment)
class AdjustmentAdmin(ServiceAdmin):
    """Added through `adjustment_create` (its checks, its author); read-only once made: a correction of a
    correction is another adjustment."""

    form = AdjustmentForm
    list_display = ["member", "amount_minor", "currency", "description", "billed_in"]
    raw_id_fields = ["reservation"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    """The record of what Stripe told us is kept whole."""

    list_display = ["stripe_id", "type", "created", "processed_at", "outcome"]
