import zoneinfo
from datetime import time, timedelta
from functools import cache, cached_property
from importlib import resources

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Member

CURRENCY_EXPONENTS = {
    "EUR": 2,
    "PEN": 2,
    "COP": 2,
    "MXN": 2,
    "CAD": 2,
    "USD": 2,
    "JPY": 0,
    "CLP": 0,
    "KWD": 3,
    "BHD": 3,
}


@cache
def iana_zones() -> frozenset[str]:
    """The IANA zone names, as the pinned tzdata package lists them. Not the system's zoneinfo directory, which
    also holds `localtime` (whatever zone this machine has) and `posixrules`; nor `Factory`, which is no place."""
    return frozenset(resources.files("tzdata").joinpath("zones").read_text().split()) - {"Factory"}


def validate_timezone(value: str) -> None:
    if value not in iana_zones():
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value})


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Qualification(models.Model):
    """A training or certificate an asset may require of whoever books it; a grant gives it to a user until an
    expiry date (by default `validity_months` after it is granted)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(validity_months__gte=1) & Q(validity_months__lte=600), name="qualification_validity_range"
            ),
        ]

    def __str__(self):
        return self.name


class QualificationGrant(models.Model):
    """A user holds a qualification from `granted_on` through `expires_on` (inclusive), unless revoked. A user has
    at most one standing (unrevoked) grant of a qualification: granting again replaces it."""

    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qualification_grants")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_on = models.DateField(_("granted on"))
    expires_on = models.DateField(_("expires on"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["qualification", "user", "-expires_on"]
        verbose_name = _("qualification grant")
        verbose_name_plural = _("qualification grants")
        indexes = [models.Index(fields=["user", "qualification"]), models.Index(fields=["expires_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(expires_on__gte=F("granted_on")), name="grant_expires_after_granted"),
            models.UniqueConstraint(
                fields=["qualification", "user"], condition=Q(revoked_at__isnull=True), name="grant_one_standing"
            ),
        ]

    def __str__(self):
        return f"{self.qualification} → {self.user} until {self.expires_on}"


class BillingBasis(models.TextChoices):
    BOOKED = "booked", _("Booked time")
    ACTUAL = "actual", _("Time actually used")
    GREATER = "greater", _("The greater of booked and used time")


class AssetGroup(models.Model):
    """Assets that are interchangeable for a booking; alternatives come from the same group."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="managed_asset_groups", verbose_name=_("managers")
    )
    required_qualifications = models.ManyToManyField(
        Qualification, blank=True, related_name="asset_groups", verbose_name=_("required qualifications")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("asset group")
        verbose_name_plural = _("asset groups")

    def __str__(self):
        return self.name


class ResourceType(models.TextChoices):
    EQUIPMENT = "equipment", _("Equipment")
    STAFF = "staff", _("Staff (a technician)")


class OperatorMode(models.TextChoices):
    NONE = "none", _("No operator")
    OPTIONAL = "optional", _("Operator offered")
    REQUIRED = "required", _("Operator required")


class Asset(models.Model):
    """A shared asset with its booking rules. `capacity` above one pools interchangeable units (desks, lockers):
    each booking takes one unit (Reservation.unit), and the no-overlap rule holds per unit (bookings/units.py).

    A `staff` asset is a technician: booked like any asset (hours, prices, blackouts, the exclusion constraint), and
    booked alongside the assets it `operates` when they offer or require an operator (bookings.operators)."""

    group = models.ForeignKey(
        AssetGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="assets", verbose_name=_("group")
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=50, help_text=_("e.g. sound stage, grading suite, cellar"))
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Madrid", validators=[validate_timezone])
    is_active = models.BooleanField(_("active"), default=True)

    min_duration = models.DurationField(_("minimum duration"), default=timedelta(minutes=30))
    max_duration = models.DurationField(_("maximum duration"), default=timedelta(hours=12))
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot granularity (minutes)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )
    setup_buffer = models.DurationField(_("setup buffer"), default=timedelta(0))
    cleanup_buffer = models.DurationField(_("cleanup buffer"), default=timedelta(0))
    min_notice = models.DurationField(_("minimum notice"), default=timedelta(0))
    max_horizon = models.DurationField(_("maximum horizon"), default=timedelta(days=365))

    approval_deadline = models.DurationField(
        _("approval deadline"),
        default=timedelta(hours=24),
        help_text=_("A pending request expires when it is still undecided this long before its start."),
    )
    free_cancellation = models.DurationField(
        _("free cancellation until"),
        default=timedelta(hours=48),
        help_text=_("Cancelling is free until this long before the start; later the late fee applies."),
    )
    late_cancellation_fee_percent = models.PositiveSmallIntegerField(
        _("late cancellation fee (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    checkin_opens_minutes = models.PositiveSmallIntegerField(
        _("check-in opens (minutes before start)"),
        default=15,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("The booker may check in this many minutes before the start, and until the end."),
    )
    release_after_minutes = models.PositiveSmallIntegerField(
        _("release after (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("An approved booking not checked in this long after its start is released; empty: never."),
    )
    kiosk_pin = models.BooleanField(
        _("kiosk PIN"),
        default=False,
        help_text=_("E-mail the booker a short PIN when check-in opens, to check in at the kiosk without signing in."),
    )
    waitlist_hold_minutes = models.PositiveSmallIntegerField(
        _("waitlist hold (minutes)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
        help_text=_("A freed period offered to the waitlist is held this long for the member it is offered to."),
    )
    no_show_fee_percent = models.PositiveSmallIntegerField(
        _("no-show fee (%)"),
        default=100,
        validators=[MaxValueValidator(100)],
        help_text=_("The share of the price charged for a booking marked as a no-show or released unused."),
    )
    billing_basis = models.CharField(
        _("billing basis"),
        max_length=8,
        choices=BillingBasis.choices,
        default=BillingBasis.BOOKED,
        help_text=_("Bill the booked time, the time actually used (check-in to check-out), or the greater of both."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("units (capacity)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("How many interchangeable units (desks, lockers) the asset has; each booking takes one."),
    )
    requires_approval = models.BooleanField(_("requires approval"), default=False)
    auto_approved_members = models.ManyToManyField(
        Member, blank=True, related_name="auto_approved_assets", verbose_name=_("auto-approved members")
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="managed_assets", verbose_name=_("managers")
    )
    required_qualifications = models.ManyToManyField(
        Qualification,
        blank=True,
        related_name="assets",
        verbose_name=_("required qualifications"),
        help_text=_("Besides its group's: whoever books it needs a valid grant of each."),
    )
    resource_type = models.CharField(
        _("resource type"), max_length=16, choices=ResourceType.choices, default=ResourceType.EQUIPMENT
    )
    operator = models.CharField(
        _("operator"),
        max_length=16,
        choices=OperatorMode.choices,
        default=OperatorMode.NONE,
        help_text=_("Whether a booking of this asset books a technician too (offered: when the booker asks)."),
    )
    operates = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="operators",
        verbose_name=_("operates"),
        help_text=_("A technician's: the assets this person can operate."),
    )
    holds = models.ManyToManyField(
        Qualification,
        blank=True,
        related_name="technicians",
        verbose_name=_("qualifications held"),
        help_text=_("A technician's: the qualifications this person holds."),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="technician_assets",
        verbose_name=_("person"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        constraints = [
            models.CheckConstraint(condition=Q(max_duration__gte=F("min_duration")), name="asset_duration_range"),
            models.CheckConstraint(condition=Q(min_duration__gt=timedelta(0)), name="asset_min_duration_positive"),
            models.CheckConstraint(condition=Q(capacity__gte=1) & Q(capacity__lte=200), name="asset_capacity_range"),
        ]

    def __str__(self):
        return self.name

    @cached_property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def clean(self):
        if 1440 % self.slot_minutes:
            raise ValidationError({"slot_minutes": _("The slot granularity must divide a day evenly.")})


class OpeningHours(models.Model):
    """An open interval on a weekday, in the asset's local time. `closes` 00:00 means midnight at day's end."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["asset", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")) | Q(closes=time(0)), name="opening_hours_opens_before_closes"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Blackout(models.Model):
    """Maintenance or a closure: blocks the asset like a booking.

    A `closure` is planned: it may not overlap a blocking booking (the manager moves or cancels each first). An
    `out_of_service` blackout is an incident's (incidents app): it starts now, whatever is booked, and strands the
    bookings it overlaps until their holders move them; new bookings and moves into it are refused all the same."""

    class Kind(models.TextChoices):
        CLOSURE = "closure", _("Closure")
        OUT_OF_SERVICE = "out_of_service", _("Out of service")

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="blackouts")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CLOSURE, editable=False)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["asset", "start"]
        verbose_name = _("blackout")
        verbose_name_plural = _("blackouts")
        indexes = [models.Index(fields=["asset", "start"])]
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="blackout_end_after_start")]

    def __str__(self):
        return f"{self.asset}: {self.start:%Y-%m-%d %H:%M} – {self.end:%Y-%m-%d %H:%M} {self.reason}"


class PriceRule(models.Model):
    """What one member tier pays for an asset. Amounts are integer minor units of `currency`."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="price_rules")
    tier = models.CharField(_("member tier"), max_length=16, choices=Member.Tier.choices, default=Member.Tier.FULL)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    hourly_rate_minor = models.PositiveBigIntegerField(_("hourly rate (minor units)"))
    peak_hourly_rate_minor = models.PositiveBigIntegerField(_("peak hourly rate (minor units)"), null=True, blank=True)
    fixed_fee_minor = models.PositiveBigIntegerField(_("fixed fee per booking (minor units)"), default=0)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("price rule")
        verbose_name_plural = _("price rules")
        constraints = [models.UniqueConstraint(fields=["asset", "tier"], name="price_rule_unique_asset_tier")]

    def __str__(self):
        return f"{self.asset} / {self.get_tier_display()}"

    def clean(self):
        if self.currency not in CURRENCY_EXPONENTS:
            raise ValidationError({"currency": _("Unsupported currency.")})


class PeakWindow(models.Model):
    """A weekly window, in the asset's local time, priced at the peak hourly rate."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="peak_windows")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))

    class Meta:
        ordering = ["asset", "weekday", "starts"]
        verbose_name = _("peak window")
        verbose_name_plural = _("peak windows")
        constraints = [
            models.CheckConstraint(condition=Q(ends__gt=F("starts")) | Q(ends=time(0)), name="peak_window_order"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"
