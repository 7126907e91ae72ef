"""The login lockout through a real nginx running the shipped infra/nginx.conf, in front of gunicorn with the
settings docker-compose gives the app behind it (TRUSTED_PROXY_COUNT=1).

Two clients reach nginx from two loopback addresses (127.0.0.2 and 127.0.0.3), so gunicorn sees both as
nginx (127.0.0.1) and only X-Forwarded-For, as nginx writes it, tells them apart. Needs Debian's nginx
(`apt-get install nginx-light`): skipped with the reason without it, a failure with CI=true.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.hashers import ScryptPasswordHasher
from django.db import connection

from tests.factories import UserFactory

REPO = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
LIMIT = 5

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
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection_.close()


def wait_until_answers(port, process, log: Path):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited early:\n{log.read_text()[-3000:]}")
        try:
            if request(port, "GET", "/healthz", headers={"X-Forwarded-Proto": "https"})[0] == 200:
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


@pytest.fixture
def app(tmp_path):
    """gunicorn with infra/gunicorn.conf.py and the environment docker-compose gives `web`."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DEBUG="false",
        SECRET_KEY="nginx-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(),
        SINERGIA_VAR_DIR=str(tmp_path),
        SECURE_SSL_REDIRECT="false",
        TRUSTED_PROXY_COUNT="1",
        LOGIN_FAILURE_LIMIT=str(LIMIT),
        WEB_CONCURRENCY="1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_ACCESS_LOG="",
        LOG_LEVEL="WARNING",
    )
    log = tmp_path / "gunicorn.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(REPO / "infra" / "gunicorn.conf.py"), "sinergia.wsgi"],
        cwd=REPO / "backend", env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_answers(port, process, log)
        yield port
    finally:
        stop(process)


@pytest.fixture
def nginx(app, tmp_path):
    """nginx with the shipped server block, its upstream pointed at `app` and listening on a free port."""
    port = free_port()
    shipped = (REPO / "infra" / "nginx.conf").read_text()
    site = shipped.replace("server web:8000", f"server 127.0.0.1:{app}").replace(
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


def test_behind_the_shipped_nginx_bad_passwords_lock_a_user_out_from_one_address_only(nginx):
    # Hashed with a hasher the app's production settings know (the test settings use MD5).
    ana = UserFactory(username="ana")
    scrypt = ScryptPasswordHasher()
    ana.password = scrypt.encode("right-password-1", scrypt.salt())
    ana.save(update_fields=["password"])

    def token(source, password, forged):
        return request(
            nginx, "POST", "/api/v1/auth/token/", source=source, headers={"X-Forwarded-For": forged},
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
