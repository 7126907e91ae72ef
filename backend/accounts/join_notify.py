"""The e-mails that tell a person their request to join a company was decided (approved or refused), in their
language, text and HTML, once per request."""

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
REFUSED_KIND = "join_refused"


def _compose(*, join_request: JoinRequest, kind: str, subject: str, values: dict) -> EmailMultiAlternatives:
    """Render accounts/<kind>.txt and .html; call inside the recipient's language."""
    user = join_request.user
    values |= {
        "member": join_request.member.name,
        "link": f"{settings.SITE_URL.rstrip('/')}/",
        "recipient_name": user.first_name or user.username,
    }
    text = render_to_string(f"accounts/{kind}.txt", values)
    html = render_to_string(f"accounts/{kind}.html", values)
    message = EmailMultiAlternatives(" ".join(subject.split()), text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def compose_join_approved(*, join_request: JoinRequest, role: str) -> EmailMultiAlternatives:
    with translation.override(join_request.user.language or settings.LANGUAGE_CODE):
        subject = _("You are now part of %(member)s in Sinergia") % {"member": join_request.member.name}
        return _compose(join_request=join_request, kind=KIND, subject=subject,
                        values={"role": Membership.Role(role).label})  # fmt: skip


def compose_join_refused(*, join_request: JoinRequest) -> EmailMultiAlternatives:
    with translation.override(join_request.user.language or settings.LANGUAGE_CODE):
        subject = _("Your request to join %(member)s in Sinergia was not accepted") % {
            "member": join_request.member.name
        }
        return _compose(join_request=join_request, kind=REFUSED_KIND, subject=subject, values={})


def _send_once(*, join_request: JoinRequest, key: str, kind: str, message) -> bool:
    if Delivery.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            Delivery.objects.create(key=key, kind=kind, recipient=join_request.user, email=join_request.user.email)
            message().send()
    except IntegrityError:
        return False
    logger.info("sent %s to user %s", key, join_request.user_id)
    return True


def _decided(join_request_id: int, status: str) -> JoinRequest | None:
    join_request = JoinRequest.objects.select_related("user", "member").filter(id=join_request_id).first()
    if join_request is None or join_request.status != status or not join_request.user.email:
        return None
    return join_request


def notify_join_approved(*, join_request_id: int, key: str) -> bool:
    """Mail the approved person once; True when this call sent it."""
    join_request = _decided(join_request_id, JoinRequest.Status.APPROVED)
    if join_request is None:
        return False
    membership = Membership.objects.filter(user=join_request.user, member=join_request.member).first()
    if membership is None:
        return False
    role = membership.role
    return _send_once(join_request=join_request, key=key, kind=KIND,
                      message=lambda: compose_join_approved(join_request=join_request, role=role))  # fmt: skip


def notify_join_refused(*, join_request_id: int, key: str) -> bool:
    """Mail the refused person once; True when this call sent it."""
    join_request = _decided(join_request_id, JoinRequest.Status.REFUSED)
    if join_request is None:
        return False
    return _send_once(join_request=join_request, key=key, kind=REFUSED_KIND,
                      message=lambda: compose_join_refused(join_request=join_request))  # fmt: skip
