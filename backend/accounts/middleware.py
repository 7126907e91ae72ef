import json
import re

from django.http import JsonResponse
from django.utils.translation import gettext as _

from accounts import permissions
from sinergia.parsers import MAX_JSON_DEPTH, JSONTooDeep, depth_exceeds
from sinergia.throttles import login_wait, too_many_response

# django-allauth's headless endpoints that take a password, a second factor or an e-mail to reset.
SIGN_IN_PATHS = {
    "/_allauth/browser/v1/auth/login",
    "/_allauth/browser/v1/auth/2fa/authenticate",
    "/_allauth/browser/v1/auth/reauthenticate",
    "/_allauth/browser/v1/auth/2fa/reauthenticate",
    "/_allauth/browser/v1/auth/password/request",
    "/_allauth/browser/v1/auth/password/reset",
    # single sign-on: each start of a provider's flow, and each ID token offered, counts as a login
    "/_allauth/browser/v1/auth/provider/redirect",
    "/_allauth/browser/v1/auth/provider/token",
}


RESET_PATH = "/_allauth/browser/v1/auth/password/reset"
# A reset key as allauth makes it: the user's id in base 36, a dash, Django's token (timestamp-hash).
RESET_KEY = re.compile(r"[0-9a-z]{1,13}-[0-9a-z]{1,13}-[0-9a-f]{1,64}")


def _bad_reset_key(request) -> bool:
    """A reset key that is not even shaped like one (allauth's own check fails with a 500 on some, e.g. -1)."""
    if request.method == "GET":
        key = request.headers.get("X-Password-Reset-Key", "")
    else:
        try:
            key = json.loads(request.body).get("key", "")
        except (ValueError, AttributeError, RecursionError):
            return False  # not an object: allauth answers that itself
    return not isinstance(key, str) or (key != "" and not RESET_KEY.fullmatch(key))


def _invalid_key() -> JsonResponse:
    message = _("The password reset token was invalid.")
    error = {"message": message, "code": "token_invalid", "param": "key"}
    return JsonResponse({"status": 400, "errors": [error]}, status=400)


def _too_deep(body: bytes) -> bool:
    try:
        data = json.loads(body)
    except RecursionError:
        return True
    except ValueError:
        return False  # allauth answers malformed JSON itself, with a 400
    return isinstance(data, dict | list) and depth_exceeds(data, MAX_JSON_DEPTH)


class SignInGuardMiddleware:
    """What our API's own views do, in front of django-allauth's: the per-address login rate (THROTTLE_LOGIN, one
    count with POST /api/v1/auth/token/ and the admin's form) on the endpoints that take a secret, and the JSON
    nesting limit (allauth's decoder would recurse into a 500), and a reset key's shape (some answer a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/_allauth/") and request.method in {"POST", "PUT", "DELETE"}:
            if request.path in SIGN_IN_PATHS and request.method == "POST" and (wait := login_wait(request)) is not None:
                return too_many_response(
                    request, _("Too many logins from your address. Try again later."), code="throttled", wait=wait
                )
            if _too_deep(request.body):
                return JsonResponse(
                    {"code": JSONTooDeep.default_code, "detail": str(JSONTooDeep.default_detail)}, status=400
                )
        if request.path == RESET_PATH and _bad_reset_key(request):
            return _invalid_key()
        return self.get_response(request)


# What a person who must still set up two-factor may reach under /api/: who they are, and the CSRF token.
ENROLMENT_OPEN_PATHS = {"/api/v1/me/", "/api/v1/auth/csrf/", "/api/v1/auth/token/"}


def enrolment_required_response() -> JsonResponse:
    detail = _("Your role requires two-factor authentication: set it up on your Account page first.")
    return JsonResponse({"code": "mfa_enrolment_required", "detail": detail}, status=403)


class SecondFactorGateMiddleware:
    """A signed-in person whose role is in MFA_REQUIRED_ROLES and who has no authenticator app gets 403
    `mfa_enrolment_required` from the API until they set one up (django-allauth's endpoints stay open for that).
    API tokens get the same answer from accounts.authentication.TokenAuthentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith("/api/")
            and request.path not in ENROLMENT_OPEN_PATHS
            and request.user.is_authenticated
            and permissions.must_enrol_second_factor(request.user)
        ):
            return enrolment_required_response()
        return self.get_response(request)
