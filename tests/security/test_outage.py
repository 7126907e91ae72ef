"""A PostgreSQL outage: a TCP proxy between the app (a real runserver subprocess) and PostgreSQL is cut."""

import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from bookings.models import Reservation
from tests.conftest import future_day, local
from tests.factories import AssetFactory, MembershipFactory, api_key

BACKEND = Path(__file__).resolve().parents[2] / "backend"
MONDAY = future_day(0)


class Proxy:
    """Forwards 127.0.0.1:port to PostgreSQL; cut() drops every connection and refuses new ones."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                if not self.up:  # cut while this one was connecting: it goes like the others
                    for end in (client, upstream):
                        end.close()
                    continue
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.close()

    def cut(self):
        with self.lock:
            self.up = False
            for end in self.sockets:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                    end.close()
            self.sockets.clear()

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


def call(port, path, token=None, body=None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", **({"Authorization": f"Token {token}"} if token else {})},
        method="POST" if body is not None else "GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (our own server)
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


@pytest.fixture
def proxy():
    settings = connection.settings_dict
    proxy = Proxy(settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432))
    yield proxy
    proxy.close()
    # A session the app server opened through the proxy may outlive the server (its end of the cut connection is
    # never told): if it holds a lock, the teardown's TRUNCATE of this test database waits for it, minutes on end.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def server(proxy, tmp_path):
    settings = connection.settings_dict
    user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=f"postgres://{user}@127.0.0.1:{proxy.port}/{settings['NAME']}",
        CONN_MAX_AGE="0",
        DEBUG="false",
        SECRET_KEY="outage-test-" + "x" * 40,
        DJANGO_SETTINGS_MODULE="sinergia.settings_test",  # the test run's rates and no HTTPS redirect
    )
    env.pop("REDIS_URL", None)
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            cwd=BACKEND,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    if call(port, "/healthz")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            else:
                pytest.fail(f"the app server did not start; see {log_path}")
            yield port
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_while_postgres_is_cut_the_api_answers_503_json_and_recovers_within_ten_seconds(proxy, server):
    asset = AssetFactory()
    token = api_key(MembershipFactory().user)

    def book(hour):
        start, end = local(MONDAY, hour), local(MONDAY, hour + 1)
        body = {"asset": asset.id, "start": start.isoformat(), "end": end.isoformat(), "title": f"{hour}"}
        return call(server, "/api/v1/reservations/", token, body)

    assert book(8)[0] == 201
    proxy.cut()
    status, content_type, body = book(9)
    assert (status, content_type) == (503, "application/json")
    assert json.loads(body)["code"] == "service_unavailable"
    assert call(server, "/api/v1/reservations/", token)[:2] == (503, "application/json")
    readiness = call(server, "/readyz")
    assert readiness[0] == 503 and json.loads(readiness[2])["checks"]["database"] == "unavailable"

    proxy.restore()
    back = time.monotonic()
    while (status := book(10)[0]) != 201 and time.monotonic() - back < 10:
        time.sleep(0.2)
    assert status == 201 and time.monotonic() - back < 10
    assert call(server, "/readyz")[0] == 200
    assert sorted(Reservation.objects.values_list("title", flat=True)) == ["10", "8"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_requests_cut_mid_flight_leave_no_reservation_without_its_audit_event(proxy, server):
    """Cuts land at random points of 28 bookings; whatever was committed is whole, the rest is absent."""
    asset = AssetFactory()
    token = api_key(MembershipFactory().user)
    results = []

    def bookings():
        for i in range(28):
            start, end = local(MONDAY, 8, 0), local(MONDAY, 8, 30)
            start, end = (
                start.replace(hour=8 + i // 2, minute=30 * (i % 2)),
                end.replace(hour=8 + (i + 1) // 2, minute=30 * ((i + 1) % 2)),
            )
            body = {"asset": asset.id, "start": start.isoformat(), "end": end.isoformat(), "title": f"{i}"}
            results.append((i, *call(server, "/api/v1/reservations/", token, body)[:2]))

    def let_through(count):
        """Waits, without cutting, until `count` more requests have answered: the last ones ran whole."""
        target = len(results) + count
        while writer.is_alive() and len(results) < target:
            time.sleep(0.01)

    writer = threading.Thread(target=bookings)
    writer.start()
    cuts = 0
    while writer.is_alive():
        time.sleep(random.uniform(0.02, 0.3))
        proxy.cut()
        time.sleep(0.05)
        proxy.restore()
        cuts += 1
        if cuts % 2 == 0:  # on a slow machine every request could otherwise meet a cut
            let_through(2)
    writer.join(timeout=120)

    assert {status for _, status, _ in results} == {201, 503}, results  # some cut, some through
    assert all(content_type == "application/json" for _, _, content_type in results)
    created = {str(i) for i, status, _ in results if status == 201}
    stored = Reservation.objects.prefetch_related("events")
    assert created <= {r.title for r in stored}
    assert all([e.action for e in r.events.all()] == ["created"] for r in stored)
