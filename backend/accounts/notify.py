"""The e-mail that tells a person they were removed from a company, with what became of their future bookings.

Sent once per removal (a `notifications.Delivery` under the removal's key), in the person's language, each booking
in its asset's time zone. The subject is built from the company's name only, never from text a user wrote."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.formatting import local_when
from notifications.models import Delivery

from .models import Invitation, User

logger = logging.getLogger(__name__)
KIND = "membership_removed"


def _when(booking: dict) -> str:
    """The booking in its asset's zone, the zone named, as every e-mail writes times (notifications.formatting)."""
    return local_when(booking["start"], booking["end"], booking["timezone"])


def compose(*, user: User, context: dict) -> EmailMultiAlternatives:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        bookings = [{**booking, "when": _when(booking)} for booking in context["bookings"]]
        values = {**context, "bookings": bookings, "user": user, "link": f"{settings.SITE_URL.rstrip('/')}/"}
        values["recipient_name"] = user.first_name or user.username  # the greeting of notifications/base
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


def compose_password_reset(*, user: User, link: str) -> EmailMultiAlternatives:
    """The reset e-mail, text and HTML, in the person's language, in the layout of every other e-mail."""
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    with translation.override(user.language or settings.LANGUAGE_CODE):
        values = {"link": link, "minutes": minutes, "recipient_name": user.first_name or user.username}
        values["username"] = user.username
        subject = _("Choose a new password for Sinergia")
        text = render_to_string("accounts/password_reset.txt", values)
        html = render_to_string("accounts/password_reset.html", values)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


INVITATION = "invitation"


def compose_invitation(*, invitation: Invitation, token: str) -> EmailMultiAlternatives:
    """The invitation in the invitee's language, with its single-use link; the subject names the company only."""
    with translation.override(invitation.language or settings.LANGUAGE_CODE):
        inviter = invitation.invited_by
        values = {
            "member": invitation.member.name if invitation.member_id else "",
            "role": invitation.get_role_display(),
            "inviter": (inviter.get_full_name() or inviter.username) if inviter else "Sinergia",
            "expires": invitation.expires_at,
            "link": f"{settings.SITE_URL.rstrip('/')}/#/invitations/{token}",
            "recipient_name": invitation.email,
        }
        if invitation.member_id:
            subject = _("Your invitation to %(member)s in Sinergia") % {"member": values["member"]}
        else:
            subject = _("Your invitation to Sinergia")
        text = render_to_string(f"accounts/{INVITATION}.txt", values)
        html = render_to_string(f"accounts/{INVITATION}.html", values)
    message = EmailMultiAlternatives(" ".join(subject.split()), text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    return message


def notify_password_reset(*, user_id: int, link: str) -> bool:
    """Mail the reset link to an active user; True when sent. Not deduplicated: each request is a new link."""
    user = User.objects.filter(id=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    compose_password_reset(user=user, link=link).send()
    logger.info("sent password_reset to user %s", user_id)
    return True


def notify_invitation(*, invitation_id: int, token: str, key: str) -> bool:
    """Mail one link of an invitation once; nothing once the invitation is used, revoked or its link replaced."""
    invitation = Invitation.objects.select_related("member", "invited_by").filter(id=invitation_id).first()
    if invitation is None or invitation.state() != "pending" or not key.endswith(invitation.token_hash[:16]):
        return False
    if Delivery.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            Delivery.objects.create(key=key, kind=INVITATION, recipient=None, email=invitation.email)
            compose_invitation(invitation=invitation, token=token).send()
    except IntegrityError:
        return False
    logger.info("sent %s to %s", key.rsplit(":", 1)[0], invitation.email)
    return True
