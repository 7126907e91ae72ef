from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
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


# --- Roll-ups -----------------------------------------------------------------------------------------------
# The figures of a year answer in milliseconds because they read daily roll-ups, not the reservations. The
# services that change what the figures count record the time ranges they touched (StaleRange, `insights.stale`);
# Celery recomputes those days (`rollups.refresh`, every minute) and every day each night (`rollups.rebuild`).
# Readers never refresh: an answer says up to when its roll-ups are complete (`rollups.as_of`).


class StaleRange(models.Model):
    """A time range whose roll-ups must be recomputed; both ends null means every day. `created_at` is set by the
    database, also for the rows the asset trigger writes (sinergia.triggers)."""

    start = models.DateTimeField(null=True)
    end = models.DateTimeField(null=True)
    created_at = models.DateTimeField(db_default=Now())

    def __str__(self):
        return f"{self.start or 'all'} – {self.end or 'all'}"


HOURS = [f"h{hour:02d}" for hour in range(24)]


class AssetDay(models.Model):
    """Booked seconds (approved and completed) of an asset on a day of the cluster's calendar, split by the
    asset's local hour; `weekday` is the asset's local weekday of those hours (a cluster day of an asset in
    another time zone can hold two)."""

    day = models.DateField()
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField()
    booked_seconds = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["asset", "day", "weekday"], name="asset_day_unique"),
        ]
        indexes = [models.Index(fields=["day"], name="asset_day_day")]

    def __str__(self):
        return f"{self.asset_id} on {self.day}: {self.booked_seconds / 3600:.2f} h"


for _hour in HOURS:
    models.FloatField(default=0.0).contribute_to_class(AssetDay, _hour)


class MemberDay(models.Model):
    """What a member did on the assets of a group on a day of the cluster's calendar (by reservation start).

    Spend sits on the row of its currency, with the hours that spend paid for and the standalone cost (in the
    standalone rate's currency) of those hours. Counts and unpriced hours sit on one of the day's rows, blank
    currency when there was no spend: readers sum them over every row.
    """

    day = models.DateField()
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey("assets.AssetGroup", null=True, on_delete=models.CASCADE, related_name="+")
    currency = models.CharField(max_length=3, blank=True)
    bookings = models.PositiveIntegerField(default=0)
    cancellations = models.PositiveIntegerField(default=0)
    no_shows = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)
    paid_minor = models.BigIntegerField(default=0)
    paid_rated_minor = models.BigIntegerField(default=0)
    standalone_minor = models.FloatField(default=0.0)

    class Meta:
        indexes = [
            models.Index(fields=["day"], name="member_day_day"),
            models.Index(fields=["group", "day"], name="member_day_group_day"),
        ]

    def __str__(self):
        return f"{self.member_id} on {self.day} ({self.currency or 'counts'})"


class UseDay(models.Model):
    """What became of a member's bookings of an asset that came due, by the cluster day they start: those
    released, not shown up, or checked in to (approved and in use, or completed), with their booked and used
    seconds (used: checked in to checked out, as billed; see `rollups._use_days`)."""

    day = models.DateField()
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="+")
    due = models.PositiveIntegerField(default=0)
    checked_in = models.PositiveIntegerField(default=0)
    released = models.PositiveIntegerField(default=0)
    no_shows = models.PositiveIntegerField(default=0)
    due_seconds = models.FloatField(default=0.0)
    used_seconds = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["asset", "member", "day"], name="use_day_unique"),
        ]
        indexes = [models.Index(fields=["day"], name="use_day_day")]

    def __str__(self):
        return f"{self.member_id} on {self.asset_id}, {self.day}: {self.due} due"
