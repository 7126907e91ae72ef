from django.contrib.auth import authenticate, password_validation, update_session_auth_hash
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import record
from sinergia.exceptions import DomainError, RuleViolation
from sinergia.throttles import lockout_seconds

from .models import ApiToken, User, new_calendar_token
from .permissions import shared_company_run_by
from .tokens import hash_key, new_key, prefix_of


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


# --- API tokens ----------------------------------------------------------------------------------------------

LOGIN_TOKEN_NAME = "auth/token"
LOGIN_TOKENS_KEPT = 10  # live tokens POST /auth/token/ keeps per user; an older one is revoked for a newer


def api_token_create(*, user: User, name: str, by: User | None = None) -> tuple[ApiToken, str]:
    """A new named token for `user` and its key, which is not stored and cannot be shown again."""
    key = new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, key_hash=hash_key(key), prefix=prefix_of(key))
        record(by=by or user, action="api_token.create", target=token, after={"user": user.id, "name": name,
               "prefix": token.prefix}, label=_token_label(token))  # fmt: skip
    return token, key


def api_token_create_confirmed(
    *, request, user: User, name: str, password: str, code: str = ""
) -> tuple[ApiToken, str]:
    """A token the signed-in user asks for, with its password again (a wrong one counts towards the lockout) and,
    when it has an authenticator app, a code from it or a recovery code (400 `mfa_required` / `invalid_code`)."""
    confirmed = authenticate(request, username=user.get_username(), password=password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOut()
    if confirmed is None or confirmed.pk != user.pk:
        raise RuleViolation(_("The password is not right."), code="wrong_password", field="password")
    second_factor_verify(user=user, code=code)
    return api_token_create(user=user, name=name)


def token_for(*, user: User) -> str:
    """What POST /auth/token/ answers: a new key named "auth/token" each time (keys are stored hashed, so an earlier
    one cannot be given again). Past the last LOGIN_TOKENS_KEPT of them, the oldest are revoked."""
    with transaction.atomic():
        _token, key = api_token_create(user=user, name=LOGIN_TOKEN_NAME)
        live = ApiToken.objects.filter(user=user, name=LOGIN_TOKEN_NAME, revoked_at__isnull=True)
        for old in live.order_by("-created_at", "-id")[LOGIN_TOKENS_KEPT:]:
            api_token_revoke(token=old, by=user)
    return key


def _token_label(token: ApiToken) -> str:
    return f"{token.name} ({token.prefix}…) — {token.user.get_username()}"


def api_token_revoke(*, token: ApiToken, by: User, member=None) -> ApiToken:
    """Revoke a token at once: its next request is a 401. Revoking a revoked token changes nothing. The change is
    filed in `member`'s history, by default in a company of the owner's that `by` runs (a member admin revoking
    one of its people's tokens)."""
    if member is None and by.pk != token.user_id:
        member = shared_company_run_by(by, token.user_id)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update(of=("self",)).select_related("user").get(id=token.id)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(by=by, action="api_token.revoke", target=token, before={"revoked_at": None},
               after={"revoked_at": token.revoked_at}, member=member, label=_token_label(token))  # fmt: skip
    return token


def tokens_revoke_all(user: User, *, by: User | None = None, member=None) -> int:
    """Revoke every live token of `user` (a password change, or nothing left to reach); how many were revoked."""
    with transaction.atomic():
        tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
        for token in tokens:
            api_token_revoke(token=token, by=by or user, member=member)
    return len(tokens)


def calendar_token_regenerate(*, user: User) -> User:
    """Give the user a new calendar feed token; every feed URL with the old one stops working."""
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user


def user_language_set(*, user: User, language: str) -> User:
    user.language = language
    user.save(update_fields=["language"])
    return user


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
