"""Consumables and add-ons: the managers define an asset's items, a booking adds them with estimated quantities
(priced on the frozen quote), the booker confirms the actual ones after use; stock is never oversold."""

from datetime import timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from audit.models import Change
from bookings.models import Reservation, ReservationEvent
from consumables.models import Item, ReservationItem
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, MembershipFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


def book(client, asset, items, hour=10):
    return client.post(
        "/api/v1/reservations/",
        {"asset": asset.id, "start": local(MONDAY, hour).isoformat(), "end": local(MONDAY, hour + 1).isoformat(),
         "title": "Embotellado", "items": items},
        format="json",
    )  # fmt: skip


def test_the_manager_defines_items_and_bookers_see_the_active_ones(api, priced_asset, manager, booker):
    client = as_user(api, manager)
    made = client.post(
        f"/api/v1/assets/{priced_asset.id}/items/",
        {"name": "Bottle", "unit": "bottle", "unit_price_minor": 37, "stock": 5000},
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["unit_price"] == {"amount": "0.37", "currency": "EUR"}
    hidden = client.post(
        f"/api/v1/assets/{priced_asset.id}/items/", {"name": "Old", "unit_price_minor": 1, "active": False}
    )
    assert hidden.status_code == 201
    twice = client.post(f"/api/v1/assets/{priced_asset.id}/items/", {"name": "Bottle", "unit_price_minor": 1})
    assert twice.status_code == 400 and twice.json()["code"] == "duplicate_item"
    assert [row["name"] for row in client.get(f"/api/v1/assets/{priced_asset.id}/items/").json()] == ["Bottle", "Old"]
    member_view = as_user(APIClient(), booker)
    assert [row["name"] for row in member_view.get(f"/api/v1/assets/{priced_asset.id}/items/").json()] == ["Bottle"]
    refused = member_view.post(f"/api/v1/assets/{priced_asset.id}/items/", {"name": "Mine", "unit_price_minor": 1})
    assert refused.status_code == 403
    assert member_view.patch(f"/api/v1/items/{made.json()['id']}/", {"unit_price_minor": 0}).status_code == 403
    changed = client.patch(f"/api/v1/items/{made.json()['id']}/", {"unit_price_minor": 40}, format="json")
    assert changed.json()["unit_price_minor"] == 40
    assert Change.objects.filter(action__startswith="item.").count() == 3
    assert client.delete(f"/api/v1/items/{hidden.json()['id']}/").status_code == 204


def test_a_booking_with_items_is_priced_on_its_frozen_quote(api, priced_asset, booker, bottle, labels):
    created = book(
        as_user(api, booker), priced_asset, [{"item": bottle.id, "quantity": 2000}, {"item": labels.id, "quantity": 1}]
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    # 70.00 + 21 % = 84.70; 2,000 × 0.37 = 740.00 + 155.40; 1 × 0.07 = 0.07 + 0.01 (0.0147 rounds to 0.01)
    assert body["price"] == {"amount": "980.18", "currency": "EUR"}
    assert body["items"]["total"] == {"amount": "895.48", "currency": "EUR"}
    bottles = body["items"]["lines"][0]
    assert (bottles["name"], bottles["quantity_estimated"], bottles["quantity_actual"]) == ("Bottle", 2000, None)
    assert bottles["total"] == {"amount": "895.40", "currency": "EUR"}
    charge = as_user(api, booker).get(f"/api/v1/reservations/{body['id']}/charge/").json()
    assert charge["total"] == {"amount": "980.18", "currency": "EUR"}
    assert [line["name"] for line in charge["items"]["lines"]] == ["Bottle", "Labels"]
    # A later price change does not touch the booking's frozen unit price.
    Item.objects.filter(id=bottle.id).update(unit_price_minor=99)
    assert ReservationItem.objects.get(item=bottle).unit_price_minor == 37


@pytest.mark.parametrize(
    "entries, field",
    [
        (lambda bottle, other: [{"item": other.id, "quantity": 1}], "invalid_item"),
        (lambda bottle, other: [{"item": bottle.id, "quantity": 0}], "items"),
        (lambda bottle, other: [{"item": bottle.id, "quantity": 1.5}], "items"),
        (lambda bottle, other: [{"item": bottle.id, "quantity": 10**9}], "items"),
        (lambda bottle, other: [{"item": bottle.id, "quantity": 1}, {"item": bottle.id, "quantity": 2}], "items"),
        (lambda bottle, other: [{"item": "x", "quantity": 1}], "items"),
    ],
)
def test_invalid_items_are_a_400_and_book_nothing(api, priced_asset, booker, bottle, entries, field):
    other = Item.objects.create(asset=AssetFactory(), name="Elsewhere", unit_price_minor=1)
    response = book(as_user(api, booker), priced_asset, entries(bottle, other))
    assert response.status_code == 400, response.json()
    assert field in (response.json().get("code"), *response.json())
    assert not Reservation.objects.exists() and not ReservationItem.objects.exists()


def test_an_inactive_item_cannot_be_booked(api, priced_asset, booker, bottle):
    Item.objects.filter(id=bottle.id).update(active=False)
    response = book(as_user(api, booker), priced_asset, [{"item": bottle.id, "quantity": 1}])
    assert response.status_code == 400 and response.json()["code"] == "invalid_item"


def test_booking_more_than_the_stock_left_is_a_409_naming_the_item(api, priced_asset, booker, other_booker, bottle):
    Item.objects.filter(id=bottle.id).update(stock=100)
    first = book(as_user(api, booker), priced_asset, [{"item": bottle.id, "quantity": 60}])
    assert first.status_code == 201
    refused = book(as_user(APIClient(), other_booker), priced_asset, [{"item": bottle.id, "quantity": 41}], hour=12)
    assert refused.status_code == 409, refused.json()
    assert refused.json()["code"] == "out_of_stock" and refused.json()["item"] == bottle.id
    assert refused.json()["left"] == 40 and "Bottle" in refused.json()["detail"]
    assert Reservation.objects.count() == 1
    assert (
        book(
            as_user(APIClient(), other_booker), priced_asset, [{"item": bottle.id, "quantity": 40}], hour=12
        ).status_code
        == 201
    )
    # A cancelled booking gives its units back.
    as_user(APIClient(), booker).post(f"/api/v1/reservations/{first.json()['id']}/cancel/", {"reason": "x"})
    assert (
        book(as_user(APIClient(), booker), priced_asset, [{"item": bottle.id, "quantity": 60}], hour=14).status_code
        == 201
    )


def test_the_booker_changes_estimates_before_the_start_and_confirms_after_use(
    api, priced_asset, booker, manager, bottle, labels
):
    client = as_user(api, booker)
    created = book(client, priced_asset, [{"item": bottle.id, "quantity": 100}]).json()
    url = f"/api/v1/reservations/{created['id']}/items/"
    more = client.post(
        url, {"items": [{"item": bottle.id, "quantity": 150}, {"item": labels.id, "quantity": 2}]}, format="json"
    )
    assert more.status_code == 200, more.json()
    assert [(line["name"], line["quantity_estimated"]) for line in more.json()["items"]["lines"]] == [
        ("Bottle", 150),
        ("Labels", 2),
    ]
    event = ReservationEvent.objects.filter(reservation_id=created["id"], action="items_changed").get()
    assert event.changes == {"Bottle": [100, 150], "Labels": [0, 2]}
    start = local(MONDAY, 10)
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        locked = client.post(url, {"items": [{"item": bottle.id, "quantity": 1}]}, format="json")
        assert locked.status_code == 409 and locked.json()["code"] == "items_locked"
        assert client.post(f"/api/v1/reservations/{created['id']}/check-in/").status_code == 200
        assert client.post(f"/api/v1/reservations/{created['id']}/check-out/").status_code == 200
        used = client.post(url, {"items": [{"item": bottle.id, "quantity": 140}]}, format="json")
    assert used.status_code == 200, used.json()
    bottles = used.json()["items"]["lines"][0]
    assert (bottles["quantity_estimated"], bottles["quantity_actual"], bottles["quantity"]) == (150, 140, 140)
    assert bottles["total"] == {"amount": "62.68", "currency": "EUR"}  # 140 × 0.37 = 51.80 + 10.88
    assert ReservationEvent.objects.filter(reservation_id=created["id"], action="items_actual").exists()
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        by_manager = as_user(APIClient(), manager).post(
            url, {"items": [{"item": labels.id, "quantity": 3}]}, format="json"
        )
    assert by_manager.status_code == 200
    assert by_manager.json()["items"]["lines"][1]["quantity_actual"] == 3


def test_another_company_cannot_see_or_set_the_quantities(api, priced_asset, booker, other_member, bottle):
    created = book(as_user(api, booker), priced_asset, [{"item": bottle.id, "quantity": 10}]).json()
    outsider = MembershipFactory(member=other_member, role="member_admin").user
    response = as_user(APIClient(), outsider).post(
        f"/api/v1/reservations/{created['id']}/items/", {"items": [{"item": bottle.id, "quantity": 1}]}, format="json"
    )
    assert response.status_code == 404
    assert ReservationItem.objects.get().quantity_estimated == 10


@pytest.mark.parametrize(
    "body",
    [
        {"items": []},
        {"items": [{"item": 1, "quantity": -1}]},
        {"items": "bottle"},
        {},
    ],
)
def test_invalid_quantity_changes_are_a_400_and_change_nothing(api, priced_asset, booker, bottle, body):
    client = as_user(api, booker)
    created = book(client, priced_asset, [{"item": bottle.id, "quantity": 10}]).json()
    response = client.post(f"/api/v1/reservations/{created['id']}/items/", body, format="json")
    assert response.status_code == 400, response.json()
    assert ReservationItem.objects.get().quantity_estimated == 10
    assert not ReservationEvent.objects.filter(action="items_changed").exists()


def test_a_plain_booking_has_no_items_and_its_price_is_the_quote(api, priced_asset, booker, bottle):
    body = book(as_user(api, booker), priced_asset, []).json()
    assert body["items"] is None and body["price"] == {"amount": "84.70", "currency": "EUR"}
    assert Reservation.objects.get().items_quote is None
