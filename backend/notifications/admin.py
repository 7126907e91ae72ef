from django.contrib import admin

from .models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "kind", "email", "key"]
    list_filter = ["kind"]
    search_fields = ["email", "key"]
    readonly_fields = ["key", "kind", "recipient", "email", "sent_at"]
