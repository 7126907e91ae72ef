"""The shipped infra/nginx.conf, run by a real nginx on a non-default port, in front of gunicorn with the
production settings and the environment docker-compose gives `web` (TRUSTED_PROXY_COUNT=1, the HTTPS redirect,
secure cookies and HSTS at their defaults, ALLOWED_HOSTS without the test's odd hosts, no CSRF_TRUSTED_ORIGINS).

One gunicorn and one nginx serve the whole module. Clients reach nginx from several loopback addresses
(127.0.0.2, 127.0.0.3, ...), so gunicorn sees them all as nginx (127.0.0.1) and only X-Forwarded-For, as nginx
writes it, tells them apart. A request with `X-Forwarded-Proto: https` is one a TLS load balancer in front of
nginx passed on. Needs Debian's nginx (`apt-get install nginx-light`): skipped with the reason without it, a
failure with CI=true.
"""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.contrib.auth.hashers import ScryptPasswordHasher
from django.db import connection

from accounts.models import Membership
from tests.conftest import book_day, future_day, local
from tests.factories import AssetFactory, MemberFactory, MembershipFactory, UserFactory, api_key

REPO = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
LIMIT = 5
HTTPS = {"X-Forwarded-Proto": "https"}  # what a TLS load balancer in front of nginx adds

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module", autouse=True)
def nginx_binary():
    if NGINX is None:
        message = "nginx is not installed (apt-get install nginx-light)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}, and CI requires it")
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port, method, path, *, source="127.0.0.1", body=None, headers=None):
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=20, source_address=(source, 0))
    try:
        payload = json.dumps(body).encode() if body is not None else None
        connection_.request(method, path, body=payload, headers={"Content-Type": "application/json", **(headers or {})})
        response = connection_.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection_.close()


def http10_without_host(port, path) -> tuple[int, bytes]:
    """What many probes send: HTTP/1.0 and no Host header at all (http.client always writes one)."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as raw:
        raw.sendall(f"GET {path} HTTP/1.0\r\n\r\n".encode())
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def wait_until_answers(port, process, log: Path):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited early:\n{log.read_text()[-3000:]}")
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"did not answer in 30 s:\n{log.read_text()[-3000:]}")


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)


@pytest.fixture(scope="module")
def app(django_db_setup, tmp_path_factory):
    """gunicorn with infra/gunicorn.conf.py and the environment docker-compose gives `web`; its static files
    collected as the image does (the frontend's only, to keep the module quick)."""
    if not (REPO / "frontend" / "dist" / "index.html").exists():
        pytest.fail("the frontend is not built: run `make run` or `npm run build` in frontend/")
    var = tmp_path_factory.mktemp("app")
    port = free_port()
    production = ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
                  "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "HTTP_TRIAL", "CSRF_TRUSTED_ORIGINS")  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in production}
    env.update(
        DEBUG="false",
        SECRET_KEY="nginx-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(),
        SINERGIA_VAR_DIR=str(var),
        TRUSTED_PROXY_COUNT="1",
        LOGIN_FAILURE_LIMIT=str(LIMIT),
        WEB_CONCURRENCY="1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_ACCESS_LOG="",
        LOG_LEVEL="WARNING",
    )
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    for app_static in ("admin", "rest_framework", "drf_spectacular_sidecar", "django_filters"):
        collect += ["-i", app_static]
    subprocess.run(collect, cwd=REPO / "backend", env=env, check=True, capture_output=True, timeout=120)
    log = var / "gunicorn.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(REPO / "infra" / "gunicorn.conf.py"), "sinergia.wsgi"],
        cwd=REPO / "backend", env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_answers(port, process, log)
        yield port, log
    finally:
        stop(process)


@pytest.fixture(scope="module")
def nginx(app, tmp_path_factory):
    """nginx with the shipped server block, its upstream pointed at `app` and listening on a free port."""
    tmp_path = tmp_path_factory.mktemp("nginx")
    port = free_port()
    shipped = (REPO / "infra" / "nginx.conf").read_text()
    site = shipped.replace("server web:8000", f"server 127.0.0.1:{app[0]}").replace(
        "listen 80;", f"listen 127.0.0.1:{port};"
    )
    assert site != shipped and f"127.0.0.1:{port}" in site
    (tmp_path / "site.conf").write_text(site)
    temp = tmp_path / "nginx-temp"
    temp.mkdir(mode=0o777)
    temp.chmod(0o777)
    (tmp_path / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/nginx-error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
        f"  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n  scgi_temp_path {temp}/scgi;\n"
        f"  include {tmp_path}/site.conf;\n}}\n"
    )
    log = tmp_path / "nginx.log"
    process = subprocess.Popen(
        [NGINX, "-e", str(tmp_path / "nginx-error.log"), "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_answers(port, process, log)
        yield port
    finally:
        stop(process)


def with_password(user, password: str):
    """Hashed with a hasher the app's production settings know (the test settings use MD5)."""
    scrypt = ScryptPasswordHasher()
    user.password = scrypt.encode(password, scrypt.salt())
    user.save(update_fields=["password"])
    return user


def cookies(headers) -> SimpleCookie:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return jar


def test_probes_answer_through_nginx_whatever_the_host_and_without_the_https_redirect(nginx, app):
    _port, log = app
    logged = log.stat().st_size
    assert http10_without_host(nginx, "/healthz") == (200, b'{"status": "ok"}')
    assert http10_without_host(nginx, "/readyz")[0] == 200
    for host in ("sinergia.example.org", f"127.0.0.1:{nginx}"):
        status, headers, body = request(nginx, "GET", "/healthz", headers={"Host": host})  # plain http
        assert (status, json.loads(body)) == (200, {"status": "ok"}), host
        assert headers["Cache-Control"] == "no-store"
        status, _headers, body = request(nginx, "GET", "/readyz", headers={"Host": host, **HTTPS})
        assert (status, json.loads(body)["status"]) == (200, "ok")
    assert request(nginx, "HEAD", "/healthz", headers={"Host": "10.0.0.7:8000"})[0] == 200
    assert "DisallowedHost" not in log.read_bytes()[logged:].decode()
    # Everything else is as strict as before: a foreign host is refused, plain http is redirected.
    status, _headers, body = request(nginx, "GET", "/api/v1/auth/csrf/", headers={"Host": "evil.example", **HTTPS})
    assert (status, json.loads(body)["code"]) == (400, "bad_request")
    assert http10_without_host(nginx, "/api/v1/auth/csrf/")[0] == 400
    assert request(nginx, "POST", "/healthz", headers={"Host": "evil.example", **HTTPS})[0] == 400


def test_https_from_a_front_proxy_is_served_and_plain_http_is_redirected_once(nginx):
    status, headers, body = request(nginx, "GET", "/api/v1/auth/csrf/", headers=HTTPS)
    assert status == 200 and json.loads(body)["csrfToken"]
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    # A client's plain http request (nginx says http) goes to https on the same host and port, once.
    status, headers, _body = request(nginx, "GET", "/api/v1/auth/csrf/?next=1")
    assert (status, headers["Location"]) == (301, f"https://127.0.0.1:{nginx}/api/v1/auth/csrf/?next=1")
    assert request(nginx, "GET", "/api/v1/auth/csrf/?next=1", headers=HTTPS)[0] == 200


def test_pagination_links_keep_the_host_and_port(nginx):
    member = MemberFactory()
    user = MembershipFactory(member=member, role=Membership.Role.BOOKER).user
    asset = AssetFactory()
    for hour in (9, 11, 13):
        book_day(asset, member, user, future_day(0), hour, hour + 1)
    auth = {"Authorization": f"Token {api_key(user)}", **HTTPS}
    for host in (f"localhost:{nginx}", f"127.0.0.1:{nginx}"):
        status, _headers, body = request(
            nginx, "GET", "/api/v1/reservations/?page_size=1", headers={"Host": host, **auth}
        )
        page = json.loads(body)
        assert (status, page["count"]) == (200, 3)
        assert page["next"] == f"https://{host}/api/v1/reservations/?page=2&page_size=1"
        status, _headers, body = request(
            nginx, "GET", page["next"].removeprefix(f"https://{host}"), headers={"Host": host, **auth}
        )
        assert json.loads(body)["previous"] == f"https://{host}/api/v1/reservations/?page_size=1"


def test_a_session_login_and_a_booking_pass_csrf_with_the_port_in_the_origin(nginx):
    member = MemberFactory()
    user = with_password(MembershipFactory(member=member, role=Membership.Role.BOOKER).user, "right-password-1")
    asset = AssetFactory()
    origin = f"https://127.0.0.1:{nginx}"  # what the browser sends: scheme, host and the non-default port
    status, headers, body = request(nginx, "GET", "/api/v1/auth/csrf/", headers=HTTPS)
    jar = cookies(headers)
    assert status == 200 and jar["csrftoken"]["secure"]

    def post(path, body, *, origin=origin):
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())
        headers = {"Origin": origin, "Cookie": cookie, "X-CSRFToken": jar["csrftoken"].value, **HTTPS}
        return request(nginx, "POST", path, body=body, source="127.0.0.4", headers=headers)

    status, headers, body = post(
        "/_allauth/browser/v1/auth/login", {"username": user.username, "password": "right-password-1"}
    )
    assert status == 200, body
    jar.update(cookies(headers))  # the session, and a rotated CSRF token
    assert jar["sessionid"]["secure"] and jar["sessionid"]["httponly"]
    day = future_day(0)
    booking = {"asset": asset.id, "member": member.id, "start": local(day, 10).isoformat(),
               "end": local(day, 11).isoformat(), "title": "Shoot"}  # fmt: skip
    # The same request from another origin (here: the port left out) is refused: the check is on.
    status, _headers, body = post("/api/v1/reservations/", booking, origin="https://127.0.0.1")
    assert status == 403 and "CSRF" in json.loads(body)["detail"]
    status, _headers, body = post("/api/v1/reservations/", booking)
    assert status == 201, body


def test_static_hashed_assets_are_cached_for_a_year_and_index_html_is_not(nginx):
    status, headers, body = request(nginx, "GET", "/", headers=HTTPS)
    assert status == 200 and "no-cache" in headers["Cache-Control"] and "max-age=0" in headers["Cache-Control"]
    assets = re.findall(r'(?:src|href)="(/static/assets/[^"]+)"', body.decode())
    assert any(name.endswith(".js") for name in assets) and any(name.endswith(".css") for name in assets), assets
    for asset in assets:
        status, headers, _body = request(nginx, "GET", asset, headers=HTTPS)
        assert (status, headers["Cache-Control"]) == (200, "max-age=315360000, public, immutable"), asset
    for unhashed in ("/static/index.html", "/static/favicon.svg"):
        status, headers, _body = request(nginx, "GET", unhashed, headers=HTTPS)
        assert (status, headers["Cache-Control"]) == (200, "max-age=60, public"), unhashed


def test_behind_the_shipped_nginx_bad_passwords_lock_a_user_out_from_one_address_only(nginx):
    with_password(UserFactory(username="ana"), "right-password-1")

    def token(source, password, forged):
        return request(
            nginx, "POST", "/api/v1/auth/token/", source=source, headers={"X-Forwarded-For": forged, **HTTPS},
            body={"username": "ana", "password": password},
        )  # fmt: skip

    # The attacker forges a new X-Forwarded-For each time; nginx replaces it with 127.0.0.2.
    statuses = [token("127.0.0.2", "wrong", f"198.51.100.{n}")[0] for n in range(LIMIT)]
    assert statuses == [400] * (LIMIT - 1) + [429]
    status, headers, body = token("127.0.0.2", "right-password-1", "203.0.113.77")
    assert (status, json.loads(body)["code"]) == (429, "locked_out")
    assert int(headers["Retry-After"]) == 15 * 60
    # ana, from another address, behind the same nginx, is not locked out.
    status, _headers, body = token("127.0.0.3", "right-password-1", "127.0.0.2")
    assert status == 200 and json.loads(body)["token"]
