"""Ratings: the booker of a completed booking says what it thought (once per booking); the asset's managers answer
(once per rating), each told by e-mail after the commit. One function per operation, one transaction each; the
database holds "once" as constraints."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_answer_rating, can_change_rating, can_rate
from bookings.models import Reservation, Status
from notifications import services as notify
from sinergia.exceptions import Conflict, Forbidden, RuleViolation

from .models import Rating

RATE_WITHIN = timedelta(days=60)  # after the booking's end, the booker may still rate it
EDITABLE_FOR = timedelta(days=14)  # after rating, the booker may change it, until the managers answer


def rate_until(reservation: Reservation) -> datetime:
    return reservation.end + RATE_WITHIN


def editable_until(rating: Rating) -> datetime:
    return rating.rated_at + EDITABLE_FOR


def rating_create(
    *,
    reservation: Reservation,
    by: User,
    asset_score: int,
    service_score: int,
    comment: str = "",
    now: datetime | None = None,
) -> Rating:
    """Rate a completed booking: its booker only, within RATE_WITHIN of its end, once (409 `already_rated`)."""
    now = now or timezone.now()
    if not can_rate(by, reservation):
        raise Forbidden(_("Only the person who booked it can rate a booking."))
    with transaction.atomic():
        reservation = Reservation.objects.select_for_update().get(id=reservation.id)
        if reservation.status != Status.COMPLETED:
            raise Conflict(_("Only a completed booking can be rated."), code="not_completed")
        if now > rate_until(reservation):
            raise RuleViolation(
                _("This booking ended more than %(days)s days ago: it can no longer be rated.")
                % {"days": RATE_WITHIN.days},
                code="rating_closed",
            )
        if Rating.objects.filter(reservation=reservation).exists():
            raise _already_rated()
        try:
            with transaction.atomic():
                rating = Rating.objects.create(reservation=reservation, asset_score=asset_score,
                                               service_score=service_score, comment=comment.strip(), rated_by=by,
                                               rated_at=now, updated_at=now)  # fmt: skip
        except IntegrityError as error:  # another request rated it first (the one-per-booking constraint)
            raise _already_rated() from error
        notify.rating_received(rating=rating)
        return rating


def _already_rated() -> Conflict:
    return Conflict(_("This booking is already rated; change that rating instead."), code="already_rated")


def _locked(rating: Rating) -> Rating:
    return Rating.objects.select_for_update(of=("self",)).select_related("reservation__asset").get(id=rating.id)


def rating_update(*, rating: Rating, by: User, now: datetime | None = None, **changes) -> Rating:
    """Change scores or comment: the rater, within EDITABLE_FOR of rating and until the managers answer."""
    now = now or timezone.now()
    if not can_change_rating(by, rating):
        raise Forbidden(_("Only the person who rated a booking can change the rating."))
    with transaction.atomic():
        rating = _locked(rating)
        if rating.answered_at is not None:
            raise Conflict(_("The managers have answered this rating: it can no longer change."), code="rating_locked")
        if now > editable_until(rating):
            raise Conflict(
                _("A rating can be changed for %(days)s days only.") % {"days": EDITABLE_FOR.days},
                code="rating_locked",
            )
        for field in ("asset_score", "service_score"):
            if field in changes:
                setattr(rating, field, changes[field])
        if "comment" in changes:
            rating.comment = changes["comment"].strip()
        rating.updated_at = now
        rating.save()
        return rating


def rating_answer(*, rating: Rating, by: User, answer: str, now: datetime | None = None) -> Rating:
    """The asset's managers answer a rating, once (409 `already_answered`); the rater reads the answer."""
    now = now or timezone.now()
    if not can_answer_rating(by, rating):
        raise Forbidden(_("Only the asset's managers can answer its ratings."))
    if not answer.strip():
        raise RuleViolation(_("Write an answer."), code="answer_required", field="answer")
    with transaction.atomic():
        rating = _locked(rating)
        if rating.answered_at is not None:
            raise Conflict(_("This rating is already answered."), code="already_answered")
        rating.answer, rating.answered_by, rating.answered_at = answer.strip(), by, now
        rating.save(update_fields=["answer", "answered_by", "answered_at"])
        notify.rating_answered(rating=rating)
        return rating
