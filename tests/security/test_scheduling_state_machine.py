"""Issue 10: a Hypothesis state machine drives the real scheduling services around the 2027
daylight-saving changes and checks, after every step, that no two blocking reservations overlap
(buffers included), none overlaps a blackout, and availability never advertises a blocked period as free."""

import contextlib
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from assets.models import Blackout, OpeningHours
from bookings import series_services, services
from bookings.errors import BookingConflict, SeriesConflict
from bookings.models import BLOCKING, Reservation, Series, Status
from bookings.selectors import asset_availability
from sinergia.exceptions import Forbidden, InvalidTransition, RuleViolation
from tests.factories import AssetFactory, MembershipFactory, UserFactory

NOW = datetime(2027, 1, 4, tzinfo=UTC)
LONG = timedelta(days=3650)
REFUSED = (RuleViolation, BookingConflict, InvalidTransition, Forbidden, SeriesConflict)
# (time zone, a day before each 2027 change): Madrid 03-28 and 10-31, Toronto 03-14 and 11-07.
DAYS = {
    "Europe/Madrid": [datetime(2027, 3, 27), datetime(2027, 10, 30)],
    "America/Toronto": [datetime(2027, 3, 13), datetime(2027, 11, 6)],
}
HOURS = [(time(0), time(0)), (time(8), time(22)), (time(1), time(4)), (time(18), time(0))]


class Scheduling(RuleBasedStateMachine):
    @initialize()
    def setup(self):
        Reservation.objects.all().delete()
        Series.objects.all().delete()
        Blackout.objects.all().delete()
        self.manager = UserFactory()
        self.membership = MembershipFactory()
        self.member, self.user = self.membership.member, self.membership.user
        self.assets = [
            AssetFactory(timezone="Europe/Madrid", requires_approval=True, max_horizon=LONG, hours=HOURS[0]),
            AssetFactory(
                timezone="Europe/Madrid", cleanup_buffer=timedelta(minutes=30), max_horizon=LONG, hours=HOURS[0]
            ),
            AssetFactory(timezone="America/Toronto", max_horizon=LONG, hours=HOURS[0]),
        ]
        for asset in self.assets:
            asset.managers.add(self.manager)

    def _slot(self, data, asset):
        day = data.draw(st.sampled_from(DAYS[asset.timezone]))
        offset = data.draw(st.integers(0, 3 * 48 - 1))  # 30-minute slots over three local days
        local = day.replace(tzinfo=ZoneInfo(asset.timezone)) + timedelta(minutes=30 * offset)
        local = datetime.fromtimestamp(local.timestamp(), ZoneInfo(asset.timezone))
        return local, local + timedelta(minutes=30 * data.draw(st.integers(1, 8)))

    def _pick(self, data, statuses=None):
        qs = Reservation.objects.all()
        if statuses:
            qs = qs.filter(status__in=statuses)
        ids = list(qs.values_list("id", flat=True))
        return Reservation.objects.get(id=data.draw(st.sampled_from(ids))) if ids else None

    @rule(data=st.data(), i=st.integers(0, 2))
    def create(self, data, i):
        asset = self.assets[i]
        start, end = self._slot(data, asset)
        with contextlib.suppress(REFUSED):
            services.reservation_create(
                asset=asset, member=self.member, by=self.user, start=start, end=end, title="x", now=NOW
            )

    @rule(data=st.data(), i=st.integers(0, 2), count=st.integers(2, 4))
    def series(self, data, i, count):
        asset = self.assets[i]
        start, end = self._slot(data, asset)
        on_conflict = data.draw(st.sampled_from(["reject", "skip"]))
        with contextlib.suppress(REFUSED):
            series_services.series_create(
                asset=asset, member=self.member, by=self.user, start=start, end=end,
                rrule=f"FREQ=DAILY;COUNT={count}", title="s", on_conflict=on_conflict, now=NOW,
            )  # fmt: skip

    @rule(data=st.data())
    def cancel(self, data):
        if r := self._pick(data, BLOCKING):
            with contextlib.suppress(REFUSED):
                services.reservation_cancel(reservation=r, by=self.user, now=NOW)

    @rule(data=st.data())
    def approve(self, data):
        if r := self._pick(data, [Status.PENDING]):
            with contextlib.suppress(REFUSED):
                services.reservation_approve(reservation=r, by=self.manager, now=NOW)

    @rule(data=st.data())
    def reject(self, data):
        if r := self._pick(data, [Status.PENDING]):
            with contextlib.suppress(REFUSED):
                services.reservation_reject(reservation=r, by=self.manager, reason="no")

    @rule(data=st.data())
    def reschedule(self, data):
        if r := self._pick(data, BLOCKING):
            start, end = self._slot(data, r.asset)
            with contextlib.suppress(REFUSED):
                services.reservation_update(reservation=r, by=self.user, start=start, end=end, now=NOW)

    @rule(i=st.integers(0, 2), hours=st.sampled_from(HOURS))
    def change_hours(self, i, hours):
        asset = self.assets[i]
        OpeningHours.objects.filter(asset=asset).delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(asset=asset, weekday=day, opens=hours[0], closes=hours[1]) for day in range(7)
        )

    @invariant()
    def no_overlap_and_availability_is_honest(self):
        if not hasattr(self, "assets"):
            return
        for asset in self.assets:
            blocking = list(Reservation.objects.filter(asset=asset, status__in=BLOCKING))
            for a in blocking:
                for b in blocking:
                    if a.id < b.id:
                        assert not (a.blocked_start < b.blocked_end and b.blocked_start < a.blocked_end), (a, b)
                assert not Blackout.objects.filter(asset=asset, start__lt=a.blocked_end, end__gt=a.blocked_start)
            for day in DAYS[asset.timezone]:
                start = day.replace(tzinfo=UTC) - timedelta(days=1)
                free = asset_availability(asset, start, start + timedelta(days=6))["free"]
                for f in free:
                    for r in blocking:
                        assert not (f["start"] < r.blocked_end and r.blocked_start < f["end"]), (f, r)


@pytest.mark.django_db
def test_scheduling_state_machine():
    run_state_machine_as_test(
        Scheduling,
        settings=settings(
            max_examples=200,
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
        ),
    )
