"""A technician double-booked through two different assets at once: exactly one booking wins (PostgreSQL)."""

import pytest
from django.db import IntegrityError, transaction

from assets.models import OperatorMode, ResourceType
from bookings import services
from bookings.errors import BookingConflict
from bookings.models import Reservation, Status
from tests.bookings.test_concurrency import race
from tests.conftest import future_day, local
from tests.factories import AssetFactory, MemberFactory, MembershipFactory

MONDAY = future_day(0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_technician_booked_through_two_assets_at_once_gives_one_winner():
    lines = [AssetFactory(name=f"Line {i}", operator=OperatorMode.REQUIRED) for i in range(2)]
    olga = AssetFactory(name="Operator Olga", resource_type=ResourceType.STAFF)
    olga.operates.set(lines)
    bookers = [MembershipFactory(member=MemberFactory()) for _ in lines]

    def book(i):
        return services.reservation_create(
            asset=lines[i], member=bookers[i].member, by=bookers[i].user, start=local(MONDAY, 10),
            end=local(MONDAY, 12), title=f"#{i}",
        )  # fmt: skip

    results = race(2, book)
    won = [r for r in results if isinstance(r, Reservation)]
    assert len(won) == 1, results
    lost = next(r for r in results if r not in won)
    assert isinstance(lost, BookingConflict) and lost.extra["problem"] == "no_operator_free"
    assert Reservation.objects.filter(asset=olga, assists=won[0]).count() == 1
    assert Reservation.objects.count() == 2  # the loser left nothing behind


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_refuses_two_overlapping_approved_rows_on_a_technician():
    olga = AssetFactory(name="Operator Olga", resource_type=ResourceType.STAFF)
    membership = MembershipFactory()

    def row(start_hour, end_hour):
        start, end = local(MONDAY, start_hour), local(MONDAY, end_hour)
        return Reservation(asset=olga, member=membership.member, booked_by=membership.user, start=start, end=end,
                           blocked_start=start, blocked_end=end, status=Status.APPROVED, title="x")  # fmt: skip

    row(10, 12).save()
    with pytest.raises(IntegrityError, match="reservation_no_overlap"), transaction.atomic():
        row(11, 13).save()
