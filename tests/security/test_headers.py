"""Security headers on the pages and production cookie flags."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/docs/", "/api/v1/auth/csrf/"])
def test_pages_carry_csp_frame_denial_referrer_policy_and_nosniff(path):
    response = Client().get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-eval" not in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/api/docs/"])
def test_pages_load_scripts_only_from_this_origin_and_none_inline(path):
    """What the policy allows is what the page needs: no inline script, no CDN."""
    response = Client().get(path)
    html = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    if path == "/" and "not built" in html:
        pytest.fail("the frontend is not built: run `make run` or `npm run build` in frontend/")
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attributes, body in scripts:
        source = re.search(r'src="([^"]+)"', attributes)
        assert source and source.group(1).startswith("/") and not source.group(1).startswith("//"), attributes
        assert not body.strip()
    client = Client()
    for src in re.findall(r'<script[^>]*src="([^"]+)"', html):
        assert client.get(src).status_code == 200, src


PRODUCTION_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY", "CONTENT_SECURITY_POLICY",
    "AXES_ENABLED", "REST_FRAMEWORK"]}, default=str))
"""


def test_production_settings_send_cookies_secure_and_httponly_and_keep_the_limits_on():
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
    environment.update(DEBUG="false", SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="sinergia.settings")
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "THROTTLE_LOGIN", "LOGIN_LOCKOUT"):
        environment.pop(name, None)
    output = subprocess.run(
        [sys.executable, "-c", PRODUCTION_SETTINGS],
        cwd=REPO / "backend",
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    production = json.loads(output.strip().splitlines()[-1])
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] and production["SESSION_COOKIE_HTTPONLY"]
    assert production["CSRF_COOKIE_SECURE"] and production["SECURE_SSL_REDIRECT"]
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["X_FRAME_OPTIONS"] == "DENY" and production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert "frame-ancestors 'none'" in production["CONTENT_SECURITY_POLICY"]
    assert production["AXES_ENABLED"] is True
    assert production["REST_FRAMEWORK"]["DEFAULT_THROTTLE_RATES"] == {
        "login": "20/minute",
        "reservation_create": "60/minute",
        "invitation": "30/minute",
    }
