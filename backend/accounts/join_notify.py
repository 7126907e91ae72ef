"""The e-mail that tells a person their request to join a company was approved, in their language, once."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.models import Delivery

from .models import JoinRequest, Membership

logger = logging.getLogger(__name__)
KIND = "join_approved"


def compose_join_approved(*, join_request: JoinRequest, role: str) -> EmailMultiAlternatives:
    user = join_request.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        values = {
            "member": join_request.member.name,
            "role": Membership.Role(role).label,
            "link": f"{settings.SITE_URL.rstrip('/')}/",
            "recipient_name": user.first_name or user.username,
        }
        subject = _("You are now part of %(member)s in Sinergia") % {"member": join_request.member.name}
        text = render_to_string(f"accounts/{KIND}.txt", values)
        html = render_to_string(f"accounts/{KIND}.html", values)
    message = EmailMultiAlternatives(" ".join(subject.split()), text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def notify_join_approved(*, join_request_id: int, key: str) -> bool:
    """Mail the approved person once; True when this call sent it."""
    join_request = JoinRequest.objects.select_related("user", "member").filter(id=join_request_id).first()
    if join_request is None or join_request.status != JoinRequest.Status.APPROVED or not join_request.user.email:
        return False
    membership = Membership.objects.filter(user=join_request.user, member=join_request.member).first()
    if membership is None or Delivery.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            Delivery.objects.create(key=key, kind=KIND, recipient=join_request.user, email=join_request.user.email)
            compose_join_approved(join_request=join_request, role=membership.role).send()
    except IntegrityError:
        return False
    logger.info("sent %s to user %s", key, join_request.user_id)
    return True
