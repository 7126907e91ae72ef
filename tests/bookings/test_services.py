"""Conflicts, buffers, blackouts, transitions and the audit trail."""

from datetime import UTC, timedelta

import pytest

from bookings import services
from bookings.errors import BookingConflict
from bookings.models import TRANSITIONS, Reservation, Status
from sinergia.exceptions import Forbidden, InvalidTransition, RuleViolation
from tests.conftest import future_day, local
from tests.factories import AssetFactory, AssetGroupFactory, MemberFactory, MembershipFactory, PriceRuleFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


def book(asset, member, user, start_hour, end_hour, day=MONDAY, **kwargs):
    return services.reservation_create(
        asset=asset,
        member=member,
        by=user,
        start=local(day, start_hour),
        end=local(day, end_hour),
        title="Shoot",
        **kwargs,
    )


def test_half_open_periods_do_not_conflict(asset, member, booker):
    book(asset, member, booker, 10, 12)
    assert book(asset, member, booker, 12, 14).status == "approved"
    assert book(asset, member, booker, 8, 10).status == "approved"


def test_overlapping_request_is_refused_with_conflicts_and_writes_nothing(
    asset, member, booker, other_booker, other_member
):
    book(asset, member, booker, 10, 12)
    with pytest.raises(BookingConflict) as refused:
        book(asset, other_member, other_booker, 11, 13)
    payload = refused.value.as_payload()
    assert payload["code"] == "conflict"
    assert payload["conflicts"] == [{"kind": "reservation", "start": local(MONDAY, 10), "end": local(MONDAY, 12)}]
    assert Reservation.objects.count() == 1


def test_cleanup_buffer_blocks_the_following_slot(member, booker):
    asset = AssetFactory(cleanup_buffer=timedelta(minutes=30))
    first = book(asset, member, booker, 10, 12)
    assert first.blocked_period == (local(MONDAY, 10), local(MONDAY, 12, 30))
    with pytest.raises(BookingConflict):
        book(asset, member, booker, 12, 14)
    assert services.reservation_create(
        asset=asset, member=member, by=booker, start=local(MONDAY, 12, 30), end=local(MONDAY, 14), title="Next"
    )


def test_setup_buffer_blocks_the_slot_before(member, booker):
    asset = AssetFactory(setup_buffer=timedelta(hours=1))
    book(asset, member, booker, 12, 14)
    with pytest.raises(BookingConflict):
        book(asset, member, booker, 10, 12)
    assert book(asset, member, booker, 10, 11)


def test_blackout_blocks_bookings_and_refuses_to_cover_bookings(asset, member, booker, manager):
    services.blackout_create(asset=asset, by=manager, start=local(MONDAY, 9), end=local(MONDAY, 12), reason="Lights")
    with pytest.raises(BookingConflict) as refused:
        book(asset, member, booker, 11, 13)
    assert refused.value.as_payload()["conflicts"][0]["kind"] == "blackout"
    book(asset, member, booker, 14, 16)
    with pytest.raises(BookingConflict):
        services.blackout_create(asset=asset, by=manager, start=local(MONDAY, 15), end=local(MONDAY, 18))


def test_only_managers_create_blackouts(asset, booker):
    with pytest.raises(Forbidden):
        services.blackout_create(asset=asset, by=booker, start=local(MONDAY, 9), end=local(MONDAY, 12))


def test_cancelled_and_rejected_reservations_free_the_slot(asset, member, booker):
    first = book(asset, member, booker, 10, 12)
    services.reservation_cancel(reservation=first, by=booker, reason="Plans changed")
    assert book(asset, member, booker, 10, 12).status == "approved"


# --- approvals -------------------------------------------------------------------------------------


@pytest.fixture
def approval_asset(manager, asset):
    asset.requires_approval = True
    asset.save()
    return asset


def test_request_on_an_approval_asset_waits_as_pending(approval_asset, member, booker):
    assert book(approval_asset, member, booker, 10, 12).status == "pending"


def test_auto_approved_member_skips_the_queue(approval_asset, member, booker):
    approval_asset.auto_approved_members.add(member)
    assert book(approval_asset, member, booker, 10, 12).status == "approved"


def test_pending_request_blocks_a_new_overlapping_one(approval_asset, member, booker, other_member, other_booker):
    book(approval_asset, member, booker, 10, 12)
    with pytest.raises(BookingConflict):
        book(approval_asset, other_member, other_booker, 11, 13)


def test_approving_one_request_auto_rejects_the_competing_ones(
    approval_asset, member, booker, other_member, other_booker, manager
):
    first = book(approval_asset, member, booker, 10, 12)
    rival = book(approval_asset, other_member, other_booker, 11, 13, compete=True)
    untouched = book(approval_asset, other_member, other_booker, 14, 15)
    assert rival.status == "pending"

    services.reservation_approve(reservation=rival, by=manager)

    first.refresh_from_db()
    untouched.refresh_from_db()
    assert first.status == "rejected"
    # The reason says a rival won, not which one: its id is another member's business.
    assert first.events.get(action="auto_rejected").reason == "Another request for the same period was approved."
    assert untouched.status == "pending"


def test_competing_requests_are_not_allowed_against_approved_bookings(
    approval_asset, member, booker, other_member, other_booker, manager
):
    approval_asset.auto_approved_members.add(member)
    book(approval_asset, member, booker, 10, 12)
    with pytest.raises(BookingConflict):
        book(approval_asset, other_member, other_booker, 11, 13, compete=True)


def test_only_the_assets_managers_approve_and_reject(approval_asset, member, booker, member_admin):
    request = book(approval_asset, member, booker, 10, 12)
    for user in (booker, member_admin):
        with pytest.raises(Forbidden):
            services.reservation_approve(reservation=request, by=user)
        with pytest.raises(Forbidden):
            services.reservation_reject(reservation=request, by=user, reason="no")


def test_group_managers_manage_the_groups_assets(member, booker):
    group = AssetGroupFactory()
    asset = AssetFactory(group=group, requires_approval=True)
    group_manager = MembershipFactory().user
    group.managers.add(group_manager)
    request = book(asset, member, booker, 10, 12)
    assert services.reservation_approve(reservation=request, by=group_manager).status == "approved"


def test_reject_needs_a_reason_and_records_it(approval_asset, member, booker, manager):
    request = book(approval_asset, member, booker, 10, 12)
    with pytest.raises(RuleViolation):
        services.reservation_reject(reservation=request, by=manager, reason=" ")
    services.reservation_reject(reservation=request, by=manager, reason="Stage reserved for maintenance")
    event = request.events.get(action="rejected")
    assert (event.by, event.from_status, event.to_status, event.reason) == (
        manager,
        "pending",
        "rejected",
        "Stage reserved for maintenance",
    )


@pytest.mark.parametrize("start_status", [s for s in Status])
@pytest.mark.parametrize("target", [Status.APPROVED, Status.REJECTED, Status.CANCELLED])
def test_every_transition_follows_the_table(approval_asset, member, booker, manager, start_status, target):
    reservation = book(approval_asset, member, booker, 10, 12)
    Reservation.objects.filter(id=reservation.id).update(status=start_status)
    reservation.refresh_from_db()
    operation = {
        Status.APPROVED: lambda: services.reservation_approve(reservation=reservation, by=manager),
        Status.REJECTED: lambda: services.reservation_reject(reservation=reservation, by=manager, reason="no"),
        Status.CANCELLED: lambda: services.reservation_cancel(reservation=reservation, by=booker),
    }[target]
    if target in TRANSITIONS[start_status]:
        assert operation().status == target
        assert reservation.events.filter(to_status=target).exists()
    else:
        with pytest.raises(InvalidTransition):
            operation()
        reservation.refresh_from_db()
        assert reservation.status == start_status


def test_cancel_is_for_the_booker_its_member_admin_and_managers(asset, member, booker, member_admin, manager):
    colleague = MembershipFactory(member=member).user
    stranger = MembershipFactory(member=MemberFactory()).user
    for allowed in (booker, member_admin, manager):
        reservation = book(asset, member, booker, 10, 12)
        assert services.reservation_cancel(reservation=reservation, by=allowed).status == "cancelled"
    reservation = book(asset, member, booker, 10, 12)
    for refused in (colleague, stranger):
        with pytest.raises(Forbidden):
            services.reservation_cancel(reservation=reservation, by=refused)


# --- editing ---------------------------------------------------------------------------------------


def test_moving_a_booking_rechecks_conflicts_and_records_the_change(asset, member, booker, other_member, other_booker):
    mine = book(asset, member, booker, 10, 12)
    book(asset, other_member, other_booker, 14, 16)
    with pytest.raises(BookingConflict):
        services.reservation_update(reservation=mine, by=booker, start=local(MONDAY, 13), end=local(MONDAY, 15))
    moved = services.reservation_update(reservation=mine, by=booker, start=local(MONDAY, 11), end=local(MONDAY, 13))
    assert (moved.start, moved.end) == (local(MONDAY, 11), local(MONDAY, 13))
    # Recorded in UTC, like the old value read from the database.
    assert moved.events.get(action="updated").changes["start"][1] == local(MONDAY, 11).astimezone(UTC).isoformat()


def test_moving_an_approved_booking_on_an_approval_asset_sends_it_back_to_pending(
    approval_asset, member, booker, manager
):
    reservation = services.reservation_approve(reservation=book(approval_asset, member, booker, 10, 12), by=manager)
    moved = services.reservation_update(
        reservation=reservation, by=booker, start=local(MONDAY, 14), end=local(MONDAY, 16)
    )
    assert moved.status == "pending"
    retitled = services.reservation_update(reservation=moved, by=booker, title="New title")
    assert retitled.status == "pending" and retitled.title == "New title"


def test_a_booking_can_move_into_its_own_old_period(asset, member, booker):
    mine = book(asset, member, booker, 10, 12)
    assert services.reservation_update(reservation=mine, by=booker, start=local(MONDAY, 11), end=local(MONDAY, 12))


# --- quotes frozen on the reservation ----------------------------------------------------------------


def test_the_quote_is_frozen_when_the_reservation_is_created(asset, member, booker):
    rule = PriceRuleFactory(asset=asset, hourly_rate_minor=9000, fixed_fee_minor=5000, vat_rate="21.00")
    reservation = book(asset, member, booker, 10, 14)
    assert reservation.quote["net_minor"] == 4 * 9000 + 5000
    assert reservation.quote["total_minor"] == round((4 * 9000 + 5000) * 1.21)
    rule.hourly_rate_minor = 1
    rule.save()
    reservation.refresh_from_db()
    assert reservation.quote["net_minor"] == 41000


def test_a_manager_marks_a_started_booking_as_no_show_and_it_is_charged_in_full(asset, member, booker, manager):
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="0")
    reservation = book(asset, member, booker, 10, 12)
    with pytest.raises(RuleViolation):
        services.reservation_mark_no_show(reservation=reservation, by=manager)
    with pytest.raises(Forbidden):
        services.reservation_mark_no_show(reservation=reservation, by=booker, now=local(MONDAY, 11))
    marked = services.reservation_mark_no_show(reservation=reservation, by=manager, now=local(MONDAY, 11))
    assert marked.status == "no_show"
    assert marked.charge.total_minor == 20000
    with pytest.raises(InvalidTransition):
        services.reservation_mark_no_show(reservation=marked, by=manager, now=local(MONDAY, 11))
