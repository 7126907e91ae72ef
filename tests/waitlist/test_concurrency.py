"""Races on a freed slot with real parallel connections (SQLite and PostgreSQL): one accept books it, and a hold
keeps it from another member's booking made at the same moment."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from waitlist import offers, services
from waitlist.models import EntryState, WaitlistEntry

from accounts.models import Membership
from bookings import services as booking_services
from bookings.models import Reservation
from tests.bookings.test_concurrency import race
from tests.conftest import future_day, local
from tests.factories import AssetFactory, MemberFactory, MembershipFactory, api_key

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = future_day(0)
START, END = local(MONDAY, 10), local(MONDAY, 12)


@pytest.fixture
def offered():
    """Norte Films (Ana books, Bruno is its admin) waits for 10:00–12:00, taken by Sur; Sur cancels and the slot
    is offered to Norte. Returns (entry, asset, Ana, Bruno, Carla of Sur, Dora of Este)."""
    asset = AssetFactory()
    norte = MemberFactory(name="Norte Films")
    ana = MembershipFactory(member=norte).user
    bruno = MembershipFactory(member=norte, role=Membership.Role.MEMBER_ADMIN).user
    sur = MembershipFactory(member=MemberFactory(name="Sur"))
    dora = MembershipFactory(member=MemberFactory(name="Este")).user
    taken = booking_services.reservation_create(asset=asset, member=sur.member, by=sur.user, start=START, end=END,
                                                title="Rodaje")  # fmt: skip
    entry = services.waitlist_join(asset=asset, member=norte, by=ana, start=START, end=END)
    booking_services.reservation_cancel(reservation=taken, by=sur.user)
    offers.offer_freed(asset_id=asset.id, start=START, end=END, now=timezone.now())  # as the slot_freed task does
    entry.refresh_from_db()
    assert entry.state == EntryState.OFFERED
    return entry, asset, ana, bruno, sur.user, dora


def client(user) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {api_key(user)}")


def test_two_people_accepting_the_same_offer_at_once_book_it_once(offered):
    entry, _asset, ana, bruno, _carla, _dora = offered
    clients = [client(ana), client(bruno)]

    def accept(i):
        response = clients[i].post(f"/api/v1/waitlist/{entry.id}/accept/", {}, format="json")
        return response.status_code, response.json().get("code")

    results = sorted(race(2, accept), key=str)
    assert results == [(200, None), (409, "invalid_transition")], results
    entry.refresh_from_db()
    assert entry.state == EntryState.BOOKED
    assert Reservation.objects.filter(member__name="Norte Films").count() == 1


def test_the_offered_member_and_another_member_booking_at_once_give_the_slot_to_the_offered_one(offered):
    entry, asset, ana, _bruno, carla, dora = offered
    clients = [client(ana), client(dora), client(carla)]
    booking = {"asset": asset.id, "start": START.isoformat(), "end": END.isoformat(), "title": "Mine"}

    def go(i):
        if i == 0:
            response = clients[0].post(f"/api/v1/waitlist/{entry.id}/accept/", {}, format="json")
        else:
            response = clients[i].post("/api/v1/reservations/", booking, format="json")
        return i, response.status_code, response.json().get("code")

    results = sorted(race(3, go))
    assert results[0] == (0, 200, None), results
    # Refused by the hold, or by the booking the accept already made.
    assert all(status == 409 and code in {"held_for_waitlist", "conflict"} for _i, status, code in results[1:])
    assert list(Reservation.objects.filter(status="approved").values_list("member__name", flat=True)) == ["Norte Films"]
    assert WaitlistEntry.objects.get(id=entry.id).state == EntryState.BOOKED
