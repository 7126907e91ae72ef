"""A real Celery worker process on the local Redis, sharing the test database and a mail directory."""

import time
from datetime import timedelta

import pytest

from bookings import services
from bookings.models import Reservation
from notifications.models import Delivery
from notifications.tasks import send_reservation_emails
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, MemberFactory, MembershipFactory, UserFactory

from .worker import Worker, mailbox, wait_for_mail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people():
    member = MemberFactory(name="Norte Films")
    booker = MembershipFactory(member=member, user=UserFactory(username="ana", email="ana@norte.example")).user
    manager = UserFactory(username="mara", email="mara@cluster.example")
    asset = AssetFactory(
        name="Plató A", location="Nave 3", requires_approval=True, approval_deadline=timedelta(hours=2)
    )
    asset.managers.add(manager)
    return booker, manager, asset


def test_request_and_approval_mail_the_manager_and_the_booker_exactly_once(
    celery_on_redis, mail_dir, tmp_path, people, api
):
    booker, manager, asset = people
    worker = Worker(name="mail", redis_url=celery_on_redis.conf.broker_url, mail_dir=mail_dir, log=tmp_path / "w.log")
    try:
        worker.wait_for("ready.")
        day = future_day(2)
        created = as_user(api, booker).post(
            "/api/v1/reservations/",
            {
                "asset": asset.id,
                "start": local(day, 10).isoformat(),
                "end": local(day, 12).isoformat(),
                "title": "Rodaje",
            },
        )
        assert created.status_code == 201, created.json()
        assert created.json()["status"] == "pending"
        request_mail = wait_for_mail(mail_dir, 1)
        assert request_mail[0]["To"] == "mara@cluster.example"

        approved = as_user(api, manager).post(f"/api/v1/reservations/{created.json()['id']}/approve/")
        assert approved.status_code == 200
        messages = wait_for_mail(mail_dir, 2)
        worker.wait_for("succeeded", count=2)

        # The same event queued again (a retry, a duplicate) sends nothing more.
        event = Reservation.objects.get(id=created.json()["id"]).events.get(action="approved")
        send_reservation_emails.delay(event.id)
        worker.wait_for("succeeded", count=3)
        worker.wait_idle(celery_on_redis)
        messages = mailbox(mail_dir)
        assert [m["To"] for m in messages] == ["mara@cluster.example", "ana@norte.example"]
        assert Delivery.objects.count() == 2
        assert f"/#/reservations/{created.json()['id']}" in messages[1].get_body(("plain",)).get_content()
        assert "Plató A" in messages[1].get_body(("html",)).get_content()
    finally:
        worker.stop()


def test_a_task_whose_worker_is_killed_mid_send_completes_once_on_a_new_worker(
    celery_on_redis, mail_dir, tmp_path, people
):
    booker, manager, asset = people
    redis_url = celery_on_redis.conf.broker_url
    # The first worker's e-mail backend pauses inside the send's transaction; that is where it gets SIGKILL.
    first = Worker(name="doomed", redis_url=redis_url, mail_dir=mail_dir, log=tmp_path / "1.log",
                   DJANGO_SETTINGS_MODULE="tests.notifications.settings_pausing")  # fmt: skip
    second = None
    try:
        first.wait_for("ready.")
        day = future_day(3)
        reservation = services.reservation_create(
            asset=asset, member=booker.members.get(), by=booker, start=local(day, 10), end=local(day, 12), title="Cata"
        )
        first.wait_for("pausing")
        first.kill()
        assert mailbox(mail_dir) == []
        assert not Delivery.objects.exists()  # the killed transaction rolled back

        # Redis hands the unacknowledged task out again once the visibility timeout has passed.
        killed_at = time.monotonic()
        second = Worker(name="heir", redis_url=redis_url, mail_dir=mail_dir, log=tmp_path / "2.log",
                        CELERY_VISIBILITY_TIMEOUT="2")  # fmt: skip
        messages = wait_for_mail(mail_dir, 1, timeout=30)
        redelivered_after = time.monotonic() - killed_at
        second.wait_for("succeeded")
        second.wait_idle(celery_on_redis)
        assert len(mailbox(mail_dir)) == 1
        assert messages[0]["To"] == "mara@cluster.example"
        assert Delivery.objects.get().key == f"event:{reservation.events.get().id}:{manager.id}"
        print(f"redelivered and sent {redelivered_after:.1f}s after the kill")
    finally:
        first.stop()
        if second:
            second.stop()
