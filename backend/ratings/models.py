from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bookings.models import Reservation

SCORES = range(1, 6)


class Rating(models.Model):
    """What the booker of a completed booking thought of the asset and of the service (1–5 each), with a comment;
    at most one per booking, and at most one answer from the asset's managers (see ratings.services)."""

    reservation = models.OneToOneField(
        Reservation, on_delete=models.PROTECT, related_name="rating", verbose_name=_("booking")
    )
    asset_score = models.PositiveSmallIntegerField(_("asset score"))
    service_score = models.PositiveSmallIntegerField(_("service score"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ratings")
    rated_at = models.DateTimeField(_("rated at"))
    updated_at = models.DateTimeField(_("changed at"))
    answer = models.TextField(_("answer"), blank=True, max_length=2000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="rating_answers"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-rated_at", "-id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(condition=Q(asset_score__gte=1, asset_score__lte=5), name="rating_asset_score_1_5"),
            models.CheckConstraint(
                condition=Q(service_score__gte=1, service_score__lte=5), name="rating_service_score_1_5"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, answer="")
                | Q(answered_at__isnull=False, answered_by__isnull=False) & ~Q(answer=""),
                name="rating_answer_complete",
            ),
        ]

    def __str__(self):
        return f"#{self.reservation_id}: {self.asset_score}/{self.service_score}"
