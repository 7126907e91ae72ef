"""A Hypothesis state machine over the waitlist's real services: three companies book, cancel, join, accept and
withdraw on one asset (with a cleanup buffer) while time passes and the beat sweeps. After every step each entry
moved only along TRANSITIONS, holds of different companies never overlap, nobody else's booking sits in a running
hold, and a booked entry has its company's booking of its period."""

import contextlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from waitlist import offers, services
from waitlist.models import TRANSITIONS, EntryState, WaitlistEntry

from bookings import services as booking_services
from bookings.errors import BookingConflict
from bookings.models import BLOCKING, Reservation
from bookings.rules import blocked_period
from sinergia.exceptions import Conflict, Forbidden, RuleViolation
from sinergia.intervals import overlaps
from tests.factories import AssetFactory, MembershipFactory

NOW = datetime(2027, 1, 4, 10, tzinfo=UTC)
DAY = datetime(2027, 1, 4, 12, tzinfo=UTC)  # the slots: 12:00 UTC on, in hours
REFUSED = (RuleViolation, BookingConflict, Conflict, Forbidden)


class Waitlist(RuleBasedStateMachine):
    @initialize()
    def setup(self):
        WaitlistEntry.objects.all().delete()
        Reservation.objects.all().delete()
        self.asset = AssetFactory(cleanup_buffer=timedelta(minutes=30), waitlist_hold_minutes=30)
        self.people = [MembershipFactory() for _ in range(3)]
        self.now = NOW
        self.seen: dict[int, str] = {}

    def _period(self, data):
        start = DAY + timedelta(hours=data.draw(st.integers(0, 5)))
        return start, start + timedelta(hours=data.draw(st.integers(1, 3)))

    def _who(self, data):
        return data.draw(st.sampled_from(self.people))

    def _pick(self, data, model, **filters):
        ids = list(model.objects.filter(**filters).values_list("id", flat=True))
        return model.objects.get(id=data.draw(st.sampled_from(ids))) if ids else None

    @rule(data=st.data())
    def book(self, data):
        who, (start, end) = self._who(data), self._period(data)
        with contextlib.suppress(REFUSED):
            booking_services.reservation_create(asset=self.asset, member=who.member, by=who.user, start=start,
                                                end=end, title="x", now=self.now)  # fmt: skip

    @rule(data=st.data())
    def cancel(self, data):
        if booking := self._pick(data, Reservation, status__in=BLOCKING):
            with contextlib.suppress(REFUSED):
                booking_services.reservation_cancel(reservation=booking, by=booking.booked_by, now=self.now)
                # What the slot_freed task does once the cancellation commits.
                offers.offer_freed(asset_id=self.asset.id, start=booking.start, end=booking.end, now=self.now)

    @rule(data=st.data())
    def join(self, data):
        who, (start, end) = self._who(data), self._period(data)
        with contextlib.suppress(REFUSED):
            services.waitlist_join(asset=self.asset, member=who.member, by=who.user, start=start, end=end,
                                   now=self.now)  # fmt: skip

    @rule(data=st.data())
    def accept(self, data):
        if entry := self._pick(data, WaitlistEntry):
            with contextlib.suppress(REFUSED):
                services.waitlist_accept(entry=entry, by=entry.user, now=self.now)

    @rule(data=st.data())
    def withdraw(self, data):
        if entry := self._pick(data, WaitlistEntry):
            with contextlib.suppress(REFUSED):
                services.waitlist_withdraw(entry=entry, by=entry.user, now=self.now)

    @rule(minutes=st.sampled_from([0, 10, 31, 240]))
    def time_passes_and_the_beat_sweeps(self, minutes):
        self.now += timedelta(minutes=minutes)
        offers.sweep(now=self.now)
        offers.sweep(now=self.now)  # a second beat

    @invariant()
    def the_waitlist_holds(self):
        if not hasattr(self, "asset"):
            return
        entries = list(WaitlistEntry.objects.select_related("reservation"))
        for entry in entries:
            before = self.seen.get(entry.id, EntryState.WAITING)
            assert entry.state == before or entry.state in TRANSITIONS[before], (before, entry.state)
            self.seen[entry.id] = entry.state
            if entry.state == EntryState.BOOKED:
                booking = entry.reservation
                assert (booking.member_id, booking.start, booking.end) == (entry.member_id, entry.start, entry.end)
        holds = [e for e in entries if e.state == EntryState.OFFERED and e.hold_until > self.now]
        for hold in holds:
            assert hold.hold_until <= hold.start
            period = blocked_period(self.asset, hold.start, hold.end)
            for other in holds:
                if other.id != hold.id and other.member_id != hold.member_id:
                    assert not overlaps(period, blocked_period(self.asset, other.start, other.end)), (hold, other)
            for booking in Reservation.objects.filter(asset=self.asset, status__in=BLOCKING):
                if booking.member_id != hold.member_id:
                    assert not overlaps(period, booking.blocked_period), (hold, booking)


@pytest.mark.django_db
def test_waitlist_state_machine():
    run_state_machine_as_test(
        Waitlist,
        settings=settings(
            max_examples=200,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
        ),
    )
