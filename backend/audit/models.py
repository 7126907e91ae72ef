from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergia.appendonly import AppendOnlyModel


class Change(AppendOnlyModel):
    """One change to how the cluster runs (an asset's rules, a member company, a role, a quota…): who, when, what
    it was before and after. Append-only; `asset` and `member` say whose history it is part of and who sees it."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("by")
    )
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("what"), max_length=64)
    target_id = models.BigIntegerField(_("id"), null=True, blank=True)
    target_label = models.CharField(_("name"), max_length=200, blank=True)
    asset = models.ForeignKey(
        "assets.Asset", null=True, blank=True, on_delete=models.SET_NULL, related_name="changes", db_constraint=False
    )
    member = models.ForeignKey(
        "accounts.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="changes",
        db_constraint=False,
    )  # fmt: skip
    before = models.JSONField(_("before"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [
            models.Index(fields=["asset", "-at"], name="audit_change_asset_at"),
            models.Index(fields=["member", "-at"], name="audit_change_member_at"),
            models.Index(fields=["target_type", "target_id"], name="audit_change_target"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"
