"""`bookings.signals.slot_freed`: sent once, on commit, when a blocking booking stops blocking without being used
(cancelled, rejected, expired) or a move leaves (part of) its period, with the asset and the freed period; never for a
rollback or a booking that is used."""

from datetime import timedelta

import pytest
from django.db import transaction

from bookings import services
from bookings.models import Status
from bookings.signals import slot_freed
from tests.conftest import future_day, local
from tests.factories import AssetFactory, AssetGroupFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


@pytest.fixture
def freed():
    received = []

    def receiver(sender, asset, start, end, reservation, **kwargs):
        received.append((asset.id, start, end, reservation.id, reservation.status))

    slot_freed.connect(receiver, dispatch_uid="test_slot_freed")
    yield received
    slot_freed.disconnect(dispatch_uid="test_slot_freed")


def book(asset, member, booker, start=10, end=12):
    return services.reservation_create(
        asset=asset, member=member, by=booker, start=local(MONDAY, start), end=local(MONDAY, end), title="x"
    )


def test_a_cancellation_frees_the_slot_on_commit(freed, asset, member, booker, django_capture_on_commit_callbacks):
    booking = book(asset, member, booker)
    with django_capture_on_commit_callbacks(execute=True):
        services.reservation_cancel(reservation=booking, by=booker)
        assert freed == []  # not before the commit
    assert freed == [(asset.id, local(MONDAY, 10), local(MONDAY, 12), booking.id, Status.CANCELLED)]


def test_a_rejection_and_an_expiry_free_the_slot(
    freed, approval_asset, manager, member, booker, django_capture_on_commit_callbacks
):
    first, second = book(approval_asset, member, booker, 10, 11), book(approval_asset, member, booker, 12, 13)
    with django_capture_on_commit_callbacks(execute=True):
        services.reservation_reject(reservation=first, by=manager, reason="No")
        services.reservation_expire(reservation=second, now=second.start - timedelta(hours=1))
    assert [(r[3], r[4]) for r in freed] == [(first.id, Status.REJECTED), (second.id, Status.EXPIRED)]


def test_a_rolled_back_cancellation_or_a_used_booking_frees_nothing(
    freed, asset, member, booker, django_capture_on_commit_callbacks
):
    booking = book(asset, member, booker)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            services.reservation_cancel(reservation=booking, by=booker)
            transaction.set_rollback(True)
        services.reservation_complete(reservation=booking, now=booking.end + timedelta(minutes=1))
        services.reservation_expire(reservation=booking)  # not pending: a no-op
    assert freed == []


def test_a_move_frees_only_the_time_it_leaves(freed, asset, member, booker, django_capture_on_commit_callbacks):
    booking = book(asset, member, booker)  # 10–12
    with django_capture_on_commit_callbacks(execute=True):
        services.reservation_update(reservation=booking, by=booker, start=local(MONDAY, 11), end=local(MONDAY, 13))
        assert freed == []  # not before the commit
    assert freed == [(asset.id, local(MONDAY, 10), local(MONDAY, 11), booking.id, Status.APPROVED)]
    freed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reservation_update(reservation=booking, by=booker, start=local(MONDAY, 11, 30), end=local(MONDAY, 12))
    assert [(r[1], r[2]) for r in freed] == [
        (local(MONDAY, 11), local(MONDAY, 11, 30)), (local(MONDAY, 12), local(MONDAY, 13)),
    ]  # fmt: skip


def test_lengthening_retitling_or_a_rolled_back_move_frees_nothing(
    freed, asset, member, booker, django_capture_on_commit_callbacks
):
    booking = book(asset, member, booker)
    with django_capture_on_commit_callbacks(execute=True):
        services.reservation_update(reservation=booking, by=booker, start=local(MONDAY, 9), end=local(MONDAY, 13))
        services.reservation_update(reservation=booking, by=booker, title="Otro")
        with transaction.atomic():
            services.reservation_update(reservation=booking, by=booker, start=local(MONDAY, 15), end=local(MONDAY, 16))
            transaction.set_rollback(True)
    assert freed == []


def test_moving_to_another_asset_frees_the_whole_old_period(
    freed, asset, member, booker, django_capture_on_commit_callbacks
):
    asset.group = AssetGroupFactory(name="Platós")
    asset.save()
    sibling = AssetFactory(name="Plató B", group=asset.group)
    booking = book(asset, member, booker)
    with django_capture_on_commit_callbacks(execute=True):
        services.reservation_update(reservation=booking, by=booker, asset=sibling)
    assert freed == [(asset.id, local(MONDAY, 10), local(MONDAY, 12), booking.id, Status.APPROVED)]
