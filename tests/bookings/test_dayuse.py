"""The day of use: check-in and check-out (who, when, in which state), release of bookings nobody checked in to,
and what the time actually used bills."""

from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from billing.models import ChargeKind, CostShare, ReservationCharge
from billing.services import cost_share_accept, cost_shares_set
from bookings import services, tasks
from bookings.models import BLOCKING, TRANSITIONS, Status
from bookings.services import reservation_check_in, reservation_check_out, reservation_release
from bookings.signals import slot_freed
from sinergia.exceptions import Conflict, Forbidden, InvalidTransition
from tests.conftest import as_user, book_day, future_day, local
from tests.factories import MembershipFactory, PriceRuleFactory, UserFactory
from tests.notifications.helpers import subject_time

pytestmark = pytest.mark.django_db

DAY = future_day(2)


def book(asset, member, user, start_hour=10, end_hour=12):
    return book_day(asset, member, user, DAY, start_hour, end_hour)


def at(hour, minute=0):
    return local(DAY, hour, minute)


def check_in(reservation, user, when):
    with time_machine.travel(when, tick=False):
        return reservation_check_in(reservation=reservation, by=user)


def check_out(reservation, user, when):
    with time_machine.travel(when, tick=False):
        return reservation_check_out(reservation=reservation, by=user)


# --- Check-in and check-out -------------------------------------------------------------------------------


def test_released_is_a_dead_end_reached_only_from_approved_and_frees_the_slot():
    assert Status.RELEASED not in BLOCKING
    assert [status for status, nexts in TRANSITIONS.items() if Status.RELEASED in nexts] == [Status.APPROVED]
    assert TRANSITIONS[Status.RELEASED] == frozenset()


@pytest.mark.parametrize("who", ["booker", "member_admin", "manager"])
def test_the_booker_its_member_admin_and_the_managers_check_in_from_the_window_to_the_end(
    who, asset, member, booker, member_admin, manager, request
):
    reservation = book(asset, member, booker)
    user = request.getfixturevalue(who)
    checked = check_in(reservation, user, at(9, 45))
    assert checked.checked_in_at == at(9, 45)
    event = checked.events.last()
    assert (event.action, event.by, event.from_status, event.to_status) == ("checked_in", user, "approved", "approved")


def test_another_booker_of_the_same_member_and_other_members_may_not_check_in(asset, member, booker, other_booker):
    reservation = book(asset, member, booker)
    colleague = MembershipFactory(member=member, user=UserFactory(username="dora")).user
    for user in (colleague, other_booker):
        with pytest.raises(Forbidden):
            check_in(reservation, user, at(10))
    reservation.refresh_from_db()
    assert reservation.checked_in_at is None


def test_check_in_is_refused_before_the_window_and_from_the_end_on(asset, member, booker):
    asset.checkin_opens_minutes = 30
    asset.save()
    reservation = book(asset, member, booker)
    with pytest.raises(Conflict) as early:
        check_in(reservation, booker, at(9, 29))
    assert early.value.code == "too_early"
    assert early.value.extra["opens_at"] == at(9, 30).isoformat()
    with pytest.raises(Conflict) as late:
        check_in(reservation, booker, at(12))
    assert late.value.code == "too_late"
    assert check_in(reservation, booker, at(9, 30)).checked_in_at == at(9, 30)
    with pytest.raises(Conflict) as twice:
        check_in(reservation, booker, at(10))
    assert twice.value.code == "already_checked_in"


def test_only_an_approved_booking_is_checked_in_to(approval_asset, member, booker, manager):
    reservation = book(approval_asset, member, booker)
    with pytest.raises(InvalidTransition):
        check_in(reservation, booker, at(10))
    services.reservation_cancel(reservation=reservation, by=booker)
    with pytest.raises(InvalidTransition):
        check_in(reservation, booker, at(10))


def test_check_out_needs_a_check_in_and_happens_once(asset, member, booker):
    reservation = book(asset, member, booker)
    with pytest.raises(Conflict) as not_in:
        check_out(reservation, booker, at(10, 30))
    assert not_in.value.code == "not_checked_in"
    check_in(reservation, booker, at(10))
    assert check_out(reservation, booker, at(11)).checked_out_at == at(11)
    with pytest.raises(Conflict) as twice:
        check_out(reservation, booker, at(11, 30))
    assert twice.value.code == "already_checked_out"


def test_a_late_check_out_into_the_next_booking_records_the_overrun_and_never_moves_the_end(
    asset, member, booker, other_member, other_booker
):
    reservation = book(asset, member, booker)
    following = book(asset, other_member, other_booker, 12, 13)  # 12:30 is within the next booking
    check_in(reservation, booker, at(10))
    with time_machine.travel(at(12, 30), tick=False):
        tasks.complete_past_reservations()
    checked = check_out(reservation, booker, at(12, 40))
    assert (checked.status, checked.end, checked.checked_out_at) == (Status.COMPLETED, at(12), at(12, 40))
    event = checked.events.last()
    assert event.action == "checked_out"
    assert event.changes["overrun_minutes"] == 40
    assert event.changes["overrun_into_next_minutes"] == 40
    following.refresh_from_db()
    assert (following.status, following.start) == (Status.APPROVED, at(12))


def test_lengthening_a_booking_in_use_into_the_next_one_is_refused_at_once_and_recorded(
    asset, member, booker, other_member, other_booker
):
    reservation = book(asset, member, booker)
    book(asset, other_member, other_booker, 12, 13)
    with time_machine.travel(at(11), tick=False), pytest.raises(Conflict) as idle:
        services.reservation_extend(reservation=reservation, by=booker, end=at(12, 30))
    assert idle.value.code == "not_in_use"
    check_in(reservation, booker, at(10))
    with time_machine.travel(at(11, 50), tick=False), pytest.raises(Conflict) as refused:
        services.reservation_extend(reservation=reservation, by=booker, end=at(12, 30))
    assert refused.value.code == "conflict"
    reservation.refresh_from_db()
    assert reservation.end == at(12)
    event = reservation.events.last()
    assert (event.action, event.by) == ("overrun_refused", booker)
    assert datetime.fromisoformat(event.changes["requested_end"]) == at(12, 30)
    assert datetime.fromisoformat(event.changes["taken_from"]) == at(12)


def test_a_booking_in_use_is_lengthened_into_free_time_and_its_price_follows(priced, member, booker):
    reservation = book(priced, member, booker)
    check_in(reservation, booker, at(10))
    with time_machine.travel(at(11, 50), tick=False):
        extended = services.reservation_extend(reservation=reservation, by=booker, end=at(13))
    assert (extended.end, extended.blocked_end) == (at(13), at(13))
    assert _charge(extended) == (ChargeKind.BOOKED, 30000, 6300, 36300)
    with time_machine.travel(at(13), tick=False), pytest.raises(Conflict) as ended:
        services.reservation_extend(reservation=extended, by=booker, end=at(14))
    assert ended.value.code == "too_late"


# --- Release ------------------------------------------------------------------------------------------------


@pytest.fixture
def releasing(asset):
    asset.release_after_minutes = 15
    asset.no_show_fee_percent = 50
    asset.save()
    PriceRuleFactory(asset=asset)  # 100.00 an hour + 21% VAT
    return asset


def sweep(when, callbacks):
    with time_machine.travel(when, tick=False), callbacks(execute=True):
        return tasks.release_unused_reservations.delay().get()


def test_a_booking_nobody_checked_in_to_is_released_once_after_the_delay_and_its_holders_are_told(
    releasing, member, booker, member_admin, manager, django_capture_on_commit_callbacks
):
    reservation = book(releasing, member, booker)
    freed = []

    def receiver(**kwargs):
        freed.append(kwargs)

    slot_freed.connect(receiver)
    try:
        assert sweep(at(10, 14), django_capture_on_commit_callbacks) == 0
        assert sweep(at(10, 15), django_capture_on_commit_callbacks) == 1
        assert sweep(at(10, 16), django_capture_on_commit_callbacks) == 0
    finally:
        slot_freed.disconnect(receiver)
    reservation.refresh_from_db()
    assert reservation.status == Status.RELEASED
    event = reservation.events.last()
    assert (event.action, event.by, event.from_status) == ("released", None, "approved")
    assert [(f["asset"], f["start"], f["end"], f["reservation"].id) for f in freed] == [
        (releasing, at(10), at(12), reservation.id)
    ]
    assert sorted(message.to[0] for message in mail.outbox) == sorted([booker.email, member_admin.email])
    assert {message.subject for message in mail.outbox} == {
        f"Released: Plató A on {subject_time(reservation.start, reservation.end)}"
    }
    assert "within 15 minutes" in mail.outbox[0].body and "50%" in mail.outbox[0].body
    assert "no fee is charged" not in mail.outbox[0].body
    # The no-show policy: half of 242.00.
    charge = ReservationCharge.objects.get(reservation=reservation)
    assert (charge.kind, charge.total_minor, charge.vat_minor, charge.net_minor) == (
        ChargeKind.RELEASED, 12100, 2100, 10000
    )  # fmt: skip


def test_a_booking_released_while_its_asset_is_out_of_service_is_not_charged_and_its_e_mail_says_so(
    releasing, member, booker, manager, django_capture_on_commit_callbacks
):
    from incidents.services import incident_report

    reservation = book(releasing, member, booker)
    incident_report(asset=releasing, by=manager, severity="out_of_service", description="No power",
                    expected_end=at(13), now=at(9))  # fmt: skip
    mail.outbox.clear()
    with time_machine.travel(at(10, 15), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert reservation_release(reservation=reservation)
    charge = ReservationCharge.objects.get(reservation=reservation)
    assert (charge.kind, charge.total_minor) == (ChargeKind.NONE, 0)
    [message] = [message for message in mail.outbox if message.subject.startswith("Released")]
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "out of service during this booking, so no fee is charged" in text
        assert "50%" not in text and "no-show policy" not in text


def test_a_released_slot_can_be_booked_again(releasing, member, booker, other_member, other_booker):
    reservation = book(releasing, member, booker)
    with time_machine.travel(at(10, 20), tick=False):
        reservation_release(reservation=reservation)
        services.reservation_create(
            asset=releasing, member=other_member, by=other_booker, start=at(10, 30), end=at(12), title="Toma"
        )


def test_no_release_after_a_check_in_nor_on_an_asset_without_a_delay(asset, member, booker, other_member, other_booker):
    kept = book(asset, other_member, other_booker, 8, 9)  # no delay on the asset
    asset.release_after_minutes = 15
    asset.save()
    checked = book(asset, member, booker)
    check_in(checked, booker, at(10, 10))
    asset.release_after_minutes = None
    asset.save()
    with time_machine.travel(at(11), tick=False):
        assert tasks.release_unused_reservations() == 0
    asset.release_after_minutes = 15
    asset.save()
    with time_machine.travel(at(11), tick=False):
        assert tasks.release_unused_reservations() == 1  # the 08:00 booking, never checked in
    kept.refresh_from_db()
    checked.refresh_from_db()
    assert (kept.status, checked.status) == (Status.RELEASED, Status.APPROVED)


def test_completion_leaves_an_unchecked_booking_to_the_release_sweep(releasing, member, booker):
    releasing.release_after_minutes = 180  # longer than the booking
    releasing.save()
    reservation = book(releasing, member, booker)
    with time_machine.travel(at(12, 30), tick=False):
        assert tasks.complete_past_reservations() == 0
    with time_machine.travel(at(13), tick=False):
        assert tasks.release_unused_reservations() == 1
    reservation.refresh_from_db()
    assert reservation.status == Status.RELEASED


# --- Actual use: what the billing basis bills, to the cent ---------------------------------------------------


def _charge(reservation):
    charge = ReservationCharge.objects.get(reservation=reservation)
    return charge.kind, charge.net_minor, charge.vat_minor, charge.total_minor


@pytest.fixture
def priced(asset):
    PriceRuleFactory(asset=asset)  # 100.00 an hour + 21% VAT; 10:00-12:00 is 200.00 + 42.00
    return asset


def _use(asset, member, booker, basis, check_in_at, check_out_at, *, complete_at=None):
    asset.billing_basis = basis
    asset.save()
    reservation = book(asset, member, booker)
    check_in(reservation, booker, check_in_at)
    if check_out_at:
        check_out(reservation, booker, check_out_at)
    with time_machine.travel(complete_at or at(12), tick=False):
        services.reservation_complete(reservation=reservation)
    reservation.refresh_from_db()
    return reservation


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        ("booked", (20000, 4200, 24200)),
        ("actual", (12500, 2625, 15125)),  # 10:05-11:20, 75 minutes
        ("greater", (20000, 4200, 24200)),
    ],
)
def test_an_early_check_out_bills_by_the_asset_basis(basis, expected, priced, member, booker):
    reservation = _use(priced, member, booker, basis, at(10, 5), at(11, 20))
    assert _charge(reservation) == (ChargeKind.COMPLETED, *expected)
    assert reservation.used_quote["total_minor"] == 15125


@pytest.mark.parametrize(
    ("basis", "expected"),
    [
        ("booked", (20000, 4200, 24200)),
        ("actual", (25833, 5425, 31258)),  # 09:50 counts from 10:00; until 12:35: 155 minutes, 258.333… → 258.33
        ("greater", (25833, 5425, 31258)),
    ],
)
def test_a_late_check_out_into_free_time_bills_the_overrun_under_actual_and_greater(
    basis, expected, priced, member, booker
):
    reservation = _use(priced, member, booker, basis, at(9, 50), None, complete_at=at(12, 1))
    assert _charge(reservation) == (ChargeKind.COMPLETED, 20000, 4200, 24200)  # until the end, until checked out
    check_out(reservation, booker, at(12, 35))
    assert _charge(reservation) == (ChargeKind.COMPLETED, *expected)


def test_the_used_time_stops_at_the_next_booking(priced, member, booker, other_member, other_booker):
    book(priced, other_member, other_booker, 12, 13)
    reservation = _use(priced, member, booker, "actual", at(10), None, complete_at=at(12, 1))
    check_out(reservation, booker, at(12, 45))
    assert _charge(reservation) == (ChargeKind.COMPLETED, 20000, 4200, 24200)  # not a cent past 12:00
    assert reservation.events.last().changes["overrun_into_next_minutes"] == 45


def test_a_co_payer_whose_share_grows_with_the_use_is_asked_again(
    priced, member, booker, member_admin, other_member, django_capture_on_commit_callbacks
):
    other_admin = MembershipFactory(member=other_member, role="member_admin", user=UserFactory(username="eva")).user
    priced.billing_basis = "actual"
    priced.save()
    reservation = book(priced, member, booker)
    shares = cost_shares_set(reservation=reservation, payers=[(member, Decimal(1)), (other_member, Decimal(1))],
                             by=booker)  # fmt: skip
    theirs = next(share for share in shares if share.member_id == other_member.id)
    cost_share_accept(share=theirs, by=other_admin)
    check_in(reservation, booker, at(10))
    with time_machine.travel(at(12, 1), tick=False):
        services.reservation_complete(reservation=reservation)
    check_out(reservation, booker, at(12, 30))  # 150 minutes: 250.00 + 52.50
    theirs.refresh_from_db()
    assert (theirs.amount_minor, theirs.state, theirs.accepted_amount_minor) == (
        15125, CostShare.State.PROPOSED, 12100
    )  # fmt: skip


# --- API --------------------------------------------------------------------------------------------------


def test_check_in_and_out_through_the_api(api, asset, member, booker, other_booker):
    reservation = book(asset, member, booker)
    url = f"/api/v1/reservations/{reservation.id}/"
    with time_machine.travel(at(9), tick=False):
        response = as_user(api, booker).post(url + "check-in/")
        assert (response.status_code, response.json()["code"]) == (409, "too_early")
        assert as_user(api, other_booker).post(url + "check-in/").status_code == 404
    with time_machine.travel(at(9, 50), tick=False):
        response = as_user(api, booker).post(url + "check-in/")
        assert response.status_code == 200
        body = response.json()
        assert body["checked_in_at"] is not None and body["checked_out_at"] is None
        assert datetime.fromisoformat(body["checkin_opens_at"]) == at(9, 45)
        assert as_user(api, booker).post(url + "check-in/").json()["code"] == "already_checked_in"
    with time_machine.travel(at(11), tick=False):
        response = as_user(api, booker).post(url + "check-out/")
        assert response.status_code == 200
        assert response.json()["checked_out_at"] is not None
