"""Privileged fields sent by a member change nothing: every writable serializer ignores what it does not own."""

import pytest

from billing.models import CostShare
from bookings.models import Reservation
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, MemberFactory, MembershipFactory, PriceRuleFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = future_day(0)

PRIVILEGED = {
    "id": 999999,
    "status": "approved",
    "booked_by": 1,
    "blocked_start": "2000-01-01T00:00:00Z",
    "blocked_end": "2100-01-01T00:00:00Z",
    "quote": {"total_minor": 1, "currency": "EUR"},
    "price": {"amount": "0.01", "currency": "EUR"},
    "created_at": "2000-01-01T00:00:00Z",
    "events": [],
    "series": 1,
    "stripe_invoice_id": "in_fake",
    "approved_by": 1,
}


@pytest.fixture
def approval_asset():
    asset = AssetFactory(requires_approval=True)
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="0")
    return asset


def test_creating_a_reservation_ignores_status_price_and_audit_fields(api, approval_asset, booker):
    payload = {
        **PRIVILEGED,
        "asset": approval_asset.id,
        "start": local(DAY, 10).isoformat(),
        "end": local(DAY, 12).isoformat(),
        "title": "x",
    }
    response = as_user(api, booker).post("/api/v1/reservations/", payload)
    assert response.status_code == 201, response.json()
    reservation = Reservation.objects.get()
    assert reservation.status == "pending"
    assert reservation.booked_by == booker
    assert reservation.quote["total_minor"] == 20000
    assert (reservation.blocked_start, reservation.blocked_end) == (local(DAY, 10), local(DAY, 12))
    assert reservation.series_id is None
    assert reservation.id != 999999
    assert [e["action"] for e in response.json()["events"]] == ["created"]


def book(api, user, asset):
    """POST a plain two-hour booking of `asset` on DAY as `user`."""
    payload = {"asset": asset.id, "start": local(DAY, 10).isoformat(), "end": local(DAY, 12).isoformat(), "title": "x"}
    return as_user(api, user).post("/api/v1/reservations/", payload)


def test_booking_for_another_company_is_refused(api, approval_asset, booker):
    stranger = MemberFactory()
    payload = {"asset": approval_asset.id, "member": stranger.id, "title": "x"}
    payload |= {"start": local(DAY, 10).isoformat(), "end": local(DAY, 12).isoformat()}
    response = as_user(api, booker).post("/api/v1/reservations/", payload)
    assert response.status_code == 400
    assert response.json()["code"] == "not_a_booker"
    assert not Reservation.objects.exists()


def test_editing_a_reservation_cannot_change_status_member_asset_or_price(api, approval_asset, booker, member):
    created = book(api, booker, approval_asset)
    reservation_id = created.json()["id"]
    other_asset = AssetFactory()
    # The asset is a move, only to another asset of the booking's group: refused, and nothing else changes.
    moved = as_user(api, booker).patch(
        f"/api/v1/reservations/{reservation_id}/", {"asset": other_asset.id, "title": "Moved"}
    )
    assert moved.status_code == 400 and moved.json()["code"] == "not_an_alternative"
    response = as_user(api, booker).patch(
        f"/api/v1/reservations/{reservation_id}/",
        {**PRIVILEGED, "member": MemberFactory().id, "title": "Renamed"},
    )
    assert response.status_code == 200, response.json()
    reservation = Reservation.objects.get(id=reservation_id)
    assert (reservation.title, reservation.status, reservation.member, reservation.asset) == (
        "Renamed", "pending", member, approval_asset,
    )  # fmt: skip
    assert reservation.quote["total_minor"] == 20000


def test_cost_share_amounts_and_states_are_computed_not_taken(api, approval_asset, booker, member, member_admin):
    approval_asset.auto_approved_members.add(member)
    created = book(api, booker, approval_asset)
    co_payer = MembershipFactory(member=MemberFactory(), role="member_admin").member
    rows = [
        {"member": member.id, "weight": "1", "amount": {"amount": "0.01", "currency": "EUR"}, "state": "declined"},
        {"member": co_payer.id, "weight": "1", "amount_minor": 1, "state": "accepted", "id": 1},
    ]
    response = as_user(api, member_admin).put(f"/api/v1/reservations/{created.json()['id']}/shares/", rows)
    assert response.status_code == 200, response.json()
    shares = {share.member_id: share for share in CostShare.objects.all()}
    assert shares[member.id].amount_minor == shares[co_payer.id].amount_minor == 10000
    assert (shares[member.id].state, shares[co_payer.id].state) == ("accepted", "proposed")


def test_a_manager_editing_an_asset_cannot_grant_itself_other_managers(api, asset, manager):
    intruder = UserFactory()
    response = as_user(api, manager).patch(
        f"/api/v1/assets/{asset.id}/", {"managers": [intruder.id], "id": 999, "location": "Nave 9"}
    )
    assert response.status_code == 200
    assert list(asset.managers.all()) == [manager]
    asset.refresh_from_db()
    assert asset.location == "Nave 9"


def test_a_blackout_records_who_created_it_whatever_is_sent(api, asset, manager):
    impostor = UserFactory()
    payload = {"start": local(DAY, 9).isoformat(), "end": local(DAY, 10).isoformat(), "created_by": impostor.id}
    response = as_user(api, manager).post(f"/api/v1/assets/{asset.id}/blackouts/", {**payload, "asset": 999})
    assert response.status_code == 201
    blackout = asset.blackouts.get()
    assert blackout.created_by == manager
    assert response.json()["asset"] == asset.id


def test_me_changes_the_language_and_nothing_else(api, booker):
    client = as_user(api, booker)
    assert client.patch("/api/v1/me/", {"is_staff": True}).status_code == 400  # no language: nothing to do
    fields = {"language": "es", "is_staff": True, "is_accountant": True, "username": "root", "email": "x@evil.example"}
    assert client.patch("/api/v1/me/", fields).status_code == 200
    booker.refresh_from_db()
    assert (booker.language, booker.is_staff, booker.is_accountant, booker.username) == ("es", False, False, "ana")
    assert booker.email != "x@evil.example"


@pytest.mark.parametrize("role", ["booker", "other_booker", "manager"])
def test_each_role_sees_only_the_reservation_fields_it_may(api, approval_asset, booker, other_booker, member, role):
    boss = UserFactory()
    approval_asset.managers.add(boss)
    as_user(api, booker).post(
        "/api/v1/reservations/",
        {
            "asset": approval_asset.id,
            "start": local(DAY, 10).isoformat(),
            "end": local(DAY, 12).isoformat(),
            "title": "Secret",
        },
    )
    viewer = {"booker": booker, "other_booker": other_booker, "manager": boss}[role]
    rows = as_user(api, viewer).get("/api/v1/reservations/?include_busy=true").json()["results"]
    assert len(rows) == 1
    if role == "other_booker":
        assert set(rows[0]) == {"id", "asset", "start", "end", "blocked_start", "blocked_end", "busy"}
        assert rows[0]["id"] is None
    else:
        assert rows[0]["title"] == "Secret" and rows[0]["member"]["id"] == member.id
