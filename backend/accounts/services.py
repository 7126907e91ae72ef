from django.contrib.auth import authenticate, password_validation, update_session_auth_hash
from django.core.exceptions import ValidationError
from django.db import transaction
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


def second_factor_verify(*, user: User, code: str) -> None:
    """For a user with an authenticator app: the code from it, or an unused recovery code (then spent). Wrong codes
    count toward allauth's per-account limit like those typed at the browser's sign-in."""
    from allauth.mfa.base.forms import AuthenticateForm
    from allauth.mfa.models import Authenticator

    if not Authenticator.objects.filter(user=user).exists():
        return
    if not code:
        raise RuleViolation(
            _("This account asks for a code from its authenticator app."), code="mfa_required", field="code"
        )
    form = AuthenticateForm(data={"code": code}, user=user)
    if not form.is_valid():
        raise RuleViolation(" ".join(form.errors.get("code", [])), code="invalid_code", field="code")


def token_for(*, user: User) -> str:
    token, _created = Token.objects.get_or_create(user=user)
    return token.key


def calendar_token_regenerate(*, user: User) -> User:
    """Give the user a new calendar feed token; every feed URL with the old one stops working."""
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user


def user_language_set(*, user: User, language: str) -> User:
    user.language = language
    user.save(update_fields=["language"])
    return user


def tokens_revoke_all(user: User) -> int:
    """Revoke every API token of the user; integrations using them get 401 from now on. Returns how many."""
    deleted, _per_model = Token.objects.filter(user=user).delete()
    return deleted


def password_change(*, request, user: User, current_password: str, new_password: str, revoke_tokens: bool) -> User:
    """Change the user's password after checking the current one. This session stays signed in and the user's
    other sessions end (their stored password hash no longer matches); the API tokens go too when asked."""
    if not user.check_password(current_password):
        raise RuleViolation(_("The current password is not correct."), code="wrong_password", field="current_password")
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as error:
        raise RuleViolation(" ".join(error.messages), code="weak_password", field="new_password") from None
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        if revoke_tokens:
            tokens_revoke_all(user)
    update_session_auth_hash(request, user)
    return user
