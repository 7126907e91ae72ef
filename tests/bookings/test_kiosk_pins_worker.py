"""Kiosk PINs on real Celery workers over Redis: two beats' sweeps at once make one PIN and mail it to the booker
once, and the PIN in that e-mail checks in at the kiosk."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from rest_framework.test import APIClient

from bookings import services
from bookings.models import KioskPin, Reservation
from bookings.tasks import send_kiosk_pins
from notifications.models import Delivery
from tests.factories import AssetFactory, MemberFactory, MembershipFactory, UserFactory
from tests.notifications.conftest import celery_on_redis, mail_dir  # noqa: F401
from tests.notifications.worker import WORKER_SECRET_KEY, mailbox, two_beats, wait_for_mail

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_sweeps_on_two_workers_mail_one_pin_that_checks_in_at_the_kiosk(
    celery_on_redis,  # noqa: F811
    mail_dir,  # noqa: F811
    tmp_path,
    settings,
):
    member = MemberFactory(name="Norte Films")
    booker = MembershipFactory(member=member, user=UserFactory(username="ana", email="ana@norte.example")).user
    asset = AssetFactory(name="Bodega 1", slot_minutes=5, hours=(time(0), time(0)), kiosk_pin=True)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    start = now + timedelta(minutes=10 - now.minute % 5)  # check-in opened (15 minutes before), on the 5-minute grid
    reservation = services.reservation_create(
        asset=asset, member=member, by=booker, start=start, end=start + timedelta(hours=2), title="Cata",
        now=now - timedelta(hours=1),
    )  # fmt: skip
    with two_beats(celery_on_redis, mail_dir=mail_dir, log_dir=tmp_path) as workers:
        send_kiosk_pins.delay()
        send_kiosk_pins.delay()
        wait_for_mail(mail_dir, 1)
        for worker in workers:
            worker.wait_idle(celery_on_redis)
        sweeps = "".join(worker.text() for worker in workers).count("send_kiosk_pins")
        assert sweeps >= 4  # each sweep is received and succeeds: both ran
        [message] = mailbox(mail_dir)
        assert message["To"] == "ana@norte.example"
        assert message["Subject"].strip().startswith("Your check-in PIN for Bodega 1 on ")
        assert KioskPin.objects.filter(reservation=reservation).count() == 1
        assert Delivery.objects.count() == 1
        body = message.get_body(preferencelist=("plain",)).get_content()
        pin = re.search(r"^\s+(\d{6})\s*$", body, re.MULTILINE).group(1)
        settings.SECRET_KEY = WORKER_SECRET_KEY  # the PIN's HMAC is keyed by the secret of the process that made it
        answer = APIClient().post(f"/api/v1/kiosk/assets/{asset.id}/check-in/", {"pin": pin}, format="json")
        assert answer.status_code == 200, answer.content
        assert Reservation.objects.get(id=reservation.id).checked_in_at is not None
