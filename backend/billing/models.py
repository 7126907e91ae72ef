from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Member
from bookings.models import Reservation


class ChargeKind(models.TextChoices):
    BOOKED = "booked", _("Booked, not yet due")
    COMPLETED = "completed", _("Completed")
    CANCELLATION_FEE = "cancellation_fee", _("Late cancellation fee")
    NO_SHOW = "no_show", _("No-show")
    RELEASED = "released", _("Released unused")
    NONE = "none", _("Nothing to pay")


DUE_KINDS = (ChargeKind.COMPLETED, ChargeKind.CANCELLATION_FEE, ChargeKind.NO_SHOW, ChargeKind.RELEASED)


class ReservationCharge(models.Model):
    """What a reservation costs now: the frozen quote while booked, a fee after a late cancellation,
    the full price after a no-show, nothing after a free cancellation or a rejection.

    `due_at` is when it became payable (the end of a completed booking, the moment of the fee);
    `billed_in` is the period whose close put it on statements.
    """

    reservation = models.OneToOneField(Reservation, on_delete=models.CASCADE, related_name="charge")
    kind = models.CharField(_("kind"), max_length=20, choices=ChargeKind.choices, default=ChargeKind.BOOKED)
    currency = models.CharField(_("currency"), max_length=3)
    net_minor = models.BigIntegerField(_("net (minor units)"), default=0)
    vat_minor = models.BigIntegerField(_("VAT (minor units)"), default=0)
    total_minor = models.BigIntegerField(_("total (minor units)"), default=0)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    billed_in = models.ForeignKey(
        "BillingPeriod", null=True, blank=True, on_delete=models.PROTECT, related_name="charges"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reservation charge")
        verbose_name_plural = _("reservation charges")
        indexes = [models.Index(fields=["kind", "due_at"], name="charge_kind_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(net_minor__gte=0, vat_minor__gte=0, total_minor__gte=0), name="charge_not_negative"
            ),
        ]

    def __str__(self):
        return f"#{self.reservation_id} {self.kind} {self.total_minor} {self.currency}"


class CostShare(models.Model):
    """One payer's part of a reservation's charge. Amounts are integer minor units of the charge's currency.

    `accepted_amount_minor` and `accepted_currency` are what the payer last accepted (null and blank when never):
    an accepted share never exceeds them (a database constraint), so a payer is never billed more than it agreed to.
    """

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="cost_shares")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="cost_shares")
    weight = models.DecimalField(_("weight"), max_digits=14, decimal_places=4)
    currency = models.CharField(_("currency"), max_length=3)
    amount_minor = models.BigIntegerField(_("amount (minor units)"), default=0)
    vat_minor = models.BigIntegerField(_("VAT (minor units)"), default=0)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    accepted_amount_minor = models.BigIntegerField(_("amount last accepted (minor units)"), null=True, blank=True)
    accepted_currency = models.CharField(_("currency last accepted"), max_length=3, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # Copies of the reservation's start, member and booker, kept by database triggers (migration 0002), so that
    # the shares a company sees list in reservation order from an index rather than a join over all of them.
    reservation_start = models.DateTimeField(null=True, editable=False)
    reservation_member_id = models.BigIntegerField(null=True, editable=False)
    reservation_booked_by_id = models.BigIntegerField(null=True, editable=False)

    class Meta:
        ordering = ["reservation", "member_id"]
        verbose_name = _("cost share")
        verbose_name_plural = _("cost shares")
        indexes = [
            models.Index(fields=["member", "state"], name="cost_share_member_state"),
            # One per visibility rule, each covering what the list's count and page read (PostgreSQL).
            models.Index(fields=["-reservation_start", "id"], name="cost_share_start"),
            models.Index(fields=["member", "-reservation_start", "id"], name="cost_share_payer_start"),
            models.Index(
                fields=["reservation_member_id", "-reservation_start", "id"],
                include=["member"],
                name="cost_share_booker_start",
            ),
            models.Index(
                fields=["reservation_booked_by_id", "-reservation_start", "id"],
                include=["member", "reservation_member_id"],
                name="cost_share_user_start",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["reservation", "member"], name="cost_share_unique_payer"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="cost_share_weight_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_minor__gte=0, vat_minor__gte=0, vat_minor__lte=models.F("amount_minor")),
                name="cost_share_amounts_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="accepted")
                | Q(
                    accepted_amount_minor__isnull=False,
                    accepted_amount_minor__gte=models.F("amount_minor"),
                    accepted_currency=models.F("currency"),
                ),
                name="cost_share_within_consent",
            ),
        ]

    def __str__(self):
        return f"#{self.reservation_id} {self.member} {self.amount_minor} {self.currency} ({self.state})"

    def accept_current_amount(self) -> None:
        """Record the current amount and currency as the ones the payer accepted."""
        self.state = self.State.ACCEPTED
        self.accepted_amount_minor, self.accepted_currency = self.amount_minor, self.currency

    @property
    def exceeds_consent(self) -> bool:
        """More than, or another currency than, what the payer last accepted (always true if it never did)."""
        return (
            self.accepted_amount_minor is None
            or self.amount_minor > self.accepted_amount_minor
            or self.currency != self.accepted_currency
        )


class ShareProposal(models.Model):
    """One e-mail asking a payer to consent to its share of a reservation (a series asks once for all its
    occurrences but records a row for each). Counted to limit how often one company is asked about one booking."""

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("asked at"))

    class Meta:
        verbose_name = _("share proposal")
        verbose_name_plural = _("share proposals")
        indexes = [models.Index(fields=["reservation", "member", "at"], name="share_proposal_recent")]

    def __str__(self):
        return f"#{self.reservation_id} {self.member_id} {self.at:%Y-%m-%d %H:%M}"


class BillingPeriod(models.Model):
    """A calendar month of the cluster (in settings.TIME_ZONE); closing it issues the statements.

    The worker closes it (billing.tasks.close_billing_period): `closing` from the request until its last statement
    is made, with `statements_made` of `statements_to_make` (null until the payers are listed) as its progress.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSING = "closing", _("Closing")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # The moment the close was asked: its statements are issued at it, whenever the worker makes them.
    closing_since = models.DateTimeField(_("closing since"), null=True, blank=True)
    statements_to_make = models.PositiveIntegerField(_("statements to make"), null=True, blank=True)
    statements_made = models.PositiveIntegerField(_("statements made"), default=0)
    # When the close last moved on; the sweep queues a close again that has not moved for a while.
    close_progress_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year", "-month"]
        verbose_name = _("billing period")
        verbose_name_plural = _("billing periods")
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="billing_period_unique_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="billing_period_month_range"),
        ]

    def __str__(self):
        return f"{self.year}-{self.month:02d}"


class StatementCounter(models.Model):
    """The last statement number issued in a year; locked while numbering so numbers have no gaps."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Statement(models.Model):
    """What one member owes for one closed period. Its lines never change; only the invoicing state (our call to
    Stripe) and the payment status (Stripe's webhooks) do."""

    class PaymentStatus(models.TextChoices):
        OPEN = "open", _("Open")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Payment failed")
        VOID = "void", _("Void")

    class Invoicing(models.TextChoices):
        PENDING = "pending", _("Waiting for Stripe")
        INVOICED = "invoiced", _("Invoiced in Stripe")
        FAILED = "failed", _("Invoicing failed")
        NOT_SENT = "not_sent", _("Not sent (Stripe is off)")

    number = models.CharField(_("number"), max_length=32, unique=True)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="statements")
    period = models.ForeignKey(BillingPeriod, on_delete=models.PROTECT, related_name="statements")
    issued_at = models.DateTimeField(_("issued at"))
    payment_status = models.CharField(
        _("payment status"), max_length=8, choices=PaymentStatus.choices, default=PaymentStatus.OPEN
    )
    # {currency: [total in minor units, number of lines]}, summed once when the period closes: lists read it
    # instead of adding up a busy month's thousands of lines on every page.
    totals = models.JSONField(default=dict, editable=False)
    invoicing_state = models.CharField(
        _("invoicing"), max_length=10, choices=Invoicing.choices, default=Invoicing.PENDING
    )
    invoicing_error = models.CharField(_("last invoicing error"), max_length=500, blank=True, default="")
    # When the invoicing state last changed (made, tried); the sweep queues a statement again from it.
    invoicing_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-issued_at", "number"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [models.UniqueConstraint(fields=["member", "period"], name="statement_unique_member_period")]
        indexes = [models.Index(fields=["invoicing_state", "invoicing_changed_at"], name="statement_invoicing")]

    def __str__(self):
        return self.number


class Adjustment(models.Model):
    """A correction for a member (a refund, a waived fee): a credit (negative) or debit line on the next statement."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="billing_adjustments")
    reservation = models.ForeignKey(Reservation, null=True, blank=True, on_delete=models.PROTECT)
    currency = models.CharField(_("currency"), max_length=3)
    amount_minor = models.BigIntegerField(_("amount (minor units)"))
    vat_minor = models.BigIntegerField(_("VAT (minor units)"), default=0)
    description = models.CharField(_("description"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    billed_in = models.ForeignKey(BillingPeriod, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")

    def __str__(self):
        return f"{self.member}: {self.amount_minor} {self.currency} {self.description}"


class StatementLine(models.Model):
    """One accepted cost share (kind share) or one adjustment (kind credit/debit) on a statement. Write-once."""

    class Kind(models.TextChoices):
        SHARE = "share", _("Cost share")
        ADJUSTMENT = "adjustment", _("Adjustment")
        ITEM = "item", _("Consumable or add-on")

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="lines")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SHARE)
    cost_share = models.OneToOneField(
        CostShare, null=True, blank=True, on_delete=models.PROTECT, related_name="statement_line"
    )
    adjustment = models.OneToOneField(
        Adjustment, null=True, blank=True, on_delete=models.PROTECT, related_name="statement_line"
    )
    reservation = models.ForeignKey(Reservation, null=True, blank=True, on_delete=models.PROTECT)
    description = models.CharField(_("description"), max_length=300)
    currency = models.CharField(_("currency"), max_length=3)
    net_minor = models.BigIntegerField(_("net (minor units)"))
    vat_minor = models.BigIntegerField(_("VAT (minor units)"))
    amount_minor = models.BigIntegerField(_("amount (minor units)"))

    class Meta:
        ordering = ["statement", "id"]
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")

    def __str__(self):
        return f"{self.statement_id}: {self.description} {self.amount_minor} {self.currency}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Statement lines are write-once; add an adjustment instead.")
        super().save(*args, **kwargs)


class StripeInvoice(models.Model):
    """The Stripe invoice of one statement in one currency."""

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="stripe_invoices")
    currency = models.CharField(_("currency"), max_length=3)
    stripe_id = models.CharField(_("Stripe invoice id"), max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=16, default="open")
    amount_minor = models.BigIntegerField(_("amount (minor units)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Stripe invoice")
        verbose_name_plural = _("Stripe invoices")
        constraints = [
            models.UniqueConstraint(fields=["statement", "currency"], name="stripe_invoice_unique_statement_currency")
        ]

    def __str__(self):
        return self.stripe_id


class WebhookEvent(models.Model):
    """A verified Stripe event, stored once by its id; `processed_at` is set by the one processing of it."""

    stripe_id = models.CharField(_("Stripe event id"), max_length=64, unique=True)
    type = models.CharField(_("type"), max_length=64)
    created = models.DateTimeField(_("created at Stripe"))
    payload = models.JSONField(_("payload"))
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("Stripe webhook event")
        verbose_name_plural = _("Stripe webhook events")

    def __str__(self):
        return f"{self.stripe_id} {self.type}"
