import logging

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

from .exceptions import DATABASE_DOWN, database_down

logger = logging.getLogger("sinergia.errors")


def is_api_request(request) -> bool:
    return request.path.startswith("/api/")


class ApiJsonErrorsMiddleware:
    """Under /api/ an unhandled exception is a JSON 500 (or 503 when the database is down), never HTML."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

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
