"""Waitlist follow-ups: the alternatives a refused booking is offered never overlap a period the waitlist holds for
another member (on its own asset or a sibling), and read the holds only where an offer is out; a move that leaves
(part of) a booking's period sends `slot_freed`, so a waiting entry is offered the time the move gave up."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from waitlist import services
from waitlist.models import EntryState, WaitlistEntry
from waitlist.selectors import holds_overlapping

from bookings import services as booking_services
from bookings.alternatives import alternatives_for
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, AssetGroupFactory, MemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)
START, END = local(MONDAY, 10), local(MONDAY, 12)


@pytest.fixture
def stages():
    """Two stages of one group, the first with a 30-minute cleanup buffer."""
    group = AssetGroupFactory(name="Platós")
    first = AssetFactory(name="Plató 1", group=group, cleanup_buffer=timedelta(minutes=30))
    return first, AssetFactory(name="Plató 2", group=group)


@pytest.fixture
def third_booker():
    return MembershipFactory(member=MemberFactory(name="Este Audio"), user=UserFactory(username="dora")).user


def hold_for(asset, member, booker, other_member, other_booker, capture, start=START, end=END):
    """`member` waits for `other_member`'s booking of `asset` from `start` to `end`, which is then cancelled: the
    period is offered to `member` and held for it."""
    taken = booking_services.reservation_create(
        asset=asset, member=other_member, by=other_booker, start=start, end=end, title="Rodaje"
    )
    entry = services.waitlist_join(asset=asset, member=member, by=booker, start=start, end=end)
    with capture(execute=True):
        booking_services.reservation_cancel(reservation=taken, by=other_booker)
    entry.refresh_from_db()
    assert entry.state == EntryState.OFFERED
    return entry


def test_the_409_alternatives_skip_periods_held_for_another_member(
    api, stages, member, booker, other_member, other_booker, third_booker, django_capture_on_commit_callbacks
):
    stage, sibling = stages
    hold_for(stage, member, booker, other_member, other_booker, django_capture_on_commit_callbacks)
    hold_for(sibling, member, booker, other_member, other_booker, django_capture_on_commit_callbacks)
    body = {"asset": stage.id, "start": START.isoformat(), "end": END.isoformat(), "title": "Mine"}
    refused = as_user(api, third_booker).post("/api/v1/reservations/", body, format="json")
    assert (refused.status_code, refused.json()["code"]) == (409, "held_for_waitlist")
    offered = refused.json()["alternatives"]
    assert offered, refused.json()
    now = timezone.now()
    third = third_booker.memberships.get().member
    for offer in offered:
        asset = stage if offer["asset"] == stage.id else sibling
        start, end = parse_datetime(offer["start"]), parse_datetime(offer["end"])
        assert holds_overlapping(asset, start, end, now=now, member_id=third.id) == [], offer
    # The sibling's same period is held too, and the nearest slot on the stage starts after the hold's cleanup.
    assert sibling.id not in {o["asset"] for o in offered}
    later = sorted(parse_datetime(o["start"]) for o in offered if parse_datetime(o["start"]) > START)
    assert later[0] == local(MONDAY, 12, 30)
    first = {**body, "start": offered[0]["start"], "end": offered[0]["end"], "asset": offered[0]["asset"]}
    assert as_user(api, third_booker).post("/api/v1/reservations/", first, format="json").status_code == 201


def test_the_member_holding_the_period_is_offered_it(
    stages, member, booker, other_member, other_booker, django_capture_on_commit_callbacks
):
    stage, sibling = stages
    hold_for(sibling, member, booker, other_member, other_booker, django_capture_on_commit_callbacks)
    for_holder = alternatives_for(asset=stage, member=member, booker=booker, start=START, end=END,
                                  now=timezone.now())  # fmt: skip
    for_other = alternatives_for(asset=stage, member=other_member, booker=other_booker, start=START, end=END,
                                 now=timezone.now())  # fmt: skip
    assert sibling.id in {o["asset"] for o in for_holder}
    assert sibling.id not in {o["asset"] for o in for_other}


def test_a_lapsed_hold_is_no_longer_skipped(
    stages, member, booker, other_member, other_booker, django_capture_on_commit_callbacks
):
    stage, sibling = stages
    entry = hold_for(sibling, member, booker, other_member, other_booker, django_capture_on_commit_callbacks)
    after = entry.hold_until + timedelta(seconds=1)
    offered = alternatives_for(asset=stage, member=other_member, booker=other_booker, start=START, end=END, now=after)
    assert sibling.id in {o["asset"] for o in offered}


def _waitlist_reads(queries) -> int:
    return sum('FROM "waitlist_waitlistentry"' in q["sql"] and "EXISTS" not in q["sql"] for q in queries)


def test_the_holds_are_read_only_when_an_offer_is_out(
    stages, member, booker, other_member, other_booker, django_capture_on_commit_callbacks
):
    stage, sibling = stages
    with CaptureQueriesContext(connection) as without:
        alternatives_for(asset=stage, member=other_member, booker=other_booker, start=START, end=END,
                         now=timezone.now())  # fmt: skip
    hold_for(sibling, member, booker, other_member, other_booker, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as with_offer:
        alternatives_for(asset=stage, member=other_member, booker=other_booker, start=START, end=END,
                         now=timezone.now())  # fmt: skip
    assert _waitlist_reads(without.captured_queries) == 0
    assert _waitlist_reads(with_offer.captured_queries) == 1
    assert len(with_offer.captured_queries) == len(without.captured_queries) + 1


def _taken_and_waiting(asset, member, booker, other_member, other_booker, *, start=START, end=END):
    taken = booking_services.reservation_create(
        asset=asset, member=other_member, by=other_booker, start=START, end=END, title="Rodaje"
    )
    return taken, services.waitlist_join(asset=asset, member=member, by=booker, start=start, end=end)


def test_moving_a_booking_later_offers_the_time_it_left_to_the_waitlist(
    api, asset, member, booker, other_member, other_booker, django_capture_on_commit_callbacks
):
    taken, entry = _taken_and_waiting(asset, member, booker, other_member, other_booker, end=local(MONDAY, 11))
    body = {"start": local(MONDAY, 11).isoformat(), "end": local(MONDAY, 13).isoformat()}
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(api, other_booker).patch(f"/api/v1/reservations/{taken.id}/", body, format="json")
    assert response.status_code == 200, response.json()
    entry.refresh_from_db()
    assert entry.state == EntryState.OFFERED and entry.hold_until is not None


def test_a_move_that_still_blocks_the_waiting_period_offers_nothing(
    asset, member, booker, other_member, other_booker, django_capture_on_commit_callbacks
):
    """10–12 moved to 10:30–12:30 frees 10:00–10:30 only; the entry waits for 11–12, still taken."""
    taken, entry = _taken_and_waiting(asset, member, booker, other_member, other_booker, start=local(MONDAY, 11))
    with django_capture_on_commit_callbacks(execute=True):
        booking_services.reservation_update(reservation=taken, by=other_booker, start=local(MONDAY, 10, 30),
                                            end=local(MONDAY, 12, 30))  # fmt: skip
    assert WaitlistEntry.objects.get(id=entry.id).state == EntryState.WAITING


def test_moving_a_booking_to_another_asset_offers_its_old_period(
    stages, member, booker, other_member, other_booker, django_capture_on_commit_callbacks
):
    stage, sibling = stages
    taken, entry = _taken_and_waiting(stage, member, booker, other_member, other_booker)
    with django_capture_on_commit_callbacks(execute=True):
        booking_services.reservation_update(reservation=taken, by=other_booker, asset=sibling)
    entry.refresh_from_db()
    assert entry.state == EntryState.OFFERED
    assert (entry.asset_id, entry.start, entry.end) == (stage.id, START, END)
