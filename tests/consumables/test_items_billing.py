"""A booking's items on the bill: priced on the frozen quote, split between payers by the same weights to the
cent, consent asked again when they grow, and their own lines on statements, exports and the statement PDF."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from rest_framework.test import APIClient

from billing import services
from billing.models import CostShare, ReservationCharge, Statement, StatementLine
from bookings.models import Status
from consumables.services import items_attach
from tests.billing.helpers import past_reservation, utc
from tests.billing.test_consent import split
from tests.billing.test_statements import pdf_text
from tests.conftest import as_user, future_day, local
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


@pytest.fixture
def accountant():
    return UserFactory(username="accountant", is_accountant=True, language="en")


@pytest.fixture
def bottling(priced_asset, member, booker, other_member, sur_admin, bottle, labels):
    """March 2025: Norte Films bottles for an hour (70.00 + 21 %) with 2,000 bottles at 0.37 and a roll of labels
    at 0.07, split 1:2 with Sur (who accepts), completed: 980.18 EUR in all."""
    reservation = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 10),
        status=Status.APPROVED,
    )  # fmt: skip
    items_attach(
        reservation=reservation, entries=[{"item": bottle.id, "quantity": 2000}, {"item": labels.id, "quantity": 1}]
    )
    services.charge_sync(reservation=reservation)
    split(reservation, booker, (member, "1"), (other_member, "2"))
    services.cost_share_accept(share=CostShare.objects.get(reservation=reservation, member=other_member), by=sur_admin)
    reservation.status = Status.COMPLETED
    reservation.save(update_fields=["status"])
    services.charge_sync(reservation=reservation)
    return reservation


def test_items_split_between_two_payers_sum_to_the_cent(bottling, member, other_member):
    charge = ReservationCharge.objects.get(reservation=bottling)
    assert (charge.kind, charge.total_minor, charge.vat_minor) == ("completed", 98018, 17011)
    shares = {s.member_id: s for s in CostShare.objects.filter(reservation=bottling)}
    # 98,018 / 3 = 32,672.67: the cent left over goes to the largest remainder.
    assert (shares[member.id].amount_minor, shares[other_member.id].amount_minor) == (32673, 65345)
    assert sum(s.amount_minor for s in shares.values()) == charge.total_minor
    assert sum(s.vat_minor for s in shares.values()) == charge.vat_minor


def test_statements_exports_and_the_pdf_have_item_lines_summing_to_each_share(
    api, bottling, member, other_member, accountant
):
    services.billing_period_close(period=services.billing_period_for(year=2025, month=3), by=accountant)
    for payer in (member, other_member):
        statement = Statement.objects.get(member=payer)
        share = CostShare.objects.get(reservation=bottling, member=payer)
        lines = list(statement.lines.order_by("id"))
        assert [line.kind for line in lines] == ["share", "item", "item"]
        assert sum(line.amount_minor for line in lines) == share.amount_minor
        assert sum(line.vat_minor for line in lines) == share.vat_minor
        assert all(line.net_minor + line.vat_minor == line.amount_minor for line in lines)
        assert "Bottle, 2000 bottle" in lines[1].description
    items = StatementLine.objects.filter(kind="item", description__startswith="Bottle")
    assert sum(line.amount_minor for line in items) == 89540  # the bottles' line of the charge, split 1:2
    client = as_user(api, accountant)
    csv_rows = list(csv.DictReader(io.StringIO(b"".join(
        client.get("/api/v1/exports/cost-shares/?from=2025-03-01&to=2025-03-31&dialect=standard").streaming_content
    ).decode("utf-8-sig"))))  # fmt: skip
    assert [row["Item"][:6] for row in csv_rows] == ["", "Bottle", "Labels", "", "Bottle", "Labels"]
    assert sum(Decimal(row["Gross"]) for row in csv_rows) == Decimal("980.18")
    rows = client.get("/api/v1/exports/cost-shares/?from=2025-03-01&to=2025-03-31&format=json").json()
    assert rows[1]["item"].startswith("Bottle") and rows[1]["hours"] is None and rows[0]["item"] is None
    statement = Statement.objects.get(member=other_member)
    text = pdf_text(client.get(f"/api/v1/statements/{statement.id}/pdf/"))
    assert "Bottle, 2000 bottle" in text and "Labels, 1 roll" in text


def test_more_items_ask_the_co_payer_again_and_fewer_keep_its_consent(
    api, priced_asset, member, booker, other_member, sur_admin, bottle
):
    client = as_user(api, booker)
    created = client.post(
        "/api/v1/reservations/",
        {"asset": priced_asset.id, "start": local(MONDAY, 10).isoformat(), "end": local(MONDAY, 11).isoformat(),
         "title": "Embotellado", "items": [{"item": bottle.id, "quantity": 100}]},
        format="json",
    ).json()  # fmt: skip
    url = f"/api/v1/reservations/{created['id']}/"
    halves = client.put(
        url + "shares/",
        [{"member": member.id, "weight": "1"}, {"member": other_member.id, "weight": "1"}],
        format="json",
    )
    sur = next(row for row in halves.json() if row["member"]["id"] == other_member.id)
    assert sur["amount"] == {"amount": "64.73", "currency": "EUR"}  # (84.70 + 44.77) / 2, the odd cent to Norte
    as_user(APIClient(), sur_admin).post(f"/api/v1/cost-shares/{sur['id']}/accept/")

    def sur_share():
        return CostShare.objects.get(reservation_id=created["id"], member=other_member)

    fewer = client.post(url + "items/", {"items": [{"item": bottle.id, "quantity": 50}]}, format="json")
    assert fewer.status_code == 200
    assert (sur_share().state, sur_share().amount_minor) == ("accepted", 5354)
    more = client.post(url + "items/", {"items": [{"item": bottle.id, "quantity": 200}]}, format="json")
    assert more.status_code == 200
    assert (sur_share().state, sur_share().amount_minor) == ("proposed", 8712)
    as_user(APIClient(), sur_admin).post(f"/api/v1/cost-shares/{sur_share().id}/accept/")
    # After use, an actual quantity above the estimate is another increase: asked again.
    with time_machine.travel(local(MONDAY, 10) + timedelta(minutes=5), tick=False):
        client.post(url + "check-in/")
        client.post(url + "check-out/")
        client.post(url + "items/", {"items": [{"item": bottle.id, "quantity": 210}]}, format="json")
    assert sur_share().state == "proposed"
    shares = CostShare.objects.filter(reservation_id=created["id"])
    assert (
        sum(s.amount_minor for s in shares) == ReservationCharge.objects.get(reservation_id=created["id"]).total_minor
    )


def test_a_billed_booking_keeps_its_items(api, bottling, booker, bottle, accountant):
    services.billing_period_close(period=services.billing_period_for(year=2025, month=3), by=accountant)
    response = as_user(api, booker).post(
        f"/api/v1/reservations/{bottling.id}/items/", {"items": [{"item": bottle.id, "quantity": 1}]}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "billed"
