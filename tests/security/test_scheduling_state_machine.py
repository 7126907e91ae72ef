"""Hypothesis state machines driving the real services.

Scheduling: around the 2027 daylight-saving changes, after every step no two blocking reservations
overlap (buffers included), none overlaps a blackout, and availability never advertises a blocked period as free;
check-ins, check-outs, lengthenings in use, releases and completions at random moments keep the day of use
consistent (released only from approved and unchecked, once; checked out only after a check-in within the window).
Consent: no payer is ever billed more than the amount it last accepted, and shares add up to charges."""

import contextlib
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from accounts.models import Membership
from assets.models import Blackout, OpeningHours, PriceRule
from billing import services as billing
from billing.models import CostShare, ReservationCharge, StatementLine
from bookings import series_services, services
from bookings.errors import BookingConflict, SeriesConflict
from bookings.models import BLOCKING, Reservation, Series, Status
from bookings.selectors import asset_availability
from sinergia.exceptions import Conflict, Forbidden, InvalidTransition, RateLimited, RuleViolation
from tests.factories import AssetFactory, MembershipFactory, PriceRuleFactory, UserFactory

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
        self.assets[1].release_after_minutes = 15  # the others never release
        self.assets[1].save()

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

    def _moment(self, data, reservation):
        """A moment around the booking: from an hour before its start to an hour after its end, by 5 minutes."""
        steps = int((reservation.end - reservation.start).total_seconds() // 300) + 24
        return reservation.start + timedelta(minutes=5 * data.draw(st.integers(-12, steps)))

    @rule(data=st.data())
    def check_in(self, data):
        if r := self._pick(data):
            with contextlib.suppress(REFUSED, Conflict):
                services.reservation_check_in(reservation=r, by=self.user, now=self._moment(data, r))

    @rule(data=st.data())
    def check_out(self, data):
        if r := self._pick(data, [Status.APPROVED, Status.COMPLETED]):
            with contextlib.suppress(REFUSED, Conflict):
                services.reservation_check_out(reservation=r, by=self.user, now=self._moment(data, r))

    @rule(data=st.data(), slots=st.integers(1, 6))
    def extend(self, data, slots):
        if r := self._pick(data, [Status.APPROVED]):
            with contextlib.suppress(REFUSED, Conflict):
                services.reservation_extend(
                    reservation=r, by=self.user, end=r.end + timedelta(minutes=30 * slots), now=self._moment(data, r)
                )

    @rule(data=st.data())
    def release(self, data):
        if r := self._pick(data):
            services.reservation_release(reservation=r, now=self._moment(data, r))

    @rule(data=st.data())
    def complete(self, data):
        if r := self._pick(data, [Status.APPROVED]):
            services.reservation_complete(reservation=r, now=self._moment(data, r))

    @rule(i=st.integers(0, 2), hours=st.sampled_from(HOURS))
    def change_hours(self, i, hours):
        asset = self.assets[i]
        OpeningHours.objects.filter(asset=asset).delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(asset=asset, weekday=day, opens=hours[0], closes=hours[1]) for day in range(7)
        )

    @invariant()
    def the_day_of_use_is_consistent(self):
        if not hasattr(self, "assets"):
            return
        for r in Reservation.objects.all():
            if r.status == Status.RELEASED:
                assert r.checked_in_at is None and r.asset.release_after_minutes is not None, r
                assert r.events.filter(action="released", from_status=Status.APPROVED).count() == 1, r
            if r.checked_out_at is not None:
                assert r.checked_in_at is not None and r.checked_out_at >= r.checked_in_at, r
            if r.checked_in_at is not None:
                assert r.start - timedelta(minutes=r.asset.checkin_opens_minutes) <= r.checked_in_at, r
                assert r.events.filter(action="checked_in", from_status=Status.APPROVED).count() == 1, r

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


# --- Consent and money ------------------------------------------------------------------------

CONSENT_NOW = datetime(2027, 1, 4, tzinfo=UTC)  # bookings are made "now" for January 2027
LATER = datetime(2027, 6, 1, tzinfo=UTC)  # when completions and no-shows are recorded
CONSENT_REFUSED = (*REFUSED, Conflict, RateLimited)


class Consent(RuleBasedStateMachine):
    """Random bookings, splits, moves (by the booker and by a manager), price changes, cancellations with a fee,
    no-shows, releases, check-ins and check-outs under each billing basis, completions, accepts, declines and
    period closes. The model records the amount each payer last
    accepted of each reservation; after every step no payer is billed, or holds an accepted share of, more than
    that, and every reservation's shares add up to its charge."""

    @initialize()
    def setup(self):
        # Each example runs in a savepoint rolled back by teardown, so every example starts from the same database.
        self.example = transaction.atomic()
        self.example.__enter__()
        self.manager = UserFactory()
        self.accountant = UserFactory(is_accountant=True)
        self.asset = AssetFactory(timezone="Europe/Madrid", hours=(time(0), time(0)), max_horizon=LONG)
        # Every approved booking is inside the late-cancellation window: cancelling costs half the price.
        self.asset.free_cancellation = timedelta(days=3650)
        self.asset.late_cancellation_fee_percent = 50
        self.asset.save()
        self.asset.managers.add(self.manager)
        self.price = PriceRuleFactory(asset=self.asset, hourly_rate_minor=7000, vat_rate="21.00", fixed_fee_minor=333)
        booking = MembershipFactory(role=Membership.Role.MEMBER_ADMIN)
        self.member, self.booker = booking.member, booking.user
        self.payers = [MembershipFactory(role=Membership.Role.MEMBER_ADMIN) for _ in range(2)]
        self.admin_of = {m.member_id: m.user for m in [booking, *self.payers]}
        self.accepted: dict[tuple[int, int], tuple[int, str]] = {}  # (reservation, payer) -> amount, currency
        self.next_month = 1
        for day in (11, 12):  # two bookings split three ways to start from
            start = datetime(2027, 1, day, 10, tzinfo=ZoneInfo("Europe/Madrid"))
            reservation = services.reservation_create(
                asset=self.asset, member=self.member, by=self.booker, start=start, end=start + timedelta(hours=2),
                title="x", now=CONSENT_NOW,
            )  # fmt: skip
            billing.cost_shares_set(
                reservation=reservation,
                payers=[(m.member, Decimal(1)) for m in [booking, *self.payers]],
                by=self.booker,
            )

    def _pick(self, data, queryset):
        ids = list(queryset.order_by("id").values_list("id", flat=True))
        return queryset.model.objects.get(id=data.draw(st.sampled_from(ids))) if ids else None

    def _period(self, data):
        start = datetime(2027, 1, 11, 8, tzinfo=ZoneInfo("Europe/Madrid")) + timedelta(
            days=data.draw(st.integers(0, 9)), hours=data.draw(st.integers(0, 12))
        )
        return start, start + timedelta(hours=data.draw(st.integers(1, 6)))

    @rule(data=st.data())
    def book(self, data):
        start, end = self._period(data)
        with contextlib.suppress(CONSENT_REFUSED):
            services.reservation_create(
                asset=self.asset, member=self.member, by=self.booker, start=start, end=end, title="x", now=CONSENT_NOW
            )

    @rule(data=st.data(), weights=st.lists(st.sampled_from(["0", "0.0001", "1", "2", "3"]), min_size=3, max_size=3))
    def split(self, data, weights):
        reservation = self._pick(data, Reservation.objects.all())
        members = [self.member, *(m.member for m in self.payers)]
        payers = [(m, Decimal(w)) for m, w in zip(members, weights, strict=True) if w != "0"]
        if reservation and payers:
            with contextlib.suppress(CONSENT_REFUSED):
                billing.cost_shares_set(reservation=reservation, payers=payers, by=self.booker)

    @rule(data=st.data(), by_manager=st.booleans())
    def move(self, data, by_manager):
        reservation = self._pick(data, Reservation.objects.filter(status__in=BLOCKING))
        if reservation:
            start, end = self._period(data)
            by = self.manager if by_manager else self.booker
            with contextlib.suppress(CONSENT_REFUSED):
                services.reservation_update(reservation=reservation, by=by, start=start, end=end, now=CONSENT_NOW)

    @rule(rate=st.sampled_from([3000, 7000, 20000]), currency=st.sampled_from(["EUR", "EUR", "USD"]))
    def change_price(self, rate, currency):
        PriceRule.objects.filter(id=self.price.id).update(hourly_rate_minor=rate, currency=currency)

    @rule(data=st.data())
    def cancel(self, data):
        if reservation := self._pick(data, Reservation.objects.filter(status__in=BLOCKING)):
            with contextlib.suppress(CONSENT_REFUSED):
                services.reservation_cancel(reservation=reservation, by=self.booker, now=CONSENT_NOW)

    @rule(data=st.data())
    def no_show(self, data):
        if reservation := self._pick(data, Reservation.objects.filter(status=Status.APPROVED)):
            with contextlib.suppress(CONSENT_REFUSED):
                services.reservation_mark_no_show(reservation=reservation, by=self.manager, now=LATER)

    @rule(data=st.data())
    def complete(self, data):
        if reservation := self._pick(data, Reservation.objects.filter(status=Status.APPROVED)):
            services.reservation_complete(reservation=reservation, now=LATER)

    @rule(data=st.data(), minutes=st.integers(0, 8 * 60))
    def use(self, data, minutes):
        """Check in at the start, out `minutes` later (past the end: an overrun), as the time actually used."""
        if reservation := self._pick(data, Reservation.objects.filter(status=Status.APPROVED)):
            with contextlib.suppress(CONSENT_REFUSED):
                services.reservation_check_in(reservation=reservation, by=self.booker, now=reservation.start)
                services.reservation_check_out(
                    reservation=reservation, by=self.booker, now=reservation.start + timedelta(minutes=minutes)
                )

    @rule(basis=st.sampled_from(["booked", "actual", "greater"]), release=st.sampled_from([None, 15]),
          fee=st.sampled_from([0, 33, 100]))  # fmt: skip
    def change_day_of_use_rules(self, basis, release, fee):
        self.asset.billing_basis, self.asset.release_after_minutes, self.asset.no_show_fee_percent = basis, release, fee
        self.asset.save(update_fields=["billing_basis", "release_after_minutes", "no_show_fee_percent"])

    @rule(data=st.data())
    def release(self, data):
        if reservation := self._pick(data, Reservation.objects.filter(status=Status.APPROVED)):
            services.reservation_release(reservation=reservation, now=LATER)

    @rule(data=st.data(), accept=st.booleans())
    def decide(self, data, accept):
        share = self._pick(data, CostShare.objects.filter(state=CostShare.State.PROPOSED))
        if share is None:
            return
        decide = billing.cost_share_accept if accept else billing.cost_share_decline
        with contextlib.suppress(CONSENT_REFUSED):
            decided = decide(share=share, by=self.admin_of[share.member_id])
            if accept:
                self.accepted[(decided.reservation_id, decided.member_id)] = (decided.amount_minor, decided.currency)

    @precondition(lambda self: self.next_month <= 3)
    @rule()
    def close(self):
        period = billing.billing_period_for(year=2027, month=self.next_month)
        billing.billing_period_close(period=period, by=self.accountant, now=period.end)
        self.next_month += 1

    def teardown(self):
        if hasattr(self, "example"):
            transaction.set_rollback(True)
            self.example.__exit__(None, None, None)

    def _within_consent(self, reservation_id, member_id, amount, currency, booking_member_id):
        if member_id == booking_member_id:
            return True
        accepted_amount, accepted_currency = self.accepted.get((reservation_id, member_id), (None, None))
        return accepted_amount is not None and amount <= accepted_amount and currency == accepted_currency

    @invariant()
    def nobody_pays_more_than_it_accepted_and_shares_add_up(self):
        if not hasattr(self, "asset"):
            return
        for charge in ReservationCharge.objects.select_related("reservation"):
            shares = list(CostShare.objects.filter(reservation_id=charge.reservation_id))
            assert sum(s.amount_minor for s in shares) == charge.total_minor, (charge, shares)
            for share in shares:
                assert share.currency == charge.currency and share.amount_minor >= 0, share
                if share.state == CostShare.State.ACCEPTED:
                    assert self._within_consent(
                        share.reservation_id, share.member_id, share.amount_minor, share.currency,
                        charge.reservation.member_id,
                    ), (share, self.accepted.get((share.reservation_id, share.member_id)))  # fmt: skip
                else:
                    assert share.member_id != charge.reservation.member_id, share
        billed: dict[int, int] = {}
        for line in StatementLine.objects.filter(kind=StatementLine.Kind.SHARE).select_related(
            "statement", "reservation"
        ):
            assert self._within_consent(
                line.reservation_id, line.statement.member_id, line.amount_minor, line.currency,
                line.reservation.member_id,
            ), (line, self.accepted.get((line.reservation_id, line.statement.member_id)))  # fmt: skip
            billed[line.reservation_id] = billed.get(line.reservation_id, 0) + line.amount_minor
        for charge in ReservationCharge.objects.filter(billed_in__isnull=False):
            assert billed.get(charge.reservation_id, 0) == charge.total_minor, charge


@pytest.mark.django_db
def test_consent_state_machine(settings):
    settings.SHARE_PROPOSALS_PER_HOUR = 1000  # explore re-proposals freely; the limit has its own tests
    run_state_machine_as_test(
        Consent,
        settings=hypothesis_settings(
            max_examples=40,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
        ),
    )
