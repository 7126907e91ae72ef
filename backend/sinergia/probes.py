"""The health probes, answered before anything looks at the request's host or scheme.

Load balancers, Docker's healthcheck and Kubernetes probe a web process by its own address, often with no Host
header, an internal one, or over plain http inside a deployment that redirects to https. Django would answer those
400 (DisallowedHost, with a logged traceback per probe) or 301. This middleware comes first in MIDDLEWARE and
answers GET and HEAD of the probe paths itself, so neither ALLOWED_HOSTS nor SECURE_SSL_REDIRECT apply to them;
every other request, and any other method on these paths, goes through the full stack as before.
"""

from . import views

PROBES = {"/healthz": views.healthz, "/readyz": views.readyz}


class ProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            response = probe(request)
            response["Cache-Control"] = "no-store"
            response["X-Content-Type-Options"] = "nosniff"
            if request.method == "HEAD":
                response.content = b""
            return response
        return self.get_response(request)
