"""The e-mail that tells a person they were removed from a company, with what became of their future bookings.

Sent once per removal (a `notifications.Delivery` under the removal's key), in the person's language, each booking
in its asset's time zone. The subject is built from the company's name only, never from text a user wrote."""

import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from notifications.models import Delivery

from .models import User

logger = logging.getLogger(__name__)
KIND = "membership_removed"


def _when(booking: dict) -> str:
    zone = ZoneInfo(booking["timezone"])
    start, end = parse_datetime(booking["start"]).astimezone(zone), parse_datetime(booking["end"]).astimezone(zone)
    return f"{formats.date_format(start, 'SHORT_DATETIME_FORMAT')}–{formats.time_format(end, 'TIME_FORMAT')}"


def compose(*, user: User, context: dict) -> EmailMultiAlternatives:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        bookings = [{**booking, "when": _when(booking)} for booking in context["bookings"]]
        values = {**context, "bookings": bookings, "user": user, "link": f"{settings.SITE_URL.rstrip('/')}/"}
        subject = _("You no longer belong to %(member)s in Sinergia") % {"member": context["member"]}
        text = render_to_string(f"accounts/{KIND}.txt", values)
        html = render_to_string(f"accounts/{KIND}.html", values)
    message = EmailMultiAlternatives(" ".join(subject.split()), text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def notify_membership_removed(*, user_id: int, context: dict, key: str) -> bool:
    """Mail the removed person once; True when this call sent it."""
    user = User.objects.filter(id=user_id, is_active=True).first()
    if user is None or not user.email or Delivery.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            Delivery.objects.create(key=key, kind=KIND, recipient=user, email=user.email)
            compose(user=user, context=context).send()
    except IntegrityError:
        return False
    logger.info("sent %s to %s", key, user.email)
    return True
