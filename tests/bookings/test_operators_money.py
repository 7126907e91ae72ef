"""One price, one split: a technician's booking is shared by the main booking's payers, with the same consent."""

import pytest

from assets.models import OperatorMode
from billing.models import CostShare, ReservationCharge
from bookings import services
from bookings.errors import BookingConflict
from bookings.models import Reservation
from consumables.models import Item
from tests.conftest import as_user, future_day, local
from tests.factories import PriceRuleFactory

from .test_operators import technician

pytestmark = pytest.mark.django_db

MONDAY = future_day(0, weeks_ahead=3)


@pytest.fixture
def assisted(asset):
    """An asset that requires an operator, priced at odd amounts, with an item; its technician has its own price."""
    asset.operator = OperatorMode.REQUIRED
    asset.save()
    PriceRuleFactory(asset=asset, hourly_rate_minor=3333, vat_rate="21.00")
    olga = technician("Operator Olga", asset)
    PriceRuleFactory(asset=olga, hourly_rate_minor=1001, vat_rate="21.00")
    return asset


def book_split(api, asset, member, booker, co_payer):
    gel = Item.objects.create(asset=asset, name="Gel", unit_price_minor=777)
    main = services.reservation_create(
        asset=asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 11, 30), title="Shoot",
        items=[{"item": gel.id, "quantity": 3}],
    )  # fmt: skip
    payers = [{"member": member.id, "weight": "1"}, {"member": co_payer.id, "weight": "2"}]
    response = as_user(api, booker).put(f"/api/v1/reservations/{main.id}/shares/", payers, format="json")
    assert response.status_code == 200, response.json()
    return main, Reservation.objects.get(assists=main)


def shares(reservation):
    return {s.member_id: s for s in CostShare.objects.filter(reservation=reservation)}


def test_the_technicians_charge_is_split_by_the_same_weights_to_the_cent(api, assisted, member, booker, co_payer):
    main, row = book_split(api, assisted, member, booker, co_payer)
    totals = {c.reservation_id: c.total_minor for c in ReservationCharge.objects.filter(reservation__in=[main, row])}
    assert totals[row.id] > 0 and totals[main.id] > row.quote["total_minor"]  # the items are on the main charge
    on_main, on_row = shares(main), shares(row)
    assert {m: s.weight for m, s in on_row.items()} == {m: s.weight for m, s in on_main.items()}
    for reservation, split in ((main, on_main), (row, on_row)):
        assert sum(s.amount_minor for s in split.values()) == totals[reservation.id]
        assert abs(split[co_payer.id].amount_minor - 2 * split[member.id].amount_minor) <= 2
    owed = {m: on_main[m].amount_minor + on_row[m].amount_minor for m in (member.id, co_payer.id)}
    assert sum(owed.values()) == totals[main.id] + totals[row.id]
    assert on_row[co_payer.id].state == CostShare.State.PROPOSED and on_row[member.id].state == "accepted"


def test_deciding_the_main_share_decides_the_technicians_and_an_increase_asks_again(
    api, assisted, member, booker, co_payer, co_payer_admin
):
    main, row = book_split(api, assisted, member, booker, co_payer)
    share = shares(main)[co_payer.id]
    accepted = as_user(api, co_payer_admin).post(f"/api/v1/cost-shares/{share.id}/accept/")
    assert accepted.status_code == 200, accepted.json()
    assert shares(row)[co_payer.id].state == CostShare.State.ACCEPTED

    # Longer: both charges grow, and the co-payer is asked again about both.
    services.reservation_update(reservation=main, by=booker, end=local(MONDAY, 13))
    grown_main, grown_row = shares(main)[co_payer.id], shares(row)[co_payer.id]
    assert grown_row.amount_minor > grown_row.accepted_amount_minor
    assert (grown_main.state, grown_row.state) == (CostShare.State.PROPOSED, CostShare.State.PROPOSED)
    again = as_user(api, co_payer_admin).post(f"/api/v1/cost-shares/{grown_main.id}/accept/")
    assert again.status_code == 200, again.json()
    decided = shares(row)[co_payer.id]
    assert (decided.state, decided.accepted_amount_minor) == (CostShare.State.ACCEPTED, decided.amount_minor)


def test_declining_the_main_share_leaves_the_technician_to_the_booking_member(
    api, assisted, member, booker, co_payer, co_payer_admin
):
    main, row = book_split(api, assisted, member, booker, co_payer)
    share = shares(main)[co_payer.id]
    assert as_user(api, co_payer_admin).post(f"/api/v1/cost-shares/{share.id}/decline/").status_code == 200
    on_row = shares(row)
    assert (on_row[co_payer.id].state, on_row[co_payer.id].amount_minor) == (CostShare.State.DECLINED, 0)
    assert on_row[member.id].amount_minor == ReservationCharge.objects.get(reservation=row).total_minor


def test_a_pooled_assisted_asset_with_items_books_each_unit_with_its_own_technician(assisted, member, booker):
    assisted.capacity = 2
    assisted.save()
    technician("Operator Omar", assisted)
    gel = Item.objects.create(asset=assisted, name="Gel", unit_price_minor=777)
    booked = [
        services.reservation_create(
            asset=assisted,
            member=member,
            by=booker,
            start=local(MONDAY, 10),
            end=local(MONDAY, 11),
            title="Shoot",
            items=[{"item": gel.id, "quantity": 2}],
        )  # fmt: skip
        for _ in range(2)
    ]
    assert sorted(r.unit for r in booked) == [1, 2]
    rows = [Reservation.objects.get(assists=r) for r in booked]
    assert len({row.asset_id for row in rows}) == 2
    for main in booked:
        charge = ReservationCharge.objects.get(reservation=main)
        assert charge.total_minor == main.quote["total_minor"] + round(2 * 777 * 1.21)
    with pytest.raises(BookingConflict):
        services.reservation_create(
            asset=assisted, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 11), title="Third"
        )
