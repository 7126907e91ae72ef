"""Project-level views: health probes, the frontend shell and JSON error pages."""

import logging

from django.conf import settings
from django.contrib import admin
from django.db import connections
from django.http import FileResponse, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import csrf, defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .middleware import is_api_request
from .throttles import login_wait, too_many_response

logger = logging.getLogger(__name__)


def healthz(request):
    return JsonResponse({"status": "ok"})


def _database_answers() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception as exc:  # any failure means not ready
        logger.warning("readyz: database check failed: %s", exc)
        return False


def _broker_answers() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
        return bool(client.ping())
    except Exception as exc:
        logger.warning("readyz: broker check failed: %s", exc)
        return False


@never_cache
def readyz(request):
    checks = {"database": "ok" if _database_answers() else "unavailable"}
    if settings.REDIS_URL:
        checks["broker"] = "ok" if _broker_answers() else "unavailable"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


def admin_login(request, extra_context=None):
    """The admin's login form, under the same per-address login rate as the API (THROTTLE_LOGIN, one count for
    both); django-axes locks a username out of both alike."""
    if request.method == "POST" and (wait := login_wait(request)) is not None:
        return too_many_response(
            request, _("Too many logins from your address. Try again later."), code="throttled", wait=wait
        )
    return admin.site.login(request, extra_context)


@never_cache
def frontend(request):
    index = settings.FRONTEND_DIST / "index.html"
    if not index.exists():
        return HttpResponse(
            _("The frontend is not built. Run `make run` (or `npm run build` in frontend/)."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    return FileResponse(index.open("rb"), content_type="text/html; charset=utf-8")


def _json_error(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status)


@csrf_exempt  # an unknown path changes nothing: any method, with a session or not, is a JSON 404 (not a CSRF 403)
def api_not_found(request, *args, **kwargs):
    return _json_error(404, "not_found", _("Not found."))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: under /api/ and /_allauth/ the JSON 403 DRF gives, elsewhere Django's page."""
    if is_api_request(request):
        return _json_error(403, "permission_denied", _("CSRF Failed: %(reason)s") % {"reason": reason})
    return csrf.csrf_failure(request, reason)


def bad_request(request, exception=None):
    if is_api_request(request):
        return _json_error(400, "bad_request", _("Bad request."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api_request(request):
        return _json_error(403, "permission_denied", _("You do not have permission to do this."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if is_api_request(request):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api_request(request):
        return _json_error(500, "server_error", _("Internal server error."))
    return defaults.server_error(request)
