"""Rows that are written once and never changed or deleted: the audit trails."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Code tried to change or delete a row of an audit trail."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("The audit trail is append-only."))

    def delete(self):
        raise AppendOnlyError(_("The audit trail is append-only."))


class AppendOnlyModel(models.Model):
    """save() of an existing row, delete() and the queryset's update()/delete() raise AppendOnlyError."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("The audit trail is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("The audit trail is append-only."))
