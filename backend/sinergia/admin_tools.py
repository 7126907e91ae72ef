"""What the Django admin may do with rule-bound data: read it, or change it only through the services.

The admin is for cluster admins, but a superuser's form is no reason to skip a rule: money and the audit trail are
read-only there, and what it may still add or change goes through the same service the API calls, so a refusal
is a form error and nothing is saved.
"""

from django import forms
from django.contrib import admin

from sinergia.exceptions import DomainError


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse and inspect only: rows of this model change through its services (they hold money or history)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceForm(forms.ModelForm):
    """A model form that saves by calling a service once its fields are valid; a DomainError becomes a form error.

    Subclasses implement `call_service(by)`, returning the saved object. The admin's own transaction wraps the
    whole request, and the service its own, so a refusal leaves nothing behind.
    """

    by = None  # the user, set by ServiceAdmin.get_form
    saved = None

    def call_service(self, by):
        raise NotImplementedError

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            self.saved = self.call_service(self.by)
        except DomainError as error:
            self.add_error(None, str(error.detail))


class ServiceAdmin(admin.ModelAdmin):
    """Adds and changes through `form`'s service (a ServiceForm), never by saving the model itself."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.by = request.user
        return form

    def save_form(self, request, form, change):
        return form.saved

    def save_model(self, request, obj, form, change):
        """Already saved by the service while the form was validated."""

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
