"""A real Celery worker process for the tests, on the test database, the run's Redis database and a mail directory."""

import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

BACKEND = Path(__file__).resolve().parents[2] / "backend"
SEPARATOR = "-" * 79


def database_url() -> str:
    """The URL of the database this test runs on, for another process."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


WORKER_SECRET_KEY = "worker-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


class Worker:
    """`celery worker --pool=solo` in its own process; its log is a file the test can wait on."""

    def __init__(self, *, name: str, redis_url: str, mail_dir: Path, log: Path, app: str = "sinergia", **env: str):
        self.log = log
        self.node = f"{name}@{socket.gethostname()}"
        environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        environment.update(
            DJANGO_SETTINGS_MODULE="sinergia.settings",  # unless **env names a tests.* module
            PYTHONPATH=os.pathsep.join([str(BACKEND), str(BACKEND.parent)]),
        )
        environment.update(
            DATABASE_URL=database_url(),
            REDIS_URL=redis_url,
            EMAIL_URL=f"filemail:///{mail_dir}",
            DEBUG="false",
            SECRET_KEY=WORKER_SECRET_KEY,
            CONN_MAX_AGE="0",
            **env,
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", app, "worker", "--pool=solo", "--loglevel=INFO",
             "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=BACKEND, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, needle: str, *, count: int = 1, timeout: float = 25) -> float:
        """Seconds until `needle` appears `count` times in the log; fails with the log otherwise."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.text().count(needle) >= count:
                return time.monotonic() - started
            if self.process.poll() is not None:
                raise AssertionError(f"worker exited ({self.process.returncode}):\n{self.text()}")
            time.sleep(0.1)
        raise AssertionError(f"{needle!r} ×{count} not in the worker log after {timeout}s:\n{self.text()}")

    def wait_until(self, done, describe, *, timeout: float = 25) -> None:
        """Until `done()` holds; fails with `describe()` and the worker's log otherwise."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if done():
                return
            time.sleep(0.2)
        raise AssertionError(f"{describe()} after {timeout}s:\n{self.text()}")

    def wait_idle(self, app, *, timeout: float = 25) -> None:
        """Until the broker holds no task (queued, or delivered and not yet acknowledged) and this worker
        answers that it runs, holds and schedules none: from then on it sends nothing more by itself."""
        import redis

        broker = redis.Redis.from_url(app.conf.broker_url)
        queue = app.conf.task_default_queue

        def broker_empty() -> bool:
            queued = sum(broker.llen(key) for key in broker.scan_iter(match=f"{queue}*", _type="LIST"))
            return queued == 0 and broker.hlen("unacked") == 0  # kombu's Redis transport keeps deliveries there

        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise AssertionError(f"worker exited ({self.process.returncode}):\n{self.text()}")
            if broker_empty():
                # A solo-pool worker answers only between tasks; no answer means it is busy.
                inspect = app.control.inspect(destination=[self.node], timeout=1)
                answers = [inspect.active(), inspect.reserved(), inspect.scheduled()]
                if all(answer and not any(answer.values()) for answer in answers) and broker_empty():
                    return
            time.sleep(0.1)
        raise AssertionError(f"the worker was still busy after {timeout}s:\n{self.text()}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def two_beats(app, *, mail_dir: Path, log_dir: Path) -> Iterator[list[Worker]]:
    """Two workers, beat1 and beat2, on `app`'s Redis, ready when the block starts and stopped after it."""
    workers = [
        Worker(name=f"beat{n}", redis_url=app.conf.broker_url, mail_dir=mail_dir, log=log_dir / f"{n}.log")
        for n in (1, 2)
    ]
    try:
        for worker in workers:
            worker.wait_for("ready.")
        yield workers
    finally:
        for worker in workers:
            worker.stop()


def mailbox(mail_dir: Path) -> list[email.message.EmailMessage]:
    """Every message Django's file backend wrote to `mail_dir`."""
    messages = []
    for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
        for chunk in path.read_text().split(SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.lstrip("\n").encode(), policy=email.policy.default))
    return messages


def wait_for_mail(mail_dir: Path, count: int, *, timeout: float = 25) -> list[email.message.EmailMessage]:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        messages = mailbox(mail_dir)
        if len(messages) >= count:
            return messages
        time.sleep(0.1)
    raise AssertionError(f"{count} e-mails expected, {len(mailbox(mail_dir))} arrived in {timeout}s")
