"""Moving a booking to another asset of its group (PATCH with `asset`), as the 409's alternatives offer: checked like
a new booking of that asset by the booker (rules, qualifications, quota, conflicts), priced again with payers asked
again when their share grows, pending again on an approval asset, and free of the late-change rule when an incident
stranded it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from assets.models import Qualification
from billing import services as billing
from billing.models import CostShare
from bookings import services
from bookings.models import Reservation, Status
from incidents import services as incidents
from tests.conftest import as_user, future_day, local
from tests.factories import (
    AssetFactory,
    AssetGroupFactory,
    MemberFactory,
    MembershipFactory,
    PriceRuleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


@pytest.fixture
def group():
    return AssetGroupFactory(name="Platós")


@pytest.fixture
def stage(group):
    stage = AssetFactory(name="Plató 1", group=group)
    PriceRuleFactory(asset=stage, hourly_rate_minor=10000)
    return stage


@pytest.fixture
def sibling(group):
    sibling = AssetFactory(name="Plató 2", group=group)
    PriceRuleFactory(asset=sibling, hourly_rate_minor=15000)
    return sibling


@pytest.fixture
def chief(stage, sibling):
    chief = UserFactory(username="chief")
    stage.managers.add(chief)
    sibling.managers.add(chief)
    return chief


@pytest.fixture
def booked(stage, member, booker):
    return services.reservation_create(
        asset=stage, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="Rodaje"
    )


def move(api, user, reservation, asset, start=None, end=None):
    body = {"asset": asset.id}
    if start:
        body |= {"start": start.isoformat(), "end": end.isoformat()}
    return as_user(api, user).patch(f"/api/v1/reservations/{reservation.id}/", body, format="json")


def test_the_holder_moves_a_booking_to_another_asset_of_its_group_and_it_is_priced_there(api, booker, booked, sibling):
    response = move(api, booker, booked, sibling)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["asset"] == sibling.id and body["status"] == "approved"
    assert (parse_datetime(body["start"]), parse_datetime(body["end"])) == (local(MONDAY, 10), local(MONDAY, 12))
    assert body["price"]["amount"] == "363.00"  # 2 h at 150.00 + 21 % VAT
    booked.refresh_from_db()
    assert booked.asset_id == sibling.id and booked.quote["total_minor"] == 36300
    event = booked.events.last()
    assert event.action == "updated" and event.changes["asset"] == ["Plató 1", "Plató 2"]
    share = CostShare.objects.get(reservation=booked)
    assert share.amount_minor == 36300 and share.state == CostShare.State.ACCEPTED  # the booker's own: accepted


def test_a_co_payer_whose_share_grows_with_the_move_is_asked_again(api, booker, member, booked, sibling):
    co_payer = MemberFactory(name="Sur")
    billing.cost_shares_set(reservation=booked, payers=[(member, Decimal(1)), (co_payer, Decimal(1))], by=booker)
    theirs = CostShare.objects.get(reservation=booked, member=co_payer)
    billing.cost_share_accept(share=theirs, by=MembershipFactory(member=co_payer, role="member_admin").user)
    assert move(api, booker, booked, sibling).status_code == 200
    theirs.refresh_from_db()
    assert theirs.amount_minor == 18150 and theirs.state == CostShare.State.PROPOSED


def test_a_move_to_a_taken_asset_is_a_409_with_alternatives_and_changes_nothing(
    api, booker, other_booker, other_member, booked, sibling
):
    services.reservation_create(asset=sibling, member=other_member, by=other_booker, start=local(MONDAY, 11),
                                end=local(MONDAY, 13), title="Otra")  # fmt: skip
    response = move(api, booker, booked, sibling)
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert response.json()["alternatives"]
    booked.refresh_from_db()
    assert booked.asset_id != sibling.id and booked.events.count() == 1


def test_an_asset_outside_the_group_is_refused(api, booker, booked):
    elsewhere = AssetFactory(name="Sala")
    response = move(api, booker, booked, elsewhere)
    assert response.status_code == 400 and response.json()["code"] == "not_an_alternative"
    assert Reservation.objects.get(id=booked.id).asset_id == booked.asset_id


def test_a_move_needs_the_bookers_qualification_for_the_new_asset(api, booker, booked, sibling):
    trained = Qualification.objects.create(name="Crane operator")
    sibling.required_qualifications.add(trained)
    response = move(api, booker, booked, sibling)
    assert response.status_code == 400 and response.json()["code"] == "not_qualified"
    assert Reservation.objects.get(id=booked.id).asset_id == booked.asset_id


def test_a_move_to_an_approval_asset_waits_for_its_manager_unless_the_manager_moves_it(
    api, booker, member, booked, sibling, chief
):
    sibling.requires_approval = True
    sibling.save()
    assert move(api, booker, booked, sibling).json()["status"] == "pending"
    third = AssetFactory(name="Plató 3", group=sibling.group)
    other = services.reservation_create(asset=third, member=member, by=booker, start=local(MONDAY, 14),
                                        end=local(MONDAY, 16), title="Otra")  # fmt: skip
    third.managers.add(chief)
    assert move(api, chief, other, sibling).json()["status"] == "approved"


def test_someone_who_may_not_change_the_booking_gets_a_404_or_403(api, other_booker, booked, sibling):
    assert move(api, other_booker, booked, sibling).status_code == 404


def test_a_stranded_booking_moves_to_another_asset_even_past_the_free_cancellation_limit(
    api, booker, chief, stage, sibling, member
):
    now = timezone.now()
    start = (now + timedelta(days=1)).astimezone(stage.tz).replace(hour=10, minute=0, second=0, microsecond=0)
    for asset in (stage, sibling):
        asset.free_cancellation = timedelta(days=3)
        asset.late_cancellation_fee_percent = 50
        asset.save()
    booked = services.reservation_create(asset=stage, member=member, by=booker, start=start,
                                         end=start + timedelta(hours=2), title="Rodaje")  # fmt: skip
    refused = move(api, booker, booked, sibling)
    assert refused.status_code == 409 and refused.json()["code"] == "late_change_fee"
    incidents.incident_report(asset=stage, by=chief, severity="out_of_service", description="Roof leak",
                              expected_end=start + timedelta(hours=3))  # fmt: skip
    offer = next(o for o in booked.events.last().changes["alternatives"] if o["asset"] == sibling.id)
    moved = move(api, booker, booked, sibling, parse_datetime(offer["start"]), parse_datetime(offer["end"]))
    assert moved.status_code == 200, moved.json()
    assert moved.json()["asset"] == sibling.id and moved.json()["status"] == Status.APPROVED


def test_cancelling_a_stranded_booking_past_the_limit_costs_nothing(api, booker, chief, stage, member):
    now = timezone.now()
    start = (now + timedelta(days=1)).astimezone(stage.tz).replace(hour=10, minute=0, second=0, microsecond=0)
    stage.free_cancellation = timedelta(days=3)
    stage.late_cancellation_fee_percent = 50
    stage.save()
    booked = services.reservation_create(asset=stage, member=member, by=booker, start=start,
                                         end=start + timedelta(hours=2), title="Rodaje")  # fmt: skip
    fee_url = f"/api/v1/reservations/{booked.id}/cancellation-fee/"
    assert as_user(api, booker).get(fee_url).json()["fee"]["amount"] == "121.00"  # half of 2 h at 100 + 21 %
    incidents.incident_report(asset=stage, by=chief, severity="out_of_service", description="Roof leak",
                              expected_end=start + timedelta(hours=3))  # fmt: skip
    answer = as_user(api, booker).get(fee_url).json()
    assert answer["fee"]["amount"] == "0.00" and not answer["late_change"]["refused"]
    assert "out of service" in answer["late_change"]["detail"]
    cancelled = as_user(api, booker).post(f"/api/v1/reservations/{booked.id}/cancel/", {}, format="json")
    assert cancelled.status_code == 200, cancelled.json()
    assert CostShare.objects.get(reservation=booked).amount_minor == 0
