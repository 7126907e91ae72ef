"""Who the throttles and the login lockout count, and the throttles themselves.

Every count per address (DRF's login throttle, django-axes's lockout, the admin login throttle) reads the
client's address from client_address(): REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the
outermost of them saw, never what the client itself wrote into X-Forwarded-For.
"""

import ipaddress
from types import SimpleNamespace

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import throttling


def client_address(request) -> str:
    """The client's address. Each trusted proxy appends the address it was reached from to X-Forwarded-For,
    so with TRUSTED_PROXY_COUNT = n the n-th entry from the right is the one our outermost proxy saw; entries
    to its left are whatever the client sent. Without proxies, or when the header is shorter than the chain
    or the entry is not an address, REMOTE_ADDR (all such requests then share one count, never escape it)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    chain = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(chain) < count:
        return remote
    try:
        return str(ipaddress.ip_address(chain[-count]))
    except ValueError:
        return remote


class ScopedRateThrottle(throttling.ScopedRateThrottle):
    """DRF's scoped throttle, counting anonymous clients by client_address(). (DRF's own reading of
    X-Forwarded-For takes, without NUM_PROXIES, the whole header the client sent as its identity.)"""

    def get_ident(self, request):
        return client_address(request)

    def wait(self):
        """Seconds until the count falls below the rate again: until the request that filled it ages out. (DRF's
        own answer is None once a series has overdrawn the count, and the 429 would carry no Retry-After.)"""
        if len(self.history) < self.num_requests:
            return None
        return max(1.0, self.duration - (self.now - self.history[self.num_requests - 1]))


class CreateThrottle(ScopedRateThrottle):
    """New reservations per user (the reservation_create rate). A create passes while the user has made fewer
    than the rate allows in its period; a series then pays for each further occurrence it booked, so the
    creates after a big series wait until it has aged out of the period."""

    @classmethod
    def charge(cls, request, view, creates: int) -> None:
        if creates <= 0:
            return
        throttle = cls()
        throttle.scope = getattr(view, cls.scope_attr)
        throttle.num_requests, throttle.duration = throttle.parse_rate(throttle.get_rate())
        if throttle.num_requests is None:  # the rate is off
            return
        key = throttle.get_cache_key(request, view)
        history = throttle.cache.get(key, [])
        throttle.cache.set(key, [throttle.timer()] * creates + history, throttle.duration)


def login_wait(request) -> int | None:
    """Seconds to wait when this address has used up the login rate (shared by the API and the admin), or None."""
    throttle = ScopedRateThrottle()
    if throttle.allow_request(request, SimpleNamespace(throttle_scope="login")):
        return None
    return max(1, round(throttle.wait() or 1))


def lockout_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def too_many_response(request, detail: str, *, code: str, wait: int):
    """A 429 with Retry-After: JSON under /api/ and /_allauth/, plain text elsewhere (the admin)."""
    if request.path.startswith(("/api/", "/_allauth/")):
        response = JsonResponse({"code": code, "detail": detail}, status=429)
    else:
        response = HttpResponse(detail, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(wait)
    return response


def lockout_response(request, original_response=None, credentials=None):
    """django-axes's answer to a locked-out login (AXES_LOCKOUT_CALLABLE): 429 with Retry-After."""
    detail = _("Too many failed logins. Try again in %(minutes)s minutes.") % {"minutes": -(-lockout_seconds() // 60)}
    return too_many_response(request, detail, code="locked_out", wait=lockout_seconds())
