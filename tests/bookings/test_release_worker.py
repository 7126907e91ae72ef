"""The release sweep on real Celery workers over Redis: two beats' sweeps at once release a booking once and mail its
holders once."""

from datetime import UTC, datetime, time, timedelta

import pytest

from accounts.models import Membership
from bookings import services
from bookings.models import Reservation, Status
from bookings.tasks import release_unused_reservations
from notifications.models import Delivery
from tests.factories import AssetFactory, MemberFactory, MembershipFactory, PriceRuleFactory, UserFactory
from tests.notifications.conftest import celery_on_redis, mail_dir  # noqa: F401
from tests.notifications.worker import mailbox, two_beats, wait_for_mail

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_sweeps_on_two_workers_release_a_booking_nobody_checked_in_to_once(
    celery_on_redis,  # noqa: F811
    mail_dir,  # noqa: F811
    tmp_path,
):
    member = MemberFactory(name="Norte Films")
    booker = MembershipFactory(member=member, user=UserFactory(username="ana", email="ana@norte.example")).user
    admin = UserFactory(username="bruno", email="bruno@norte.example")
    MembershipFactory(member=member, role=Membership.Role.MEMBER_ADMIN, user=admin)
    asset = AssetFactory(name="Bodega 1", slot_minutes=5, hours=(time(0), time(0)), release_after_minutes=15)
    PriceRuleFactory(asset=asset)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    start = now - timedelta(minutes=20 + now.minute % 5)  # started more than 15 minutes ago, on the 5-minute grid
    reservation = services.reservation_create(
        asset=asset, member=member, by=booker, start=start, end=start + timedelta(hours=2), title="Cata",
        now=start - timedelta(hours=1),
    )  # fmt: skip
    with two_beats(celery_on_redis, mail_dir=mail_dir, log_dir=tmp_path) as workers:
        release_unused_reservations.delay()
        release_unused_reservations.delay()
        messages = wait_for_mail(mail_dir, 2)
        for worker in workers:
            worker.wait_idle(celery_on_redis)
        sweeps = "".join(worker.text() for worker in workers).count("release_unused_reservations")
        assert sweeps >= 4  # each sweep is received and succeeds: both ran
        reservation = Reservation.objects.get(id=reservation.id)
        assert reservation.status == Status.RELEASED
        assert reservation.events.filter(action="released").count() == 1
        messages = mailbox(mail_dir)
        assert sorted(m["To"] for m in messages) == ["ana@norte.example", "bruno@norte.example"]
        assert all(m["Subject"].strip().startswith("Released: Bodega 1 on ") for m in messages)
        assert Delivery.objects.count() == 2
        assert reservation.charge.kind == "released" and reservation.charge.total_minor == 24200
