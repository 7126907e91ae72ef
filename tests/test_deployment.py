"""What can be tested of the deployment without a Docker engine: the compose file and gunicorn."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
BACKEND = REPO / "backend"
ENV_READ = re.compile(r"""(?:env(?:\.\w+)?|os\.environ\.get|environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def names_read_by(path: Path) -> set[str]:
    return set(ENV_READ.findall(path.read_text()))


def compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def test_compose_defines_web_worker_beat_postgres_redis_and_a_one_shot_migrate():
    services = compose()["services"]
    assert {"web", "worker", "beat", "postgres", "redis", "migrate"} <= set(services)
    assert services["migrate"]["restart"] == "no"
    assert "migrate" in services["migrate"]["command"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert services["worker"]["command"][:4] == ["celery", "-A", "sinergia", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "sinergia", "beat"]
    assert "gunicorn" in services["web"]["command"]


def test_compose_passes_only_variables_the_settings_read_and_all_that_matter():
    services = compose()["services"]
    read = names_read_by(BACKEND / "sinergia" / "settings.py") | names_read_by(REPO / "infra" / "gunicorn.conf.py")
    for name in ("web", "worker", "beat", "migrate"):
        given = set(services[name]["environment"])
        assert given - read == set(), f"{name} sets variables nothing reads"
        assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_URL", "SITE_URL", "ALLOWED_HOSTS"} <= given
    assert "postgres@" not in services["web"]["environment"]["DATABASE_URL"]
    assert services["web"]["environment"]["REDIS_URL"].startswith("redis://redis:6379/")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_gunicorn_serves_healthz_with_production_settings(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="sinergia.settings",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        SINERGIA_VAR_DIR=str(tmp_path),
        WEB_CONCURRENCY="1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(REPO / "infra" / "gunicorn.conf.py"), "sinergia.wsgi"],
        cwd=BACKEND, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                status, headers, body = get(f"http://127.0.0.1:{port}/healthz", **{"X-Forwarded-Proto": "https"})
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not answer in 20 s"
                time.sleep(0.2)
        assert status == 200 and body == b'{"status": "ok"}'
        assert headers["X-Frame-Options"] == "DENY"
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        # Plain http without the proxy's header is sent to https: production settings are on.
        status, headers, _ = get(f"http://127.0.0.1:{port}/healthz")
        assert status == 301 and headers["Location"] == f"https://127.0.0.1:{port}/healthz"
    finally:
        server.terminate()
        server.wait(10)
