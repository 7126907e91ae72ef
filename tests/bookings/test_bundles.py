"""Bundles: several assets booked at once, approved, moved, cancelled and split as one."""

from datetime import timedelta

import pytest

from accounts.models import Membership
from billing.models import CostShare
from bookings import services
from bookings.models import Bundle, Reservation
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, MembershipFactory, PriceRuleFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0, weeks_ahead=3)


def part(asset, start_hour, end_hour):
    return {
        "asset": asset.id,
        "start": local(MONDAY, start_hour).isoformat(),
        "end": local(MONDAY, end_hour).isoformat(),
    }


def bundle_body(*parts, **extra):
    return {"title": "Two-stage shoot", "notes": "Private", "parts": list(parts), **extra}


def managed(name):
    asset = AssetFactory(name=name, requires_approval=True)
    manager = UserFactory(username=f"manager-{name}")
    asset.managers.add(manager)
    return asset, manager


@pytest.fixture
def stage_b():
    return AssetFactory(name="Plató B")


def test_a_bundle_of_two_assets_books_both(api, asset, stage_b, booker):
    response = as_user(api, booker).post(
        "/api/v1/bundles/", bundle_body(part(asset, 10, 12), part(stage_b, 12, 14)), format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "approved"
    assert [(p["asset"], p["status"]) for p in data["parts"]] == [(asset.id, "approved"), (stage_b.id, "approved")]
    assert set(Reservation.objects.values_list("bundle_id", flat=True)) == {data["id"]}
    detail = as_user(api, booker).get(f"/api/v1/reservations/{data['parts'][0]['id']}/").json()
    assert detail["bundle"] == data["id"]


def test_a_conflicting_part_answers_409_with_its_index_and_alternatives_and_creates_nothing(
    api, asset, stage_b, booker, other_booker, other_member
):
    services.reservation_create(
        asset=stage_b, member=other_member, by=other_booker, start=local(MONDAY, 12), end=local(MONDAY, 14), title="x"
    )
    before = Reservation.objects.count()
    response = as_user(api, booker).post(
        "/api/v1/bundles/", bundle_body(part(asset, 10, 12), part(stage_b, 12, 14)), format="json"
    )
    assert response.status_code == 409, response.json()
    data = response.json()
    assert (data["code"], data["part"], data["asset"]) == ("conflict", 1, stage_b.id)
    assert data["alternatives"] and all(a["asset"] == stage_b.id for a in data["alternatives"])
    assert Reservation.objects.count() == before
    assert not Bundle.objects.exists()


def test_a_part_breaking_a_rule_answers_400_with_its_index(api, asset, stage_b, booker):
    response = as_user(api, booker).post(
        "/api/v1/bundles/", bundle_body(part(asset, 10, 12), part(stage_b, 6, 7)), format="json"
    )
    assert response.status_code == 400
    assert response.json()["part"] == 1
    assert not Reservation.objects.exists()


def test_a_bundle_needs_two_parts_that_do_not_overlap_on_one_asset(api, asset, booker):
    client = as_user(api, booker)
    one = client.post("/api/v1/bundles/", bundle_body(part(asset, 10, 12)), format="json")
    assert (one.status_code, one.json()["code"]) == (400, "bundle_size")
    twice = client.post("/api/v1/bundles/", bundle_body(part(asset, 10, 12), part(asset, 11, 13)), format="json")
    assert (twice.status_code, twice.json()["code"]) == (400, "parts_overlap")
    chained = client.post("/api/v1/bundles/", bundle_body(part(asset, 10, 12), part(asset, 12, 13)), format="json")
    assert chained.status_code == 201


def two_managed_parts(api, booker):
    """A bundle of two approval assets, each with its own manager: its data and the two managers."""
    (stage_a, manager_a), (stage_b, manager_b) = managed("A"), managed("B")
    data = (
        as_user(api, booker)
        .post("/api/v1/bundles/", bundle_body(part(stage_a, 10, 12), part(stage_b, 10, 12)), format="json")
        .json()
    )
    return data, manager_a, manager_b


def test_every_manager_approves_before_any_part_is_approved(api, booker):
    data, manager_a, manager_b = two_managed_parts(api, booker)
    assert data["status"] == "pending"
    first, second = (p["id"] for p in data["parts"])

    assert as_user(api, manager_a).post(f"/api/v1/reservations/{first}/approve/").status_code == 200
    assert set(Reservation.objects.values_list("status", flat=True)) == {"pending"}
    again = as_user(api, manager_a).post(f"/api/v1/reservations/{first}/approve/")
    assert again.status_code == 409

    response = as_user(api, manager_b).post(f"/api/v1/bundles/{data['id']}/parts/{second}/approve/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "approved"
    assert set(Reservation.objects.values_list("status", flat=True)) == {"approved"}


def test_a_manager_cannot_approve_another_managers_part(api, booker):
    data, manager_a, _manager_b = two_managed_parts(api, booker)
    theirs = data["parts"][1]["id"]
    response = as_user(api, manager_a).post(f"/api/v1/bundles/{data['id']}/parts/{theirs}/approve/")
    assert response.status_code == 403
    # The manager sees the bundle's summary, not the member's notes or payers.
    summary = as_user(api, manager_a).get(f"/api/v1/bundles/{data['id']}/").json()
    assert summary["notes"] == "" and summary["payers"] == []
    assert [p["mine"] for p in summary["parts"]] == [True, False]


def test_rejecting_one_part_rejects_the_bundle(api, asset, booker):
    stage_b, manager_b = managed("B")
    data = (
        as_user(api, booker)
        .post("/api/v1/bundles/", bundle_body(part(asset, 10, 12), part(stage_b, 10, 12)), format="json")
        .json()
    )
    assert [p["status"] for p in data["parts"]] == ["approved", "pending"]
    response = as_user(api, manager_b).post(
        f"/api/v1/reservations/{data['parts'][1]['id']}/reject/", {"reason": "Closed"}, format="json"
    )
    assert response.status_code == 200, response.json()
    bundle = as_user(api, booker).get(f"/api/v1/bundles/{data['id']}/").json()
    assert bundle["status"] == "rejected"
    assert [p["status"] for p in bundle["parts"]] == ["cancelled", "rejected"]


def test_moving_the_bundle_moves_every_part(api, asset, stage_b, booker):
    data = as_user(api, booker).post(
        "/api/v1/bundles/", bundle_body(part(asset, 10, 12), part(asset, 12, 13), part(stage_b, 10, 12)),
        format="json",
    ).json()  # fmt: skip
    response = as_user(api, booker).patch(f"/api/v1/bundles/{data['id']}/", {"shift_minutes": 60}, format="json")
    assert response.status_code == 200, response.json()
    starts = sorted(Reservation.objects.values_list("start", flat=True))
    assert starts == [local(MONDAY, 11), local(MONDAY, 11), local(MONDAY, 13)]
    by_start = as_user(api, booker).patch(
        f"/api/v1/bundles/{data['id']}/", {"start": local(MONDAY, 9).isoformat()}, format="json"
    )
    assert by_start.status_code == 200
    assert min(Reservation.objects.values_list("start", flat=True)) == local(MONDAY, 9)


def test_a_move_that_conflicts_on_one_part_moves_nothing(api, asset, stage_b, booker, other_booker, other_member):
    data = (
        as_user(api, booker)
        .post("/api/v1/bundles/", bundle_body(part(asset, 10, 12), part(stage_b, 10, 12)), format="json")
        .json()
    )
    services.reservation_create(
        asset=stage_b, member=other_member, by=other_booker, start=local(MONDAY, 13), end=local(MONDAY, 14), title="x"
    )
    response = as_user(api, booker).patch(f"/api/v1/bundles/{data['id']}/", {"shift_minutes": 120}, format="json")
    assert response.status_code == 409
    assert (response.json()["part"], response.json()["asset"]) == (1, stage_b.id)
    assert set(Reservation.objects.filter(bundle_id=data["id"]).values_list("start", flat=True)) == {local(MONDAY, 10)}


def test_cancelling_the_bundle_cancels_every_part_and_a_part_alone_is_refused(api, asset, stage_b, booker):
    data = (
        as_user(api, booker)
        .post("/api/v1/bundles/", bundle_body(part(asset, 10, 12), part(stage_b, 10, 12)), format="json")
        .json()
    )
    first = data["parts"][0]["id"]
    client = as_user(api, booker)
    moved = client.patch(f"/api/v1/reservations/{first}/", {"start": local(MONDAY, 9).isoformat()}, format="json")
    assert (moved.status_code, moved.json()["code"]) == (409, "part_of_bundle")
    cancelled = client.post(f"/api/v1/reservations/{first}/cancel/", {}, format="json")
    assert (cancelled.status_code, cancelled.json()["code"]) == (409, "part_of_bundle")
    assert client.patch(f"/api/v1/reservations/{first}/", {"title": "Renamed"}, format="json").status_code == 200

    response = client.post(f"/api/v1/bundles/{data['id']}/cancel/", {"reason": "Plans changed"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert set(Reservation.objects.values_list("status", flat=True)) == {"cancelled"}


def test_one_split_applies_to_every_part_and_sums_to_the_cent(api, asset, stage_b, booker, other_member):
    PriceRuleFactory(asset=asset, hourly_rate_minor=3333)
    PriceRuleFactory(asset=stage_b, hourly_rate_minor=1001)
    payer_admin = MembershipFactory(member=other_member, role=Membership.Role.MEMBER_ADMIN).user
    payers = [{"member": booker.memberships.get().member_id, "weight": "1"}, {"member": other_member.id, "weight": "2"}]
    response = as_user(api, booker).post(
        "/api/v1/bundles/", bundle_body(part(asset, 10, 11), part(stage_b, 11, 12), payers=payers), format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    total = sum(Reservation.objects.get(id=p["id"]).quote["total_minor"] for p in data["parts"])
    assert data["total"]["amount"] == f"{total / 100:.2f}"
    owed = sum(round(float(p["amount"]["amount"]) * 100) for p in data["payers"])
    assert owed == total
    assert {p["state"] for p in data["payers"]} == {"accepted", "proposed"}

    accepted = as_user(api, payer_admin).post(f"/api/v1/bundles/{data['id']}/shares/accept/", {}, format="json")
    assert accepted.status_code == 200, accepted.json()
    assert len(accepted.json()) == 2
    assert set(CostShare.objects.filter(member=other_member).values_list("state", flat=True)) == {"accepted"}


def test_mixed_currencies_are_refused(api, asset, stage_b, booker):
    PriceRuleFactory(asset=asset)
    PriceRuleFactory(asset=stage_b, currency="USD")
    response = as_user(api, booker).post(
        "/api/v1/bundles/", bundle_body(part(asset, 10, 11), part(stage_b, 11, 12)), format="json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "mixed_currencies")
    assert not Reservation.objects.exists()


def test_another_company_does_not_see_the_bundle(api, asset, stage_b, booker, other_booker):
    data = (
        as_user(api, booker)
        .post("/api/v1/bundles/", bundle_body(part(asset, 10, 12), part(stage_b, 10, 12)), format="json")
        .json()
    )
    assert as_user(api, other_booker).get(f"/api/v1/bundles/{data['id']}/").status_code == 404
    assert as_user(api, other_booker).get("/api/v1/bundles/").json()["results"] == []
    mine = as_user(api, booker).get("/api/v1/bundles/").json()["results"]
    assert [b["id"] for b in mine] == [data["id"]]


def test_parts_can_chain_later_on_the_same_day(api, asset, stage_b, booker):
    start = local(MONDAY, 10)
    body = bundle_body(
        {"asset": asset.id, "start": start.isoformat(), "end": (start + timedelta(hours=2)).isoformat()},
        {"asset": stage_b.id, "start": (start + timedelta(hours=2)).isoformat(),
         "end": (start + timedelta(hours=4)).isoformat()},
    )  # fmt: skip
    assert as_user(api, booker).post("/api/v1/bundles/", body, format="json").status_code == 201


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_bundles_sharing_assets_in_parallel_one_wins_without_deadlock():
    from bookings import bundles
    from bookings.errors import BookingConflict
    from tests.bookings.test_concurrency import race

    stage_a, stage_b = AssetFactory(), AssetFactory()
    bookers = [MembershipFactory() for _ in range(2)]
    # Opposite orders: without locking the assets in id order, each would hold one asset and wait for the other.
    orders = [(stage_a, stage_b), (stage_b, stage_a)]

    def book(i):
        parts = [{"asset": asset, "start": local(MONDAY, 10), "end": local(MONDAY, 12)} for asset in orders[i]]
        return bundles.bundle_create(by=bookers[i].user, member=bookers[i].member, title=f"#{i}", parts=parts)

    results = race(2, book)
    assert sum(isinstance(r, Bundle) for r in results) == 1, results
    assert sum(isinstance(r, BookingConflict) for r in results) == 1, results
    assert Reservation.objects.count() == 2
    assert Bundle.objects.count() == 1


def test_a_part_rejected_by_another_approval_ends_the_bundle(api, booker, other_booker, other_member):
    stage_a, manager_a = managed("A")
    stage_b, _manager_b = managed("B")
    data = (
        as_user(api, booker)
        .post("/api/v1/bundles/", bundle_body(part(stage_a, 10, 12), part(stage_b, 10, 12)), format="json")
        .json()
    )
    rival = services.reservation_create(
        asset=stage_a, member=other_member, by=other_booker, start=local(MONDAY, 10), end=local(MONDAY, 12),
        title="Rival", compete=True,
    )  # fmt: skip
    services.reservation_approve(reservation=rival, by=manager_a)
    statuses = [p["status"] for p in as_user(api, booker).get(f"/api/v1/bundles/{data['id']}/").json()["parts"]]
    assert statuses == ["rejected", "rejected"]


def test_the_bundles_total_counts_the_items_added_to_a_part(api, asset, stage_b, booker):
    from consumables.models import Item

    PriceRuleFactory(asset=asset, hourly_rate_minor=3000, vat_rate="0")
    PriceRuleFactory(asset=stage_b, hourly_rate_minor=1000, vat_rate="0")
    bottle = Item.objects.create(asset=asset, name="Bottle", unit="bottle", unit_price_minor=37)
    client = as_user(api, booker)
    created = client.post("/api/v1/bundles/", bundle_body(part(asset, 10, 11), part(stage_b, 11, 12)), format="json")
    assert created.status_code == 201, created.json()
    first = created.json()["parts"][0]["id"]
    added = client.post(f"/api/v1/reservations/{first}/items/", {"items": [{"item": bottle.id, "quantity": 100}]},
                        format="json")  # fmt: skip
    assert added.status_code == 200, added.json()
    bundle = client.get(f"/api/v1/bundles/{created.json()['id']}/").json()
    assert bundle["total"]["amount"] == "77.00"  # 30.00 + 10.00 + 100 × 0.37
