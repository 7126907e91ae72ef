"""The booking lifecycle on beat: expiry at the approval deadline and completion. Each second run changes nothing."""

import importlib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from bookings import selectors, tasks
from bookings.models import Status
from tests.conftest import book_day, future_day
from tests.notifications.helpers import subject_time

pytestmark = pytest.mark.django_db

DAY = future_day(2)


def book(asset, member, user, start_hour=10, end_hour=12):
    return book_day(asset, member, user, DAY, start_hour, end_hour)


def run(task, callbacks):
    """Run a beat task the way the worker does, then the e-mails its changes queued."""
    with callbacks(execute=True):
        return task.delay().get()


def test_pending_past_deadline_compares_each_asset_deadline(approval_asset, member, booker):
    reservation = book(approval_asset, member, booker)
    deadline = reservation.start - approval_asset.approval_deadline
    assert list(selectors.pending_past_deadline(deadline - timedelta(minutes=1))) == []
    assert list(selectors.pending_past_deadline(deadline)) == [reservation]


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
    assert message.subject == f"Expired: Plató A on {subject_time(reservation.start, reservation.end)}"


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


def test_the_beat_schedule_names_tasks_that_exist_under_those_names(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"bookings.tasks.expire_pending_reservations", "bookings.tasks.complete_past_reservations"} <= scheduled
    for name in scheduled:
        module, attribute = name.rsplit(".", 1)
        assert getattr(importlib.import_module(module), attribute).name == name
