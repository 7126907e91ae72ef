"""The cost-share list: who sees which shares, newest reservation first, page after page, on either database.

On PostgreSQL a company's page is a union of index-ordered scans; these tests pin it to the plain query's
answer, and the reservation columns that triggers copy onto each share to the reservation's own values.
"""

from datetime import timedelta

import pytest

from billing.models import CostShare
from bookings.models import Reservation
from tests.conftest import as_user
from tests.factories import AssetFactory, MemberFactory, MembershipFactory, PriceRuleFactory, UserFactory

from .helpers import past_reservation, utc

pytestmark = pytest.mark.django_db

SHARES = "/api/v1/cost-shares/"


@pytest.fixture
def cluster():
    """Norte books six times; Sur pays part of two of them and books once with Norte paying part."""
    asset = AssetFactory()
    PriceRuleFactory(asset=asset, vat_rate="0")
    norte, sur, este = MemberFactory(name="Norte"), MemberFactory(name="Sur"), MemberFactory(name="Este")
    norte_booker = MembershipFactory(member=norte).user
    sur_booker = MembershipFactory(member=sur).user
    norte_admin = MembershipFactory(member=norte, role="member_admin").user
    bookings = [
        past_reservation(asset=asset, member=norte, booked_by=norte_booker, start=utc(2025, 3, day, 9),
                         end=utc(2025, 3, day, 10))
        for day in (3, 7, 4, 10, 5, 6)
    ]  # fmt: skip
    sur_booking = past_reservation(
        asset=asset, member=sur, booked_by=sur_booker, start=utc(2025, 3, 8, 9), end=utc(2025, 3, 8, 10)
    )
    for reservation in (bookings[1], bookings[3]):
        CostShare.objects.create(reservation=reservation, member=sur, weight=1, currency="EUR", amount_minor=100)
    CostShare.objects.create(reservation=sur_booking, member=norte, weight=1, currency="EUR", amount_minor=100)
    CostShare.objects.create(reservation=sur_booking, member=este, weight=1, currency="EUR", amount_minor=100)
    return {"norte_admin": norte_admin, "norte_booker": norte_booker, "sur_booker": sur_booker, "norte": norte}


def listed(api, user, **params) -> list[tuple[str, str]]:
    rows = []
    page = 1
    while True:
        body = as_user(api, user).get(SHARES, {"page_size": 3, "page": page, **params}).json()
        rows += [(row["reservation"]["start"][:10], row["member"]["name"]) for row in body["results"]]
        if not body["next"]:
            return rows
        page += 1


def expected(shares) -> list[tuple[str, str]]:
    ordered = sorted(shares, key=lambda share: (-share.reservation.start.timestamp(), share.id))
    return [(share.reservation.start.date().isoformat(), share.member.name) for share in ordered]


def test_a_member_admin_sees_what_its_company_pays_and_its_reservations_shares_newest_first(api, cluster):
    norte = cluster["norte"]
    visible = CostShare.objects.filter(member=norte) | CostShare.objects.filter(reservation__member=norte)
    rows = listed(api, cluster["norte_admin"])

    assert rows == expected(visible.select_related("reservation", "member"))
    assert len(rows) == 6 + 2 + 1  # Norte's own six, Sur's parts of two of them, Norte's part of Sur's booking
    assert ("2025-03-08", "Este") not in rows  # another company's part of another company's booking
    assert rows[0] == ("2025-03-10", "Norte")


def test_a_booker_sees_the_shares_of_the_reservations_they_booked(api, cluster):
    rows = listed(api, cluster["sur_booker"])
    assert rows == [("2025-03-08", "Sur"), ("2025-03-08", "Norte"), ("2025-03-08", "Este")]
    assert listed(api, cluster["sur_booker"], state="accepted") == [("2025-03-08", "Sur")]


def test_a_user_without_a_company_lists_only_what_they_booked(api, cluster):
    # Found by schemathesis: nothing to see made the paginator ask for an empty slice of the union.
    assert listed(api, UserFactory()) == []
    assert as_user(api, UserFactory()).get(SHARES, {"page": 2}).status_code == 404


def test_an_accountant_pages_through_every_share(api, cluster):
    accountant = UserFactory(is_accountant=True)
    assert listed(api, accountant) == expected(CostShare.objects.select_related("reservation", "member"))


def test_the_copies_of_the_reservation_follow_it_however_it_changes(cluster):
    reservation = Reservation.objects.filter(member=cluster["norte"]).first()
    share = CostShare.objects.get(reservation=reservation, member=cluster["norte"])
    copied = ("reservation_start", "reservation_member_id", "reservation_booked_by_id")
    assert CostShare.objects.values_list(*copied).get(id=share.id) == (
        reservation.start, reservation.member_id, reservation.booked_by_id
    )  # fmt: skip

    later = reservation.start + timedelta(days=30)
    other = UserFactory()
    end = later + timedelta(hours=1)
    Reservation.objects.filter(id=reservation.id).update(
        start=later, end=end, blocked_start=later, blocked_end=end, booked_by=other
    )  # fmt: skip
    assert CostShare.objects.values_list(*copied).get(id=share.id) == (later, reservation.member_id, other.id)
