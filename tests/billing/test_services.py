"""Charges, cost shares and consent, cancellation fees, and closing a billing period."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone

from billing import selectors, services, signals
from billing.models import BillingPeriod, ChargeKind, CostShare, Statement, StatementLine
from bookings import services as bookings
from bookings.models import Status
from sinergia.exceptions import Conflict, Forbidden, InvalidTransition, RuleViolation
from tests.conftest import future_day, local
from tests.factories import MembershipFactory, PriceRuleFactory, UserFactory

from .helpers import past_reservation, utc

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


@pytest.fixture
def priced_asset(asset):
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="21.00")
    return asset


def book(asset, member, user, start_hour=10, end_hour=12, day=MONDAY):
    return bookings.reservation_create(
        asset=asset, member=member, by=user, start=local(day, start_hour), end=local(day, end_hour), title="Shoot"
    )


def shares_of(reservation):
    return {s.member_id: (s.amount_minor, s.state) for s in CostShare.objects.filter(reservation=reservation)}


def test_a_new_reservation_is_charged_in_full_to_the_booking_member(priced_asset, member, booker):
    reservation = book(priced_asset, member, booker)
    assert reservation.charge.kind == ChargeKind.BOOKED
    assert reservation.charge.total_minor == 24200
    assert shares_of(reservation) == {member.id: (24200, "accepted")}


def test_co_payers_are_proposed_and_the_split_sums_to_the_total(priced_asset, member, booker, co_payer, other_member):
    reservation = book(priced_asset, member, booker)
    proposed = []
    signals.cost_share_proposed.connect(
        lambda sender, share, by, **kw: proposed.append(share.member_id), weak=False, dispatch_uid="test.proposed"
    )
    try:
        services.cost_shares_set(
            reservation=reservation,
            payers=[(member, Decimal(1)), (co_payer, Decimal(1)), (other_member, Decimal(1))],
            by=booker,
        )
    finally:
        signals.cost_share_proposed.disconnect(dispatch_uid="test.proposed")
    shares = shares_of(reservation)
    assert sum(amount for amount, _ in shares.values()) == 24200
    assert sorted(amount for amount, _ in shares.values()) == [8066, 8067, 8067]
    assert shares[member.id][1] == "accepted"
    assert shares[co_payer.id][1] == shares[other_member.id][1] == "proposed"
    assert sorted(proposed) == sorted([co_payer.id, other_member.id])


def test_a_declined_share_falls_back_to_the_booking_member(priced_asset, member, booker, co_payer, co_payer_admin):
    reservation = book(priced_asset, member, booker)
    services.cost_shares_set(reservation=reservation, payers=[(member, Decimal(1)), (co_payer, Decimal(3))], by=booker)
    share = CostShare.objects.get(reservation=reservation, member=co_payer)
    assert share.amount_minor == 18150
    declined = services.cost_share_decline(share=share, by=co_payer_admin)
    assert declined.state == "declined" and declined.amount_minor == 0
    assert shares_of(reservation)[member.id] == (24200, "accepted")


def test_only_the_payers_admin_decides_and_only_once(
    priced_asset, member, booker, member_admin, co_payer, co_payer_admin
):
    reservation = book(priced_asset, member, booker)
    services.cost_shares_set(reservation=reservation, payers=[(co_payer, Decimal(1))], by=booker)
    share = CostShare.objects.get(reservation=reservation, member=co_payer)
    with pytest.raises(Forbidden):
        services.cost_share_accept(share=share, by=member_admin)
    accepted = services.cost_share_accept(share=share, by=co_payer_admin)
    assert accepted.state == "accepted" and accepted.amount_minor == 24200
    with pytest.raises(InvalidTransition):
        services.cost_share_decline(share=share, by=co_payer_admin)
    # The booking member, not listed, keeps a zero-weight share to take declined parts.
    assert shares_of(reservation)[member.id] == (0, "accepted")


@pytest.mark.parametrize(
    "weights, code",
    [
        ([Decimal(0)], "invalid_weight"),
        ([Decimal(-1)], "invalid_weight"),
        ([Decimal("NaN")], "invalid_weight"),
        ([Decimal("1e9")], "invalid_weight"),
        ([Decimal("0.00001")], "invalid_weight"),
    ],
)
def test_bad_weights_are_refused_and_change_nothing(priced_asset, member, booker, co_payer, weights, code):
    reservation = book(priced_asset, member, booker)
    with pytest.raises(RuleViolation) as refused:
        services.cost_shares_set(reservation=reservation, payers=[(co_payer, weights[0])], by=booker)
    assert refused.value.code == code
    assert shares_of(reservation) == {member.id: (24200, "accepted")}


def test_a_payer_listed_twice_or_inactive_is_refused(priced_asset, member, booker, co_payer):
    reservation = book(priced_asset, member, booker)
    with pytest.raises(RuleViolation) as twice:
        services.cost_shares_set(
            reservation=reservation, payers=[(co_payer, Decimal(1)), (co_payer, Decimal(2))], by=booker
        )
    assert twice.value.code == "duplicate_payer"
    co_payer.is_active = False
    co_payer.save()
    with pytest.raises(RuleViolation) as inactive:
        services.cost_shares_set(reservation=reservation, payers=[(co_payer, Decimal(1))], by=booker)
    assert inactive.value.code == "inactive_member"


def test_someone_else_cannot_split_the_cost(priced_asset, member, booker, co_payer):
    reservation = book(priced_asset, member, booker)
    stranger = MembershipFactory(member=member, user=UserFactory()).user
    with pytest.raises(Forbidden):
        services.cost_shares_set(reservation=reservation, payers=[(co_payer, Decimal(1))], by=stranger)


def test_new_times_re_split_with_the_same_weights_and_tell_the_payers(priced_asset, member, booker, co_payer):
    reservation = book(priced_asset, member, booker)
    services.cost_shares_set(reservation=reservation, payers=[(member, Decimal(1)), (co_payer, Decimal(1))], by=booker)
    told = []
    signals.cost_share_proposed.connect(
        lambda sender, share, by, **kw: told.append((share.member_id, share.amount_minor, by)),
        weak=False,
        dispatch_uid="test.proposed_again",
    )
    try:
        bookings.reservation_update(reservation=reservation, by=booker, end=local(MONDAY, 13))
    finally:
        signals.cost_share_proposed.disconnect(dispatch_uid="test.proposed_again")
    assert told == [(co_payer.id, 18150, booker)]  # its proposal grew: asked again
    assert shares_of(reservation) == {member.id: (18150, "accepted"), co_payer.id: (18150, "proposed")}


def test_a_late_cancellation_charges_the_fee_split_between_the_payers(member, booker, co_payer):
    asset = PriceRuleFactory(hourly_rate_minor=10000, vat_rate="21.00").asset
    asset.free_cancellation = timedelta(days=365)
    asset.late_cancellation_fee_percent = 50
    asset.save()
    reservation = book(asset, member, booker)
    services.cost_shares_set(reservation=reservation, payers=[(member, Decimal(1)), (co_payer, Decimal(1))], by=booker)
    fee = selectors.cancellation_fee(reservation, at=timezone.now())
    assert fee.fee_minor == 12100
    bookings.reservation_cancel(reservation=reservation, by=booker)
    reservation.charge.refresh_from_db()
    assert (reservation.charge.kind, reservation.charge.total_minor, reservation.charge.vat_minor) == (
        "cancellation_fee",
        12100,
        2100,
    )
    assert shares_of(reservation) == {member.id: (6050, "accepted"), co_payer.id: (6050, "proposed")}


def test_a_free_cancellation_costs_nothing(priced_asset, member, booker):
    reservation = book(priced_asset, member, booker, day=future_day(0, weeks_ahead=3))
    assert selectors.cancellation_fee(reservation, at=timezone.now()).fee_minor == 0
    bookings.reservation_cancel(reservation=reservation, by=booker)
    reservation.charge.refresh_from_db()
    assert reservation.charge.kind == "none" and reservation.charge.total_minor == 0
    assert shares_of(reservation) == {member.id: (0, "accepted")}


def test_a_no_show_is_charged_in_full(priced_asset, member, booker):
    reservation = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 11),
        status=Status.NO_SHOW,
    )  # fmt: skip
    assert reservation.charge.kind == "no_show" and reservation.charge.total_minor == 24200


# --- periods and statements ---------------------------------------------------------------------------


@pytest.fixture
def accountant():
    return UserFactory(username="accountant", is_accountant=True)


def test_closing_a_period_issues_numbered_statements_of_the_accepted_shares(
    priced_asset, member, booker, co_payer, co_payer_admin, other_member, accountant
):
    first = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 11)
    )
    services.cost_shares_set(reservation=first, payers=[(member, Decimal(1)), (co_payer, Decimal(1))], by=booker)
    services.cost_share_accept(share=CostShare.objects.get(reservation=first, member=co_payer), by=co_payer_admin)
    undecided = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=utc(2025, 3, 4, 9), end=utc(2025, 3, 4, 10)
    )
    services.cost_shares_set(
        reservation=undecided, payers=[(member, Decimal(1)), (other_member, Decimal(1))], by=booker
    )
    april = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=utc(2025, 4, 1, 9), end=utc(2025, 4, 1, 10)
    )
    period = services.billing_period_for(year=2025, month=3)

    services.billing_period_close(period=period, by=accountant)

    period.refresh_from_db()
    assert period.state == "closed"
    statements = {s.member_id: s for s in Statement.objects.filter(period=period)}
    assert set(statements) == {member.id, co_payer.id}  # the undecided co-payer was declined at the close
    assert sorted(s.number for s in statements.values()) == ["SIN-2025-000001", "SIN-2025-000002"]
    member_lines = StatementLine.objects.filter(statement=statements[member.id])
    assert sorted(line.amount_minor for line in member_lines) == [12100, 12100]  # half of first, all of undecided
    assert [line.amount_minor for line in statements[co_payer.id].lines.all()] == [12100]
    assert CostShare.objects.get(reservation=undecided, member=other_member).state == "declined"
    assert april.charge.billed_in is None
    assert BillingPeriod.objects.filter(year=2025, month=4, state="open").exists()


def test_a_period_closes_alike_in_chunks_and_in_bounded_queries(
    priced_asset, member, booker, co_payer, accountant, monkeypatch, django_assert_max_num_queries
):
    for day in range(3, 10):
        done = past_reservation(
            asset=priced_asset, member=member, booked_by=booker, start=utc(2025, 3, day, 9), end=utc(2025, 3, day, 10)
        )
        if day % 2:
            services.cost_shares_set(reservation=done, payers=[(member, Decimal(1)), (co_payer, Decimal(1))], by=booker)
            CostShare.objects.filter(reservation=done, member=co_payer).update(
                state="accepted", accepted_amount_minor=F("amount_minor"), accepted_currency=F("currency")
            )
    monkeypatch.setattr(services, "CLOSE_CHUNK", 2)  # 7 charges in 4 chunks; lines written 2 at a time
    period = services.billing_period_for(year=2025, month=3)
    # A few queries per chunk of charges, per statement (its own transaction) and per batch of lines; none per
    # charge or share.
    chunks, statements, batches = 4, 2, 4 + 2
    with django_assert_max_num_queries(2 * chunks + 20 * statements + batches + 30):
        services.billing_period_close(period=period, by=accountant)
    lines = StatementLine.objects.filter(statement__period=period)
    assert lines.count() == 7 + 4
    assert sum(line.amount_minor for line in lines) == 7 * 12100
    assert {s.member_id for s in Statement.objects.filter(period=period)} == {member.id, co_payer.id}
    assert not selectors.charges_to_bill(period).exists()
    for statement in Statement.objects.filter(period=period).prefetch_related("lines"):
        lines_of = statement.lines.all()
        assert statement.totals == {"EUR": [sum(line.amount_minor for line in lines_of), len(lines_of)]}


def test_numbers_continue_across_periods_of_a_year_and_a_closed_period_stays_closed(
    priced_asset, member, booker, accountant
):
    for month in (3, 4):
        past_reservation(
            asset=priced_asset,
            member=member,
            booked_by=booker,
            start=utc(2025, month, 3, 9),
            end=utc(2025, month, 3, 10),
        )
        services.billing_period_close(period=services.billing_period_for(year=2025, month=month), by=accountant)
    assert list(Statement.objects.order_by("number").values_list("number", flat=True)) == [
        "SIN-2025-000001",
        "SIN-2025-000002",
    ]
    with pytest.raises(InvalidTransition):
        services.billing_period_close(period=services.billing_period_for(year=2025, month=3), by=accountant)


def test_only_accountants_close_and_only_after_the_month(priced_asset, member, booker, accountant):
    period = services.billing_period_for(year=2025, month=3)
    with pytest.raises(Forbidden):
        services.billing_period_close(period=period, by=booker)
    with pytest.raises(RuleViolation) as early:
        services.billing_period_close(period=period, by=accountant, now=utc(2025, 3, 20))
    assert early.value.code == "period_not_over"


def test_billed_lines_never_change_and_corrections_are_credit_lines_next_period(
    priced_asset, member, booker, accountant
):
    reservation = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 11)
    )
    services.billing_period_close(period=services.billing_period_for(year=2025, month=3), by=accountant)
    line = StatementLine.objects.get()
    line.amount_minor = 1
    with pytest.raises(ValueError):
        line.save()
    with pytest.raises(Conflict):
        services.cost_shares_set(reservation=reservation, payers=[(member, Decimal(2))], by=booker)
    services.adjustment_create(
        member=member, currency="EUR", amount_minor=-2000, description="Refund", by=accountant, reservation=reservation
    )
    services.billing_period_close(period=services.billing_period_for(year=2025, month=4), by=accountant)
    credit = Statement.objects.get(period__month=4).lines.get()
    assert (credit.kind, credit.amount_minor) == ("adjustment", -2000)
    assert Statement.objects.get(period__month=3).lines.get().amount_minor == 24200


def test_a_completion_marked_after_its_month_closed_is_billed_in_the_next_period(
    priced_asset, member, booker, accountant
):
    late = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=utc(2025, 3, 30, 9), end=utc(2025, 3, 30, 10),
        status=Status.APPROVED,
    )  # fmt: skip
    services.billing_period_close(period=services.billing_period_for(year=2025, month=3), by=accountant)
    assert not Statement.objects.exists()
    late.status = Status.COMPLETED
    late.save()
    services.charge_sync(reservation=late)
    services.billing_period_close(period=services.billing_period_for(year=2025, month=4), by=accountant)
    assert Statement.objects.get().lines.get().reservation_id == late.id
