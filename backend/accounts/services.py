from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.authtoken.models import Token

from sinergia.exceptions import DomainError, RuleViolation
from sinergia.throttles import lockout_seconds

from .models import User, new_calendar_token


class LockedOut(DomainError):
    status_code = 429
    code = "locked_out"
    default_detail = gettext_lazy("Too many failed logins. Try again later.")

    @property
    def headers(self) -> dict:
        return {"Retry-After": str(lockout_seconds())}


def user_authenticate(*, request, username: str, password: str) -> User:
    """The user with these credentials; refused while django-axes has them locked out after repeated failures."""
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOut()
    if user is None or not user.is_active:
        raise RuleViolation(_("Unable to log in with the username and password given."), code="invalid_credentials")
    return user


def token_for(*, user: User) -> str:
    token, _created = Token.objects.get_or_create(user=user)
    return token.key


def calendar_token_regenerate(*, user: User) -> User:
    """Give the user a new calendar feed token; every feed URL with the old one stops working."""
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user
