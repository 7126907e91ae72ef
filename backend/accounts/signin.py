"""How django-allauth signs people in here: its adapter (no open sign-up, the client address the throttles
count, e-mails through our layout and Celery) and the name django-axes counts failures under."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from sinergia.throttles import client_address

from .models import User


def lockout_username(request, credentials=None) -> str | None:
    """The name django-axes counts failed sign-ins under (AXES_USERNAME_CALLABLE): the username, also when the
    person typed their e-mail address, so switching between the two does not double the attempts allowed."""
    credentials = credentials or {}
    if credentials.get("username"):
        return credentials["username"]
    email = credentials.get("email") or ""
    if not email:
        return request.POST.get("username") if request is not None else None
    user = User.objects.filter(email__iexact=email).only("username").first()
    return user.username if user else email.lower()


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """People join by invitation, never by signing themselves up."""
        return False

    def get_client_ip(self, request) -> str:
        return client_address(request)

    def send_password_reset_mail(self, user, email, context) -> None:
        """Our reset e-mail (the person's language, the project's layout), sent by the worker after commit."""
        from .tasks import send_password_reset

        link = context["password_reset_url"]
        transaction.on_commit(lambda: send_password_reset.delay(user_id=user.pk, link=link))
