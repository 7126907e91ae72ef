"""End-to-end fixtures: the real app in a subprocess on a temporary SQLite file, driven by Debian's Chromium.

These tests never use pytest-django's test database: the server has its own SQLite file with the demo data.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend"
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"]


def _browser_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install --require-hashes -r requirements-dev.lock)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BACKEND, env=env, check=True, **kwargs)


def _wait_until_up(url: str, process, log_path: Path, what: str, seconds: int = 20) -> None:
    """Until `url` answers; the test fails with the end of the process's log if it dies or takes too long."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"{what} did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)


def serve(tmp, port: int | None = None, **settings):
    """Start the app with demo data on its own SQLite file under `tmp` (environment `settings` on top of the
    e2e defaults), on `port` or a free one; yields its URL and stops it afterwards."""
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        pytest.fail("The frontend is not built: run `make test` (or `npm run build` in frontend/).")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'e2e.sqlite3'}",
        DJANGO_SETTINGS_MODULE="sinergia.settings_test",  # the test run's rates and password hasher
        DEBUG="true",
        SECRET_KEY="e2e-not-secret-" + "x" * 40,
        PYTHONUNBUFFERED="1",
        EMAIL_URL=f"filemail:///{tmp / 'mail'}",  # e-mails as files, for journeys that follow a link
        **settings,
    )
    _manage(env, "migrate", "--noinput", "-v0", capture_output=True)
    _manage(env, "demo", capture_output=True)
    port = port or _free_port()
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=BACKEND,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_until_up(f"{url}/healthz", server, tmp / "server.log", "The app", seconds=30)
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="session")
def live_url(tmp_path_factory):
    """The app with demo data at http://127.0.0.1:<port>, for the whole session."""
    global MAIL_DIR
    tmp = tmp_path_factory.mktemp("e2e")
    MAIL_DIR = tmp / "mail"
    port = _free_port()
    # Single sign-on: the test provider (started by the `oidc_provider` fixture only for the journeys that use it)
    # and one whose issuer nobody answers (the "provider is down" journey).
    OIDC.update(port=_free_port(), server_port=port)
    providers = [
        {"id": OIDC_ID, "name": "Sinergia ID", "issuer": f"http://127.0.0.1:{OIDC['port']}",
         "client_id": OIDC_CLIENT[0], "client_secret": OIDC_CLIENT[1]},
        {"id": "offline-id", "name": "Offline ID", "issuer": f"http://127.0.0.1:{_free_port()}",
         "client_id": "offline", "client_secret": "offline-secret"},
    ]  # fmt: skip
    yield from serve(tmp, port, OIDC_PROVIDERS=json.dumps(providers), OIDC_TIMEOUT_SECONDS="3")


MAIL_DIR = None
OIDC: dict = {}
OIDC_ID = "sinergia-id"
OIDC_CLIENT = ("sinergia-e2e", "e2e-client-secret-not-secret")
NODE = "/usr/bin/node"


@pytest.fixture(scope="session")
def oidc_provider(live_url, tmp_path_factory):
    """node-oidc-provider (tests/e2e/oidc/provider.mjs) on the port the app's "Sinergia ID" names, for this worker's
    server; its development pages sign in any password for the people the script lists."""
    node = shutil.which("node") or NODE
    script = Path(__file__).parent / "oidc" / "provider.mjs"
    redirect = f"http://127.0.0.1:{OIDC['server_port']}/accounts/oidc/{OIDC_ID}/login/callback/"
    log_path = tmp_path_factory.mktemp("oidc") / "provider.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [node, str(script), str(OIDC["port"]), *OIDC_CLIENT, redirect], stdout=log, stderr=subprocess.STDOUT
    )
    issuer = f"http://127.0.0.1:{OIDC['port']}"
    _wait_until_up(f"{issuer}/.well-known/openid-configuration", process, log_path, "The OpenID Connect provider")
    yield issuer
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def mailbox(live_url):
    """The e-mails the app has sent, oldest first, as email.message.EmailMessage objects (headers decoded)."""
    from .helpers import sent_mail

    def read():
        return sent_mail(MAIL_DIR)

    return read


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium; without it the browser tests skip outside CI and fail in CI."""
    missing = _browser_missing()
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"CI requires the browser tests: {missing}")
    if missing:
        pytest.skip(f"browser tests skipped: {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class App:
    """A browser context for one person, with helpers in the users' words."""

    def __init__(self, browser, live_url, request, *, locale="en-GB", viewport=None):
        self.url = live_url
        self.request = request
        self.context = browser.new_context(
            base_url=live_url,
            locale=locale,
            viewport=viewport or {"width": 1280, "height": 900},
            accept_downloads=True,
            timezone_id="Europe/Madrid",
        )
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def login(self, username: str, password: str = "demo", language: str | None = None):
        page = self.page
        page.goto("/#/login")
        if language:
            page.get_by_test_id(f"language-{language}").click()
        page.get_by_test_id("login-username").fill(username)
        page.get_by_test_id("login-password").fill(password)
        page.get_by_test_id("login-submit").click()
        page.get_by_test_id("header-user").wait_for()
        return page

    def api(self, method: str, path: str, data=None):
        """Call the API with the browser's session (CSRF from the cookie)."""
        cookies = {c["name"]: c["value"] for c in self.context.cookies()}
        headers = {"X-CSRFToken": cookies.get("csrftoken", ""), "Referer": self.url + "/"}
        response = self.context.request.fetch(
            f"{self.url}/api/v1{path}", method=method, data=json.dumps(data) if data is not None else None,
            headers={**headers, "Content-Type": "application/json"},
        )  # fmt: skip
        return response

    def screenshot(self, name: str | None = None, full_page: bool = True):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = name or self.request.node.name
        self.page.evaluate("window.scrollTo(0, 0)")  # the sticky header belongs at the top of a full-page shot
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    def close(self):
        self.context.close()


@pytest.fixture
def app_for(browser, live_url, request):
    """app_for("ana") → an App logged in as ana; closes every context at the end."""
    opened: list[App] = []

    def open_app(username: str | None = None, **kwargs) -> App:
        language = kwargs.pop("language", None)
        app = App(browser, live_url, request, **kwargs)
        opened.append(app)
        if username:
            app.login(username, language=language)
        return app

    yield open_app
    for app in opened:
        assert not app.errors, f"JavaScript errors: {app.errors}"
        app.close()
