"""Domain errors and the one place that maps them, and DRF's, to JSON responses."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the domain said no. Subclasses set the HTTP status and code."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "invalid"
    default_detail = _("The request breaks a rule.")
    headers: dict | None = None

    def __init__(self, detail=None, *, code=None, field=None, **extra):
        self.detail = detail if detail is not None else self.default_detail
        if code:
            self.code = code
        self.field = field
        self.extra = extra
        super().__init__(str(self.detail))

    def as_payload(self) -> dict:
        payload = {"code": self.code, "detail": str(self.detail)}
        if self.field:
            payload["field"] = self.field
        payload.update(self.extra)
        return payload


class RuleViolation(DomainError):
    """Input that is well formed but breaks a booking rule (400)."""


class Forbidden(DomainError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "permission_denied"
    default_detail = _("You do not have permission to do this.")


class NotFound(DomainError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"
    default_detail = _("Not found.")


class Conflict(DomainError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"
    default_detail = _("The request conflicts with the current state.")


class InvalidTransition(Conflict):
    code = "invalid_transition"


class RateLimited(DomainError):
    """Too many of one kind of request for now (429); `retry_after` is in seconds."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "rate_limited"
    default_detail = _("Too many requests of this kind; try again later.")

    def __init__(self, detail=None, *, retry_after: int, **extra):
        super().__init__(detail, retry_after=retry_after, **extra)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


class ServiceUnavailable(DomainError):
    """The database does not answer (503): the client should try again shortly."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    code = "service_unavailable"
    default_detail = _("The service is temporarily unavailable. Try again.")
    headers = {"Retry-After": "5"}


DATABASE_DOWN = (OperationalError, InterfaceError)


def database_down(exc: Exception) -> ServiceUnavailable:
    """The domain error for a lost database connection, logged once here for the handler and the middleware."""
    logger.warning("database unavailable: %s", exc)
    return ServiceUnavailable()


def _with_code(response, exc):
    data = response.data
    if isinstance(data, dict) and "detail" in data and "code" not in data:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        data["code"] = codes if isinstance(codes, str) else getattr(exc, "default_code", "error")
    return response


def api_exception_handler(exc, context):
    if isinstance(exc, DATABASE_DOWN):
        exc = database_down(exc)
    if isinstance(exc, DomainError):
        return Response(exc.as_payload(), status=exc.status_code, headers=exc.headers)
    if isinstance(exc, RequestDataTooBig):
        detail = _("The request body is too large.")
        return Response({"code": "body_too_large", "detail": str(detail)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    response = exception_handler(exc, context)
    if response is not None:
        return _with_code(response, exc)
    if isinstance(exc, DatabaseError):
        logger.exception("database error")
    return None
