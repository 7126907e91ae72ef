"""Assisted sessions: an asset that requires or offers an operator books a technician (a staff asset) with it."""

from datetime import time, timedelta

import pytest

from accounts.models import Membership
from assets.models import Blackout, OperatorMode, Qualification, QualificationGrant, ResourceType
from bookings import services
from bookings.errors import BookingConflict
from bookings.models import Reservation, Status
from sinergia.exceptions import Conflict, RuleViolation
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, MembershipFactory, PriceRuleFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


def technician(name, *operates, hours=None, holds=()):
    tech = AssetFactory(name=name, kind="technician", resource_type=ResourceType.STAFF, hours=hours)
    tech.operates.set(operates)
    tech.holds.set(holds)
    return tech


@pytest.fixture
def line(asset):
    asset.operator = OperatorMode.REQUIRED
    asset.save()
    return asset


@pytest.fixture
def olga(line):
    return technician("Operator Olga", line)


def book(asset, member, user, start_hour=10, end_hour=12, day=MONDAY, **kwargs):
    return services.reservation_create(
        asset=asset, member=member, by=user, start=local(day, start_hour), end=local(day, end_hour), title="Bottling",
        **kwargs,
    )  # fmt: skip


def operator_row(main):
    return Reservation.objects.get(assists=main)


def test_booking_an_assisted_asset_books_a_technician_in_the_same_transaction(line, olga, member, booker):
    PriceRuleFactory(asset=olga, hourly_rate_minor=3000, vat_rate="0")
    main = book(line, member, booker)
    row = operator_row(main)
    assert (row.asset, row.start, row.end, row.status, row.member) == (olga, main.start, main.end, main.status, member)
    assert row.quote["total_minor"] == 6000  # two hours at the technician's own rate


def test_a_plain_booking_books_no_technician(asset, member, booker):
    technician("Idle", asset)
    main = book(asset, member, booker)
    assert not Reservation.objects.filter(assists=main).exists()


def test_an_offered_operator_is_booked_only_when_asked(asset, member, booker):
    asset.operator = OperatorMode.OPTIONAL
    asset.save()
    tech = technician("Tom", asset)
    plain = book(asset, member, booker, 10, 11)
    assisted = book(asset, member, booker, 12, 13, operator=True)
    assert not Reservation.objects.filter(assists=plain).exists()
    assert operator_row(assisted).asset == tech


def test_asking_for_an_operator_where_none_is_offered_is_a_400(asset, member, booker):
    with pytest.raises(RuleViolation) as refused:
        book(asset, member, booker, operator=True)
    assert refused.value.code == "no_operator_offered"
    assert not Reservation.objects.exists()


def test_no_technician_free_is_a_409_with_alternatives_that_have_one(line, olga, member, booker, other_booker):
    book(line, other_booker.memberships.get().member, other_booker, 10, 12)
    other_line = AssetFactory(name="Line B", operator=OperatorMode.REQUIRED)  # Olga operates only the first line
    with pytest.raises(BookingConflict) as refused:
        book(other_line, member, booker, 10, 12)
    assert refused.value.extra["problem"] == "no_operator_free"
    assert Reservation.objects.filter(asset=other_line).count() == 0  # nothing half-made


def test_alternatives_only_offer_slots_where_an_operator_is_free(line, olga, member, booker, other_booker):
    Blackout.objects.create(asset=olga, start=local(MONDAY, 12), end=local(MONDAY, 13), reason="lunch")
    book(line, other_booker.memberships.get().member, other_booker, 10, 12)
    with pytest.raises(BookingConflict) as refused:
        book(line, member, booker, 10, 12)
    offers = refused.value.extra["alternatives"]
    assert offers
    for offer in offers:  # the line is free from 12:00, but Olga only from 13:00
        assert offer["end"] <= local(MONDAY, 10) or offer["start"] >= local(MONDAY, 13)


def test_a_technician_lacking_a_qualification_is_not_chosen(line, member, booker):
    forklift = Qualification.objects.create(name="Forklift")
    line.required_qualifications.add(forklift)
    unqualified = technician("Ulises", line)
    qualified = technician("Quima", line, holds=[forklift])
    QualificationGrant.objects.create(
        qualification=forklift,
        user=booker,
        granted_on=MONDAY - timedelta(days=30),
        expires_on=MONDAY + timedelta(days=30),
    )
    main = book(line, member, booker)
    assert operator_row(main).asset == qualified != unqualified


def test_a_named_technician_is_booked_and_one_who_does_not_operate_the_asset_is_refused(line, olga, member, booker):
    tina = technician("Tina", line)
    assert operator_row(book(line, member, booker, 10, 11, operator_id=tina.id)).asset == tina
    stranger = technician("Stranger")
    with pytest.raises(RuleViolation) as refused:
        book(line, member, booker, 12, 13, operator_id=stranger.id)
    assert refused.value.code == "not_an_operator"


def test_the_technicians_hours_count(line, member, booker):
    technician("Morning Mo", line, hours=(time(8), time(11)))
    with pytest.raises(BookingConflict):
        book(line, member, booker, 10, 12)


def test_cancel_cascades_to_the_technician(line, olga, member, booker):
    main = book(line, member, booker)
    services.reservation_cancel(reservation=main, by=booker)
    assert operator_row(main).status == Status.CANCELLED
    book(line, member, booker)  # Olga is free again


def test_move_takes_the_technician_along_or_finds_another(line, olga, member, booker, other_booker):
    main = book(line, member, booker)
    services.reservation_update(reservation=main, by=booker, start=local(MONDAY, 14), end=local(MONDAY, 16))
    row = operator_row(main)
    assert (row.asset, row.start, row.end) == (olga, local(MONDAY, 14), local(MONDAY, 16))
    Blackout.objects.create(asset=olga, start=local(MONDAY, 17), end=local(MONDAY, 20))
    with pytest.raises(BookingConflict) as refused:
        services.reservation_update(reservation=main, by=booker, start=local(MONDAY, 17), end=local(MONDAY, 19))
    assert refused.value.extra["problem"] == "no_operator_free"
    tina = technician("Tina", line)
    services.reservation_update(reservation=main, by=booker, start=local(MONDAY, 17), end=local(MONDAY, 19))
    assert operator_row(main).asset == tina


def test_approve_and_reject_cascade(approval_asset, manager, member, booker):
    approval_asset.operator = OperatorMode.REQUIRED
    approval_asset.save()
    olga = technician("Olga", approval_asset)
    first = book(approval_asset, member, booker, 10, 12)
    assert operator_row(first).status == Status.PENDING
    services.reservation_approve(reservation=first, by=manager)
    assert operator_row(first).status == Status.APPROVED
    second = book(approval_asset, member, booker, 14, 16)
    services.reservation_reject(reservation=second, by=manager, reason="no")
    assert operator_row(second).status == Status.REJECTED
    assert operator_row(first).asset == olga


def test_approval_replaces_a_technician_no_longer_free(approval_asset, manager, member, booker):
    approval_asset.operator = OperatorMode.REQUIRED
    approval_asset.save()
    olga = technician("Olga", approval_asset)
    first = book(approval_asset, member, booker, 10, 12)
    olga.opening_hours.all().delete()  # Olga's hours changed meanwhile
    with pytest.raises(BookingConflict):
        services.reservation_approve(reservation=first, by=manager)
    tina = technician("Tina", approval_asset)
    services.reservation_approve(reservation=first, by=manager)
    assert (operator_row(first).asset, operator_row(first).status) == (tina, Status.APPROVED)


def test_direct_changes_to_the_technicians_booking_are_refused(line, olga, member, booker, api):
    main = book(line, member, booker)
    row = operator_row(main)
    with pytest.raises(Conflict) as refused:
        services.reservation_cancel(reservation=row, by=booker)
    assert (refused.value.code, refused.value.extra["main"]) == ("operator_booking", main.id)
    answer = as_user(api, booker).post(f"/api/v1/reservations/{row.id}/cancel/", {}, format="json")
    assert answer.status_code == 409 and answer.json()["code"] == "operator_booking"
    answer = api.patch(f"/api/v1/reservations/{row.id}/", {"title": "x"}, format="json")
    assert answer.status_code == 409


def test_the_api_books_with_an_operator_and_shows_it(asset, member, booker, api):
    asset.operator = OperatorMode.OPTIONAL
    asset.save()
    olga = technician("Olga", asset)
    payload = {
        "asset": asset.id, "start": local(MONDAY, 10).isoformat(), "end": local(MONDAY, 12).isoformat(),
        "title": "Run", "operator": True,
    }  # fmt: skip
    created = as_user(api, booker).post("/api/v1/reservations/", payload, format="json")
    assert created.status_code == 201, created.json()
    shown = created.json()["operator_booking"]
    assert shown["asset"] == {"id": olga.id, "name": "Olga"} and shown["status"] == "approved"
    detail = api.get(f"/api/v1/reservations/{shown['id']}/").json()
    assert detail["assists"] == created.json()["id"]
    payload["start"], payload["end"] = local(MONDAY, 11).isoformat(), local(MONDAY, 13).isoformat()
    payload["asset"] = AssetFactory(name="Other", operator=OperatorMode.REQUIRED).id
    taken = api.post("/api/v1/reservations/", payload, format="json")
    assert taken.status_code == 409 and taken.json()["problem"] == "no_operator_free"


def test_the_main_assets_manager_sees_the_technicians_booking(line, olga, member, booker, api):
    main = book(line, member, booker)
    line_manager = UserFactory(username="line_manager")
    line.managers.add(line_manager)
    seen = as_user(api, line_manager).get(f"/api/v1/reservations/{operator_row(main).id}/")
    assert seen.status_code == 200
    outsider = MembershipFactory(role=Membership.Role.BOOKER).user
    assert as_user(api, outsider).get(f"/api/v1/reservations/{operator_row(main).id}/").status_code == 404


def test_a_manager_defines_a_technician_through_the_asset_api(asset, api):
    admin = UserFactory(username="root", is_staff=True)
    forklift = Qualification.objects.create(name="Forklift")
    payload = {
        "name": "Operator Olga", "kind": "technician", "timezone": "Europe/Madrid", "min_duration": 30,
        "max_duration": 720, "slot_minutes": 30, "resource_type": "staff", "operates": [asset.id],
        "holds": [forklift.id],
    }  # fmt: skip
    created = as_user(api, admin).post("/api/v1/assets/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert (created.json()["operates"], created.json()["holds"]) == ([asset.id], [forklift.id])
    changed = api.patch(f"/api/v1/assets/{asset.id}/", {"operator": "required"}, format="json")
    assert changed.status_code == 200 and changed.json()["operator"] == "required"


def test_check_in_extend_and_completion_follow_the_main_booking(line, olga, member, booker):
    main = book(line, member, booker)
    during = local(MONDAY, 10, 10)
    services.reservation_check_in(reservation=main, by=booker, now=during)
    assert operator_row(main).checked_in_at == during
    services.reservation_extend(reservation=main, by=booker, end=local(MONDAY, 13), now=during)
    assert operator_row(main).end == local(MONDAY, 13)
    services.reservation_complete(reservation=operator_row(main), now=local(MONDAY, 14))
    assert operator_row(main).status == Status.APPROVED  # a sweep leaves it to its main booking
    services.reservation_complete(reservation=main, now=local(MONDAY, 14))
    assert operator_row(main).status == Status.COMPLETED


def test_a_closure_that_cancels_the_booking_cancels_the_technician_too(line, olga, member, booker, manager):
    main = book(line, member, booker)
    services.blackout_create(
        asset=line, by=manager, start=local(MONDAY, 9), end=local(MONDAY, 13),
        decisions=[{"reservation": main.id, "action": "cancel"}],
    )  # fmt: skip
    assert operator_row(main).status == Status.CANCELLED


def test_a_closure_that_moves_the_booking_moves_the_technician(line, olga, member, booker, manager):
    main = book(line, member, booker)
    services.blackout_create(
        asset=line, by=manager, start=local(MONDAY, 9), end=local(MONDAY, 13),
        decisions=[{"reservation": main.id, "action": "move", "start": local(MONDAY, 14), "end": local(MONDAY, 16)}],
    )  # fmt: skip
    row = operator_row(main)
    assert (row.asset, row.start, row.end, row.status) == (olga, local(MONDAY, 14), local(MONDAY, 16), Status.APPROVED)


def test_an_asset_with_technicians_booked_keeps_offering_an_operator(line, olga, member, booker, api):
    admin = UserFactory(username="root", is_staff=True)
    main = book(line, member, booker)
    refused = as_user(api, admin).patch(f"/api/v1/assets/{line.id}/", {"operator": "none"}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "operators_booked", refused.json()
    assert [row["reservation"] for row in refused.json()["affected"]] == [main.id]
    line.refresh_from_db()
    assert line.operator == OperatorMode.REQUIRED
    assert api.patch(f"/api/v1/assets/{line.id}/", {"operator": "optional"}, format="json").status_code == 200
    services.reservation_cancel(reservation=main, by=booker)
    assert api.patch(f"/api/v1/assets/{line.id}/", {"operator": "none"}, format="json").status_code == 200


def test_a_series_on_an_asset_that_needs_an_operator_is_refused_with_nothing_booked(line, olga, member, booker):
    from bookings.series_services import series_create

    with pytest.raises(RuleViolation) as refused:
        series_create(
            asset=line, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12),
            rrule="FREQ=WEEKLY;COUNT=3", title="Weekly bottling",
        )  # fmt: skip
    assert refused.value.code == "operator_required"
    assert not Reservation.objects.exists()
