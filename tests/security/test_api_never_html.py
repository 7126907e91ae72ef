"""Nothing under /api/ is HTML: unknown paths, wrong methods, CSRF failures and Django's own error pages all
answer JSON with a code, whatever the method, session and Accept header, in DEBUG or not."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse, HttpResponseNotAllowed
from django.test import Client, RequestFactory, override_settings

from sinergia.middleware import ApiJsonErrorsMiddleware

pytestmark = pytest.mark.django_db

METHODS = ["get", "head", "post", "put", "patch", "delete", "options", "trace"]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
UNKNOWN = ["/api/nope/", "/api/v1/nope/", "/api/v1/reservations/1/nope/", "/api/v2/reservations/", "/api/v1/nope"]


def assert_json(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json", response["Content-Type"]
    if response.request["REQUEST_METHOD"] != "HEAD":
        body = response.json()
        assert body["code"] and body["detail"]
        return body
    return None


def client_for(user, *, session: bool) -> Client:
    client = Client(enforce_csrf_checks=True)  # as a browser: Django checks CSRF as it does in production
    if session:
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
@pytest.mark.parametrize("session", [False, True], ids=["anonymous", "session"])
@pytest.mark.parametrize("accept", ["", "text/html", BROWSER])
def test_an_unknown_api_path_is_a_json_404_for_every_method(booker, debug, session, accept):
    client = client_for(booker, session=session)
    headers = {"Accept": accept} if accept else {}
    with override_settings(DEBUG=debug):
        for path in UNKNOWN:
            for method in METHODS:
                response = getattr(client, method)(path, headers=headers)
                body = assert_json(response, 404)
                assert body is None or body["code"] == "not_found", (method, path)


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
@pytest.mark.parametrize(("accept", "status"), [(BROWSER, 405), ("text/html", 406), ("", 405)])
def test_a_wrong_method_on_a_real_endpoint_is_json_not_the_browsable_api(booker, debug, accept, status):
    """A browser's Accept (which ends in */*) gets the JSON 405; an Accept of nothing but HTML a JSON 406 (DRF
    negotiates before it looks at the method): neither is ever the browsable API's page."""
    client = client_for(booker, session=True)
    headers = {"Accept": accept} if accept else {}
    csrf = Client().get("/api/v1/auth/csrf/")  # a fresh token, for the writes to pass CSRF and reach DRF
    client.cookies["csrftoken"] = csrf.cookies["csrftoken"].value
    headers["X-CSRFToken"] = csrf.json()["csrfToken"]
    with override_settings(DEBUG=debug):
        for method, path in [
            ("delete", "/api/v1/auth/csrf/"),
            ("put", "/api/v1/auth/csrf/"),
            ("get", "/api/v1/auth/token/"),
            ("patch", "/api/v1/assets/"),
        ]:
            response = getattr(client, method)(path, headers=headers)
            code = assert_json(response, status)["code"]
            assert code == ("method_not_allowed" if status == 405 else "not_acceptable"), (method, path)
        listing = client.get("/api/v1/assets/", headers=headers)
        assert listing["Content-Type"] == "application/json" and b"<html" not in listing.content.lower()
        assert listing.status_code == (200 if status == 405 else 406)


def test_the_renderers_are_json_only_even_with_debug_on(tmp_path):
    """The settings module read with DEBUG=true (as `make run` does) lists no browsable API."""
    code = "from sinergia import settings; print(settings.DEBUG, settings.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES'])"
    environ = {**os.environ, "DEBUG": "true", "SINERGIA_ENV_FILE": "", "PYTHONPATH": str(django_settings.BASE_DIR)}
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True ['rest_framework.renderers.JSONRenderer']", out.stdout + out.stderr


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_a_csrf_failure_on_a_real_endpoint_stays_a_json_403_with_a_code(booker, debug):
    client = client_for(booker, session=True)
    with override_settings(DEBUG=debug):
        response = client.post(
            "/api/v1/reservations/", "{}", content_type="application/json", headers={"Accept": BROWSER}
        )
    body = assert_json(response, 403)
    assert body["code"] == "permission_denied" and "CSRF" in body["detail"]


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_a_disallowed_host_under_api_is_a_json_400(booker, debug):
    with override_settings(DEBUG=debug, ALLOWED_HOSTS=["sinergia.example.org"]):
        response = Client().get("/api/v1/assets/", headers={"Accept": BROWSER}, HTTP_HOST="evil.example.com")
    assert assert_json(response, 400)["code"] == "bad_request"


# --- The guard itself: whatever answers an error below it in HTML, the client gets JSON ------------------


@pytest.mark.parametrize(
    ("answer", "status", "code"),
    [
        (
            lambda: HttpResponse("<h1>Forbidden (403)</h1><p>CSRF verification failed.</p>", status=403),
            403,
            "permission_denied",
        ),
        (lambda: HttpResponse("<h1>Not Found</h1>", status=404), 404, "not_found"),
        (lambda: HttpResponseNotAllowed(["GET"]), 405, "method_not_allowed"),
        (lambda: HttpResponse("Bad request", status=400, content_type="text/plain"), 400, "bad_request"),
        (lambda: HttpResponse("<h1>Server Error (500)</h1>", status=500), 500, "server_error"),
        (lambda: HttpResponse("<h1>Teapot</h1>", status=418), 418, "i_m_a_teapot"),
    ],
)
def test_the_middleware_turns_any_non_json_error_under_api_into_json(answer, status, code):
    guard = ApiJsonErrorsMiddleware(lambda request: answer())
    response = guard(RequestFactory().post("/api/v1/anything/"))
    assert response.status_code == status and response["Content-Type"] == "application/json"
    assert json.loads(response.content)["code"] == code and b"<h1>" not in response.content
    if status == 405:
        assert response["Allow"] == "GET"
    # Outside /api/ the answer is left alone (the admin and the frontend shell keep their pages).
    assert guard(RequestFactory().post("/admin/anything/")).content == answer().content


def test_the_middleware_leaves_json_errors_and_successes_alone():
    body = b'{"code": "conflict", "detail": "x"}'
    guard = ApiJsonErrorsMiddleware(lambda request: HttpResponse(body, status=409, content_type="application/json"))
    assert guard(RequestFactory().get("/api/v1/x/")).content == body
    page = ApiJsonErrorsMiddleware(lambda request: HttpResponse("<html>docs</html>"))
    assert page(RequestFactory().get("/api/docs/")).content == b"<html>docs</html>"  # Swagger UI, a 200
