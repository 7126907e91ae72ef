from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Member, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "member"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Sinergia"), {"fields": ("is_accountant", "language")}),)
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_accountant")
    list_filter = DjangoUserAdmin.list_filter + ("is_accountant",)
    inlines = [MembershipInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "tax_id", "tier", "cost_centre", "billing_email", "is_active")
    list_filter = ("tier", "is_active")
    search_fields = ("name", "tax_id")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "member", "role")
    list_filter = ("role", "member")
    search_fields = ("user__username", "member__name")
    autocomplete_fields = ["user", "member"]
