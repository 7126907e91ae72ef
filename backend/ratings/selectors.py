"""Reads of ratings: who sees which (accounts.permissions.rating_seen_condition) and what is left to rate."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from accounts.permissions import rating_seen_condition
from accounts.selectors import member_ids
from bookings.models import Reservation, Status

from .models import Rating
from .services import RATE_WITHIN


def ratings_visible_to(user) -> QuerySet:
    queryset = Rating.objects.select_related("reservation__asset", "reservation__member", "rated_by", "answered_by")
    condition = rating_seen_condition(user)
    return queryset if condition is None else queryset.filter(condition)


def reservations_to_rate(user, now: datetime | None = None) -> QuerySet:
    """The user's completed bookings (in the companies it still belongs to) that it may rate and has not yet:
    ended within RATE_WITHIN, newest first."""
    now = now or timezone.now()
    return (
        Reservation.objects.filter(
            booked_by=user,
            member_id__in=member_ids(user),
            status=Status.COMPLETED,
            end__gte=now - RATE_WITHIN,
            rating__isnull=True,
        )
        .select_related("asset", "member")
        .order_by("-end", "-id")
    )
