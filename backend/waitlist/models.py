from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Member
from assets.models import Asset


class EntryState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Offered")
    BOOKED = "booked", _("Booked")
    PASSED = "passed", _("Passed")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Entries still in the queue: a member waits for the period, or holds it for a while after an offer.
OPEN = (EntryState.WAITING, EntryState.OFFERED)

# The state machine of an entry: the only transitions waitlist.services may make.
TRANSITIONS: dict[str, frozenset[str]] = {
    EntryState.WAITING: frozenset({EntryState.OFFERED, EntryState.EXPIRED, EntryState.WITHDRAWN}),
    EntryState.OFFERED: frozenset({EntryState.BOOKED, EntryState.PASSED, EntryState.EXPIRED, EntryState.WITHDRAWN}),
    EntryState.BOOKED: frozenset(),
    EntryState.PASSED: frozenset(),
    EntryState.EXPIRED: frozenset(),
    EntryState.WITHDRAWN: frozenset(),
}


class WaitlistEntry(models.Model):
    """A member company waiting for a taken period of an asset. When the period is free again the entries are
    offered in the order they joined; an offered entry holds the period for its member until `hold_until`
    (bookings.services refuses other members' bookings of it meanwhile), then passes to the next."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="waitlist_entries", verbose_name=_("asset"))
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="waitlist_entries", verbose_name=_("member")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="waitlist_entries")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=EntryState.choices, default=EntryState.WAITING)
    joined_at = models.DateTimeField(_("joined at"))
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    hold_until = models.DateTimeField(_("held until"), null=True, blank=True)
    reservation = models.OneToOneField(
        "bookings.Reservation", null=True, blank=True, on_delete=models.PROTECT, related_name="waitlist_entry"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")
        indexes = [models.Index(fields=["asset", "state", "start"], name="waitlist_asset_state_start")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="waitlist_end_after_start"),
            models.CheckConstraint(
                condition=~Q(state=EntryState.OFFERED) | Q(offered_at__isnull=False, hold_until__isnull=False),
                name="waitlist_offer_has_hold",
            ),
            models.CheckConstraint(
                condition=~Q(state=EntryState.BOOKED) | Q(reservation__isnull=False),
                name="waitlist_booked_has_reservation",
            ),
            # One open entry per member, asset and period: joining twice is refused.
            models.UniqueConstraint(
                fields=["asset", "member", "start", "end"],
                condition=Q(state__in=OPEN),
                name="waitlist_one_open_entry",
            ),
        ]

    def __str__(self):
        return f"{self.asset} {self.start:%Y-%m-%d %H:%M} {self.member} ({self.get_state_display()})"
