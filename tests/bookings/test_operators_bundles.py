"""Bundles × technicians: a part on an assisted asset books its technician, who follows the bundle."""

import pytest

from assets.models import OperatorMode
from bookings import services
from bookings.models import Reservation, Status
from tests.conftest import as_user, local

from .test_bundles import MONDAY, bundle_body, managed, part
from .test_operators import technician

pytestmark = pytest.mark.django_db


def assisted(name, mode=OperatorMode.REQUIRED, *, approval=True):
    """An asset of its own manager (needing approval unless told) that requires (or offers) an operator, and its
    technician."""
    asset, manager = managed(name)
    asset.operator, asset.requires_approval = mode, approval
    asset.save()
    return asset, manager, technician(f"Tech {name}", asset)


def tech_row(part_id):
    return Reservation.objects.get(assists_id=part_id)


def test_the_last_approval_of_a_bundle_approves_the_technicians_too(api, booker):
    (line, manager_a, olga), (stage_b, manager_b) = assisted("Line"), managed("B")
    data = (
        as_user(api, booker)
        .post("/api/v1/bundles/", bundle_body(part(line, 10, 12), part(stage_b, 10, 12)), format="json")
        .json()
    )
    first, second = (p["id"] for p in data["parts"])
    row = tech_row(first)
    assert (row.asset, row.status, row.bundle_id) == (olga, Status.PENDING, None)

    assert as_user(api, manager_a).post(f"/api/v1/bundles/{data['id']}/parts/{first}/approve/").status_code == 200
    assert tech_row(first).status == Status.PENDING
    response = as_user(api, manager_b).post(f"/api/v1/bundles/{data['id']}/parts/{second}/approve/")
    assert response.status_code == 200, response.json()
    assert tech_row(first).status == Status.APPROVED


def test_moving_and_cancelling_the_bundle_carries_the_technician(api, asset, booker):
    line, _manager, olga = assisted("Line", approval=False)
    client = as_user(api, booker)
    data = client.post("/api/v1/bundles/", bundle_body(part(line, 10, 12), part(asset, 12, 13)), format="json").json()
    first = data["parts"][0]["id"]
    assert tech_row(first).status == Status.APPROVED

    moved = client.patch(f"/api/v1/bundles/{data['id']}/", {"shift_minutes": 60}, format="json")
    assert moved.status_code == 200, moved.json()
    main, row = Reservation.objects.get(id=first), tech_row(first)
    assert (row.asset, row.start, row.end) == (olga, main.start, main.end)

    cancelled = client.post(f"/api/v1/bundles/{data['id']}/cancel/", {"reason": "Plans changed"}, format="json")
    assert cancelled.status_code == 200, cancelled.json()
    assert tech_row(first).status == Status.CANCELLED


def test_rejecting_another_part_ends_the_technicians_booking_too(api, asset, booker):
    line, _manager, _olga = assisted("Line", approval=False)
    stage_b, manager_b = managed("B")
    data = (
        as_user(api, booker)
        .post("/api/v1/bundles/", bundle_body(part(line, 10, 12), part(stage_b, 10, 12)), format="json")
        .json()
    )
    first, second = (p["id"] for p in data["parts"])
    assert tech_row(first).status == Status.APPROVED
    response = as_user(api, manager_b).post(
        f"/api/v1/bundles/{data['id']}/parts/{second}/reject/", {"reason": "Closed"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert Reservation.objects.get(id=first).status == Status.CANCELLED
    assert tech_row(first).status == Status.CANCELLED


def test_a_part_without_a_free_technician_is_a_409_naming_the_part(api, asset, booker, other_booker, other_member):
    line, _manager, olga = assisted("Line", approval=False)
    other_line = assisted("Other line", approval=False)[0]
    olga.operates.add(other_line)
    # Olga is the only technician of both lines: another company's booking of the other line takes her.
    taken = services.reservation_create(
        asset=other_line, member=other_member, by=other_booker, start=local(MONDAY, 10), end=local(MONDAY, 12),
        title="x", operator_id=olga.id,
    )  # fmt: skip
    assert tech_row(taken.id).asset == olga
    before = Reservation.objects.count()
    response = as_user(api, booker).post(
        "/api/v1/bundles/", bundle_body(part(asset, 8, 10), part(line, 10, 12)), format="json"
    )
    assert response.status_code == 409, response.json()
    data = response.json()
    assert (data["code"], data["problem"], data["part"], data["asset"]) == ("conflict", "no_operator_free", 1, line.id)
    assert Reservation.objects.count() == before


def test_an_offered_operator_is_asked_per_part(api, asset, booker):
    line, _manager, olga = assisted("Line", OperatorMode.OPTIONAL, approval=False)
    client = as_user(api, booker)
    plain = client.post("/api/v1/bundles/", bundle_body(part(line, 8, 9), part(asset, 9, 10)), format="json")
    assert plain.status_code == 201, plain.json()
    assert not Reservation.objects.filter(assists__isnull=False).exists()
    asked = client.post(
        "/api/v1/bundles/", bundle_body({**part(line, 10, 11), "operator": True}, part(asset, 11, 12)), format="json"
    )
    assert asked.status_code == 201, asked.json()
    assert tech_row(asked.json()["parts"][0]["id"]).asset == olga
    refused = client.post(
        "/api/v1/bundles/", bundle_body(part(line, 12, 13), {**part(asset, 13, 14), "operator": True}), format="json"
    )
    assert (refused.status_code, refused.json()["code"], refused.json()["part"]) == (400, "no_operator_offered", 1)
