"""The notification beat tasks: reminders, warnings. Each second run sends nothing (expiry and completion:
tests/bookings/test_tasks.py)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from bookings import services as bookings
from notifications import tasks
from notifications.models import Delivery
from tests.conftest import book_day, future_day, local
from tests.factories import UserFactory

from .helpers import subject_time

pytestmark = pytest.mark.django_db

DAY = future_day(2)


def book(asset, member, user, start_hour=10, end_hour=12):
    return book_day(asset, member, user, DAY, start_hour, end_hour)


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
    assert message.subject == f"Reminder: Plató A on {subject_time(reservation.start, reservation.end)}"


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
    when = subject_time(reservation.start, reservation.end)
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
    assert message.subject == "Time to close the billing period March 2030"
    assert Delivery.objects.get().key == f"period-close:2030-03:{accountant.id}"


def test_the_beat_schedule_names_tasks_that_exist(settings):
    from sinergia.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
