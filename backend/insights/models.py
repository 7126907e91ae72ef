from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Member
from assets.models import Asset


class FairShare(models.Model):
    """A member's fair-share weight from `valid_from` on; the newest row not after a day is the weight of that day.

    A member with no row weighs 1, so by default every member's fair share is equal.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="fair_shares")
    weight = models.DecimalField(_("weight"), max_digits=12, decimal_places=4)
    valid_from = models.DateField(_("valid from"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "valid_from"]
        verbose_name = _("fair share")
        verbose_name_plural = _("fair shares")
        constraints = [
            models.UniqueConstraint(fields=["member", "valid_from"], name="fair_share_unique_member_day"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="fair_share_weight_not_negative"),
        ]

    def __str__(self):
        return f"{self.member}: {self.weight} from {self.valid_from}"


class AssetStandaloneRate(models.Model):
    """What renting a comparable asset outside the cluster costs per hour, in integer minor units of `currency`."""

    asset = models.OneToOneField(Asset, on_delete=models.CASCADE, related_name="standalone_rate")
    hourly_rate_minor = models.PositiveBigIntegerField(_("standalone hourly rate (minor units)"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("standalone rate")
        verbose_name_plural = _("standalone rates")

    def __str__(self):
        return f"{self.asset}: {self.hourly_rate_minor} {self.currency}/h"
