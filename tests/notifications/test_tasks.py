"""The beat tasks: expiry, completion, reminders, warnings. Each second run changes and sends nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from bookings import services as bookings
from bookings.models import Status
from notifications import tasks
from notifications.models import Delivery
from tests.conftest import future_day, local
from tests.factories import UserFactory

from .helpers import subject_time

pytestmark = pytest.mark.django_db

DAY = future_day(2)


@pytest.fixture
def approval_asset(asset, manager):
    asset.requires_approval = True
    asset.approval_deadline = timedelta(hours=24)
    asset.save()
    return asset


def book(asset, member, user, start_hour=10, end_hour=12):
    return bookings.reservation_create(
        asset=asset, member=member, by=user, start=local(DAY, start_hour), end=local(DAY, end_hour), title="Cata"
    )


def run(task, callbacks):
    """Run a beat task the way the worker does, then the e-mails its changes queued."""
    with callbacks(execute=True):
        return task.delay().get()


def test_a_request_still_pending_at_its_approval_deadline_expires_and_the_booker_is_told(
    approval_asset, member, booker, manager, django_capture_on_commit_callbacks
):
    reservation = book(approval_asset, member, booker)
    with time_machine.travel(reservation.start - timedelta(hours=24, minutes=1), tick=False):
        assert run(tasks.expire_pending_reservations, django_capture_on_commit_callbacks) == 0
    reservation.refresh_from_db()
    assert reservation.status == Status.PENDING

    with time_machine.travel(reservation.start - timedelta(hours=23), tick=False):
        assert run(tasks.expire_pending_reservations, django_capture_on_commit_callbacks) == 1
        assert run(tasks.expire_pending_reservations, django_capture_on_commit_callbacks) == 0
    reservation.refresh_from_db()
    assert reservation.status == Status.EXPIRED
    event = reservation.events.last()
    assert (event.action, event.by, event.from_status) == ("expired", None, "pending")
    (message,) = mail.outbox
    assert message.to == [booker.email]
    assert message.subject == f"Expired: Plató A on {subject_time(reservation.start)}"


def test_an_expired_request_frees_its_slot(approval_asset, member, booker, other_member, other_booker, manager):
    reservation = book(approval_asset, member, booker)
    with time_machine.travel(reservation.start - timedelta(hours=20), tick=False):
        tasks.expire_pending_reservations.delay()
        rival = book(approval_asset, other_member, other_booker)
    assert rival.status == Status.PENDING


def test_approved_reservations_that_ended_are_completed_without_mail(
    asset, member, booker, django_capture_on_commit_callbacks
):
    reservation = book(asset, member, booker)
    with time_machine.travel(reservation.end - timedelta(minutes=1), tick=False):
        assert run(tasks.complete_past_reservations, django_capture_on_commit_callbacks) == 0
    with time_machine.travel(reservation.end, tick=False):
        assert run(tasks.complete_past_reservations, django_capture_on_commit_callbacks) == 1
        assert run(tasks.complete_past_reservations, django_capture_on_commit_callbacks) == 0
    reservation.refresh_from_db()
    assert reservation.status == Status.COMPLETED
    assert mail.outbox == []


def test_the_booker_is_reminded_once_within_the_reminder_window(asset, member, booker, settings):
    settings.REMINDER_HOURS = 24
    reservation = book(asset, member, booker)
    with time_machine.travel(reservation.start - timedelta(hours=25), tick=False):
        assert tasks.send_reminders.delay().get() == 0
    with time_machine.travel(reservation.start - timedelta(hours=3), tick=False):
        assert tasks.send_reminders.delay().get() == 1
        assert tasks.send_reminders.delay().get() == 0
    (message,) = mail.outbox
    assert message.to == [booker.email]
    assert message.subject == f"Reminder: Plató A on {subject_time(reservation.start)}"


def test_a_moved_booking_is_reminded_again(asset, member, booker):
    reservation = book(asset, member, booker)
    with time_machine.travel(reservation.start - timedelta(hours=3), tick=False):
        tasks.send_reminders.delay()
    bookings.reservation_update(reservation=reservation, by=booker, start=local(DAY, 14), end=local(DAY, 16))
    with time_machine.travel(local(DAY, 12), tick=False):
        assert tasks.send_reminders.delay().get() == 1
    assert len(mail.outbox) == 2


def test_managers_are_warned_once_before_a_request_expires(approval_asset, member, booker, manager, settings):
    settings.EXPIRY_WARNING_HOURS = 12
    reservation = book(approval_asset, member, booker)
    deadline = reservation.start - approval_asset.approval_deadline
    with time_machine.travel(deadline - timedelta(hours=13), tick=False):
        assert tasks.warn_expiring_requests.delay().get() == 0
    with time_machine.travel(deadline - timedelta(hours=2), tick=False):
        assert tasks.warn_expiring_requests.delay().get() == 1
        assert tasks.warn_expiring_requests.delay().get() == 0
    with time_machine.travel(deadline + timedelta(minutes=1), tick=False):
        assert tasks.warn_expiring_requests.delay().get() == 0  # past the deadline: it expires instead
    (message,) = mail.outbox
    assert message.to == [manager.email]
    when = subject_time(reservation.start)
    assert message.subject == f"Decide soon: the request for Plató A on {when} is about to expire"


def test_accountants_are_reminded_once_in_the_first_week_to_close_last_month():
    accountant = UserFactory(username="conta", is_accountant=True)
    UserFactory(username="nobody")
    madrid = ZoneInfo("Europe/Madrid")
    with time_machine.travel(datetime(2030, 3, 15, 9, tzinfo=madrid), tick=False):
        assert tasks.remind_accountants_to_close_periods.delay().get() == 0
    with time_machine.travel(datetime(2030, 4, 1, 9, tzinfo=madrid), tick=False):
        assert tasks.remind_accountants_to_close_periods.delay().get() == 1
    with time_machine.travel(datetime(2030, 4, 2, 9, tzinfo=madrid), tick=False):
        assert tasks.remind_accountants_to_close_periods.delay().get() == 0
    (message,) = mail.outbox
    assert message.to == [accountant.email]
    assert message.subject == "Time to close the billing period 2030-03"
    assert Delivery.objects.get().key == f"period-close:2030-03:{accountant.id}"


def test_the_beat_schedule_names_tasks_that_exist(settings):
    from sinergia.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
