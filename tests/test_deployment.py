"""What can be tested of the deployment without a Docker engine: the compose file, the image's recipe and
gunicorn. tests/security/test_nginx.py runs the shipped nginx.conf in front of gunicorn."""

import json
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


def test_gunicorn_with_production_settings_answers_the_compose_healthcheck_for_the_real_domain(tmp_path):
    """The real domain in ALLOWED_HOSTS and the HTTPS redirect on (the compose defaults): the healthcheck that
    compose runs inside `web` still passes, and everything but the probes stays strict."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "HTTP_TRIAL", "SECURE_SSL_REDIRECT")}
    env.update(
        DJANGO_SETTINGS_MODULE="sinergia.settings",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="sinergia.example.org",
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
                status, headers, body = get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not answer in 20 s"
                time.sleep(0.2)
        # Plain http, Host 127.0.0.1 (not an allowed host): the probe answers anyway.
        assert status == 200 and body == b'{"status": "ok"}'
        check = compose()["services"]["web"]["healthcheck"]["test"]
        assert check[0] == "CMD" and "/healthz" in check[-1]
        command = [sys.executable if part == "python" else part for part in check[1:]]
        command = [part.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for part in command]
        assert command != check[1:] and f":{port}/healthz" in command[-1]
        result = subprocess.run(command, capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        # Everything else is strict: the wrong host is refused, the real one over plain http is sent to https,
        # and over https (the proxy's header) gets the production headers.
        assert get(f"http://127.0.0.1:{port}/api/v1/me/", **{"X-Forwarded-Proto": "https"})[0] == 400
        status, headers, _ = get(f"http://127.0.0.1:{port}/api/v1/me/", Host="sinergia.example.org")
        assert status == 301 and headers["Location"] == "https://sinergia.example.org/api/v1/me/"
        status, headers, _ = get(
            f"http://127.0.0.1:{port}/api/v1/me/", Host="sinergia.example.org", **{"X-Forwarded-Proto": "https"}
        )
        assert status == 401 and headers["X-Frame-Options"] == "DENY"
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
    finally:
        server.terminate()
        server.wait(10)


COMPOSE_DEFAULT = re.compile(r"\$\{([A-Z_]+)(?::-([^}]*)|:\?[^}]*)\}")


def compose_defaults(environment: dict, **given) -> dict[str, str]:
    """The environment compose gives a service when .env sets nothing but `given` (`${X:?...}` must be given)."""

    def resolve(match):
        name, default = match.group(1), match.group(2)
        if name in given:
            return given[name]
        assert default is not None, f"{name} has no default: give it"
        return default

    return {name: COMPOSE_DEFAULT.sub(resolve, str(value)) for name, value in environment.items()}


SECURITY_SETTINGS = """
import json
import sinergia.settings as s
print(json.dumps({name: getattr(s, name) for name in [
    "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"]}))
"""


def security_settings(environment: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "SECURE", "SESSION", "CSRF", "HTTP"))}
    env.update(environment, SINERGIA_ENV_FILE="")
    return subprocess.run(
        [sys.executable, "-c", SECURITY_SETTINGS], cwd=BACKEND, env=env, capture_output=True, text=True, timeout=60
    )


def test_compose_defaults_are_secure_and_http_trial_is_the_one_switch_for_plain_http_on_localhost():
    web = compose()["services"]["web"]["environment"]
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS"):
        assert name not in web, f"{name}: the settings decide it (HTTP_TRIAL is the switch)"
    defaults = compose_defaults(web, SECRET_KEY="s" * 50)
    assert defaults["HTTP_TRIAL"] == "false" and defaults["DEBUG"] == "false"

    secure = security_settings(defaults)
    assert secure.returncode == 0, secure.stderr
    assert json.loads(secure.stdout.splitlines()[-1]) == {
        "SECURE_SSL_REDIRECT": True, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True,
    }  # fmt: skip

    trial = security_settings(compose_defaults(web, SECRET_KEY="s" * 50, HTTP_TRIAL="true"))
    assert trial.returncode == 0, trial.stderr
    assert json.loads(trial.stdout.splitlines()[-1]) == {
        "SECURE_SSL_REDIRECT": False, "SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0, "SECURE_HSTS_INCLUDE_SUBDOMAINS": False, "SECURE_HSTS_PRELOAD": False,
    }  # fmt: skip

    # Left on for a real domain, the trial refuses to start.
    real = compose_defaults(web, SECRET_KEY="s" * 50, HTTP_TRIAL="true", ALLOWED_HOSTS="localhost,sinergia.example.org")
    refused = security_settings(real)
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr and "sinergia.example.org" in refused.stderr


def requirement_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        if match := re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^]]*\])?==", line):
            names.add(match.group(1).lower().replace("_", "-"))
    return names


def test_the_image_installs_the_runtime_lock_only():
    instructions = [line for line in (REPO / "Dockerfile").read_text().splitlines() if not line.startswith("#")]
    installs = [line for line in instructions if "pip install" in line]
    assert installs and all("--require-hashes -r requirements.lock" in line for line in installs), installs
    assert not [line for line in instructions if "requirements-dev" in line or "requirements.txt" in line]
    runtime, lock = requirement_names(REPO / "requirements.txt"), requirement_names(REPO / "requirements.lock")
    test_tools = requirement_names(REPO / "requirements-dev.txt")
    assert runtime <= lock and test_tools and not test_tools & lock, test_tools & lock
    assert "tests" in (REPO / ".dockerignore").read_text().split()
