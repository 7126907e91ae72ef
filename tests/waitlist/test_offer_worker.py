"""Offers on real Celery workers over Redis: a cancellation's slot_freed task offers the slot and mails the first on
the waitlist once, however often it is delivered; two beats' sweeps pass a lapsed hold on once."""

from datetime import timedelta

import pytest
from django.utils import timezone
from waitlist import services
from waitlist.models import EntryState, WaitlistEntry
from waitlist.tasks import offer_freed_slot, sweep_waitlist

from bookings import services as booking_services
from notifications.models import Delivery
from tests.conftest import future_day, local
from tests.factories import AssetFactory, MemberFactory, MembershipFactory, UserFactory
from tests.notifications.conftest import celery_on_redis, mail_dir  # noqa: F401
from tests.notifications.worker import Worker, mailbox, wait_for_mail

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = future_day(0)
START, END = local(MONDAY, 10), local(MONDAY, 12)


def test_a_freed_slot_is_offered_and_mailed_once_and_a_lapsed_hold_passes_on_once(
    celery_on_redis,  # noqa: F811
    mail_dir,  # noqa: F811
    tmp_path,
):
    asset = AssetFactory(name="Bodega 1")
    sur = MembershipFactory(member=MemberFactory(name="Sur"))
    ana = UserFactory(username="ana", email="ana@norte.example")
    MembershipFactory(member=MemberFactory(name="Norte"), user=ana)
    dora = UserFactory(username="dora", email="dora@este.example")
    MembershipFactory(member=MemberFactory(name="Este"), user=dora)
    taken = booking_services.reservation_create(asset=asset, member=sur.member, by=sur.user, start=START, end=END,
                                                title="Rodaje")  # fmt: skip
    first = services.waitlist_join(asset=asset, member=ana.memberships.get().member, by=ana, start=START, end=END)
    second = services.waitlist_join(asset=asset, member=dora.memberships.get().member, by=dora, start=START, end=END)
    redis_url = celery_on_redis.conf.broker_url
    workers = [
        Worker(name=f"beat{n}", redis_url=redis_url, mail_dir=mail_dir, log=tmp_path / f"{n}.log") for n in (1, 2)
    ]
    try:
        for worker in workers:
            worker.wait_for("ready.")
        booking_services.reservation_cancel(reservation=taken, by=sur.user)  # slot_freed on commit: the task
        offer_freed_slot.delay(asset.id, START.isoformat(), END.isoformat())  # delivered again
        [offer] = wait_for_mail(mail_dir, 1)
        for worker in workers:
            worker.wait_idle(celery_on_redis)
        assert offer["To"] == "ana@norte.example"
        assert offer["Subject"].strip().startswith("Free for you: Bodega 1 on ")
        assert "/#/waitlist" in offer.get_body(("plain",)).get_content()
        assert "/#/waitlist" in offer.get_body(("html",)).get_content()
        assert dict(WaitlistEntry.objects.values_list("id", "state")) == {
            first.id: EntryState.OFFERED, second.id: EntryState.WAITING,
        }  # fmt: skip

        WaitlistEntry.objects.filter(id=first.id).update(hold_until=timezone.now() - timedelta(seconds=1))
        sweep_waitlist.delay()
        sweep_waitlist.delay()
        wait_for_mail(mail_dir, 2)
        for worker in workers:
            worker.wait_idle(celery_on_redis)
        assert dict(WaitlistEntry.objects.values_list("id", "state")) == {
            first.id: EntryState.PASSED, second.id: EntryState.OFFERED,
        }  # fmt: skip
        assert sorted(m["To"] for m in mailbox(mail_dir)) == ["ana@norte.example", "dora@este.example"]
        assert Delivery.objects.filter(kind="waitlist_offer").count() == 2
        assert "".join(worker.text() for worker in workers).count("sweep_waitlist") >= 4  # both sweeps ran
    finally:
        for worker in workers:
            worker.stop()
