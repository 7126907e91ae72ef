from django.conf import settings
from django.contrib.postgres.fields import BigIntegerRangeField, DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import Case, F, Func, Q, Value, When
from django.utils.translation import gettext_lazy as _

from accounts.models import CostCentre, Member
from assets.models import Asset
from sinergia.appendonly import AppendOnlyError, AppendOnlyModel  # noqa: F401 (AppendOnlyError: callers import it here)

from .constraints import PostgresExclusionConstraint
from .series import scheduler_text


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Int8Range(Func):
    function = "INT8RANGE"
    output_field = BigIntegerRangeField()


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    COMPLETED = "completed", _("Completed")
    NO_SHOW = "no_show", _("No-show")
    RELEASED = "released", _("Released")


BLOCKING = (Status.PENDING, Status.APPROVED)

# Told to the requests an approval auto-rejects: which request won, and whose, is another member's business.
AUTO_REJECTION_REASON = _("Another request for the same period was approved.")

# The state machine: the only transitions any service may make.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PENDING: frozenset({Status.APPROVED, Status.REJECTED, Status.CANCELLED, Status.EXPIRED}),
    Status.APPROVED: frozenset({Status.CANCELLED, Status.COMPLETED, Status.NO_SHOW, Status.RELEASED}),
    Status.REJECTED: frozenset(),
    Status.CANCELLED: frozenset(),
    Status.EXPIRED: frozenset(),
    Status.COMPLETED: frozenset(),
    Status.NO_SHOW: frozenset(),
    Status.RELEASED: frozenset(),
}


class Reservation(models.Model):
    """One booked occurrence of an asset. blocked_start/blocked_end are the period with buffers."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="reservations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="reservations")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reservations")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    blocked_start = models.DateTimeField(_("blocked from"))
    blocked_end = models.DateTimeField(_("blocked until"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    quote = models.JSONField(_("frozen quote"), null=True, blank=True, editable=False)
    series = models.ForeignKey(
        "Series", null=True, blank=True, on_delete=models.PROTECT, related_name="occurrences", verbose_name=_("series")
    )
    cost_centre = models.ForeignKey(
        CostCentre,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reservations",
        verbose_name=_("cost centre"),
    )
    # The day of use: when the booker checked in and out (the real start and end of the use).
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    # The price of the time actually used, frozen when the use ends (check-out, or completion after a check-in);
    # billed instead of `quote` on an asset whose billing basis is `actual` or `greater`.
    used_quote = models.JSONField(_("price of the time used"), null=True, blank=True, editable=False)
    # Which unit of a pooled asset (Asset.capacity above one) the booking takes; always 1 otherwise. The database
    # default serves the writers that go around the ORM (bench_data's COPY, raw inserts).
    unit = models.PositiveSmallIntegerField(_("unit"), default=1, db_default=1, editable=False)
    # The booking's consumables and add-ons priced at their frozen unit prices (consumables/pricing.py), kept on
    # the row so a charge and a detail read them without a query; null when it has none.
    items_quote = models.JSONField(_("priced items"), null=True, blank=True, editable=False)
    # A part of a bundle (bookings/bundles.py): its manager's approval waits here until every part is approved.
    bundle = models.ForeignKey(
        "Bundle", null=True, blank=True, on_delete=models.PROTECT, related_name="parts", verbose_name=_("bundle")
    )
    bundle_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bundle_approved_at = models.DateTimeField(_("approved in the bundle at"), null=True, blank=True)
    # On a technician's (staff asset's) booking: the booking it assists, whose every change it follows.
    assists = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operator_bookings",
        verbose_name=_("assists"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        indexes = [
            models.Index(fields=["asset", "blocked_start"], name="reservation_asset_blocked"),
            models.Index(fields=["member", "start"], name="reservation_member_start"),
            models.Index(fields=["status", "start"], name="reservation_status_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="reservation_end_after_start"),
            models.CheckConstraint(
                condition=Q(blocked_start__lte=F("start")) & Q(blocked_end__gte=F("end")),
                name="reservation_blocked_covers_booking",
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | (Q(checked_in_at__isnull=False) & Q(checked_out_at__gte=F("checked_in_at"))),
                name="reservation_check_out_after_check_in",
            ),
            models.CheckConstraint(condition=Q(unit__gte=1), name="reservation_unit_positive"),
            # No double booking. An approved row gets an unbounded "lane" and a pending row a lane of
            # its own, so an approved reservation can overlap nothing blocking on its asset, while
            # competing pending requests (see services.reservation_create) may overlap each other. The rule
            # holds per unit: the units of a pooled asset are booked apart (bookings/units.py).
            PostgresExclusionConstraint(
                name="reservation_no_overlap",
                expressions=[
                    ("asset", RangeOperators.EQUAL),
                    ("unit", RangeOperators.EQUAL),
                    (TsTzRange("blocked_start", "blocked_end", RangeBoundary()), RangeOperators.OVERLAPS),
                    (
                        Case(
                            When(status=Status.APPROVED, then=Int8Range(Value(None), Value(None))),
                            default=Int8Range(F("id"), F("id") + 1),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(status__in=BLOCKING),
                violation_error_code="conflict",
            ),
        ]

    def __str__(self):
        return f"{self.asset} {self.start:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def blocked_period(self) -> tuple:
        return (self.blocked_start, self.blocked_end)


class ReservationEvent(AppendOnlyModel):
    """Append-only audit trail: who changed what, when, from which status to which, and why.

    save() of an existing row, delete() and the queryset's update()/delete() raise AppendOnlyError;
    rows go only when their reservation is deleted (which the API and the admin never do)."""

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("reservation event")
        verbose_name_plural = _("reservation events")

    def __str__(self):
        return f"#{self.reservation_id} {self.action} {self.from_status}→{self.to_status}"


class Series(models.Model):
    """A recurring request: django-scheduler's Event (title, first occurrence, UNTIL) with its Rule, and the
    occurrences, Reservation rows pointing here. The rule and title are read back from the Event wherever a
    series is shown. `skipped` keeps the occurrences left out at creation (on_conflict=skip) with their
    problems, for the series report.
    """

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="series")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="series")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="series")
    event = models.OneToOneField("schedule.Event", on_delete=models.PROTECT, related_name="booking_series")
    timezone = models.CharField(_("time zone"), max_length=64)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    skipped = models.JSONField(_("skipped occurrences"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self):
        return f"{self.asset}: {self.title} ({self.rrule})"

    @property
    def title(self) -> str:
        return self.event.title

    @property
    def rrule(self) -> str:
        """The recurrence rule django-scheduler holds for this series (select_related("event__rule") to read it)."""
        rule = self.event.rule
        return scheduler_text(rule.frequency, rule.params, self.event.end_recurring_period)


class Bundle(models.Model):
    """Several assets booked at once (its `parts`, Reservation rows pointing here): approved, moved, cancelled
    and split between payers as one. Its status is derived from the parts' (bookings/bundles.py)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="bundles")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bundles")
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bundle")
        verbose_name_plural = _("bundles")

    def __str__(self):
        return self.title


class Quota(models.Model):
    """A cluster admin's limits for one member company on one asset group; an empty limit is no limit.

    Hours count the blocking (pending or approved) reservations starting in a calendar month of the
    asset's time zone; pending counts the member's open requests in the group.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("member"))
    group = models.ForeignKey(
        "assets.AssetGroup", on_delete=models.CASCADE, related_name="quotas", verbose_name=_("asset group")
    )
    max_hours_per_month = models.PositiveIntegerField(_("maximum booked hours per month"), null=True, blank=True)
    max_pending = models.PositiveIntegerField(_("maximum pending requests"), null=True, blank=True)

    class Meta:
        ordering = ["member__name", "group__name"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [models.UniqueConstraint(fields=["member", "group"], name="quota_one_per_member_group")]

    def __str__(self):
        return f"{self.member} / {self.group}"


class KioskPin(models.Model):
    """A short PIN e-mailed to the booker when check-in opens: it checks in to this booking at its asset's kiosk,
    where nobody is signed in, from the check-in window's opening until the end. Only a keyed hash is stored, and
    `failures` wrong PINs typed while the booking was the kiosk's current one lock it (`locked_at`)."""

    reservation = models.OneToOneField(Reservation, on_delete=models.CASCADE, related_name="kiosk_pin")
    pin_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kiosk PIN")
        verbose_name_plural = _("kiosk PINs")

    def __str__(self) -> str:
        return f"kiosk PIN of reservation {self.reservation_id}"
