import logging
import re

from django.conf import settings
from django.http import HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .exceptions import DATABASE_DOWN, database_down

logger = logging.getLogger("sinergia.errors")


def is_api_request(request) -> bool:
    """The JSON API: ours under /api/ and django-allauth's headless sign-in under /_allauth/."""
    return request.path.startswith(("/api/", "/_allauth/"))


def _is_json(response: HttpResponseBase) -> bool:
    media_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


# The JSON body of an error answered by Django itself (not DRF, not our views) under /api/.
_ERROR_CODES = {
    400: ("bad_request", _lazy("Bad request.")),
    403: ("permission_denied", _lazy("You do not have permission to do this.")),
    404: ("not_found", _lazy("Not found.")),
    500: ("server_error", _lazy("Internal server error.")),
}


def _as_json_error(response: HttpResponseBase) -> JsonResponse:
    code, detail = _ERROR_CODES.get(response.status_code, (None, None))
    if code is None:
        code = re.sub(r"[^a-z0-9]+", "_", response.reason_phrase.lower()).strip("_") or "error"
        detail = response.reason_phrase
    answer = JsonResponse({"code": code, "detail": str(detail)}, status=response.status_code)
    for header, value in response.headers.items():
        if header.lower() not in ("content-type", "content-length", "content-language"):
            answer[header] = value
    answer.cookies = response.cookies
    return answer


class ApiJsonErrorsMiddleware:
    """Under /api/ an unhandled exception is a JSON 500 (or 503 when the database is down), never HTML; and an
    error answered below this middleware in anything but JSON (Django's CSRF page, DEBUG's technical pages, a
    view that forgets) becomes the same status in JSON, with a code. /api/docs/ (Swagger UI, 200) stays HTML."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_api_request(request) and response.status_code >= 400 and not _is_json(response):
            logger.warning("non-JSON %s error on %s answered as JSON", response.status_code, request.path)
            return _as_json_error(response)
        return response

    def process_exception(self, request, exception):
        if not is_api_request(request):
            return None
        if isinstance(exception, DATABASE_DOWN):
            error = database_down(exception)
            return JsonResponse(error.as_payload(), status=error.status_code, headers=error.headers)
        logger.exception("unhandled error on %s", request.path, exc_info=exception)
        return JsonResponse({"code": "server_error", "detail": _("Internal server error.")}, status=500)


class ContentSecurityPolicyMiddleware:
    """Adds settings.CONTENT_SECURITY_POLICY to every response that has none (Django 5.2 has no CSP of its own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
