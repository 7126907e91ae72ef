"""Consent: a payer is never billed more than the amount it last accepted."""

from decimal import Decimal

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Membership
from billing import services
from billing.models import CostShare, StatementLine
from bookings import services as bookings
from tests.conftest import as_user, future_day, local
from tests.factories import MembershipFactory, PriceRuleFactory, UserFactory

from .helpers import past_reservation, utc

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


@pytest.fixture
def priced_asset(asset):
    PriceRuleFactory(asset=asset, hourly_rate_minor=7000, vat_rate="21.00")
    return asset


@pytest.fixture
def sur_admin(other_member):
    user = UserFactory(username="sur-admin")
    return MembershipFactory(member=other_member, role=Membership.Role.MEMBER_ADMIN, user=user).user


@pytest.fixture
def accountant():
    return UserFactory(username="accountant", is_accountant=True)


def share_of(reservation, member) -> CostShare:
    return CostShare.objects.get(reservation=reservation, member=member)


def split(reservation, by, *payers):
    return services.cost_shares_set(reservation=reservation, payers=[(m, Decimal(w)) for m, w in payers], by=by)


def mails_to(user) -> list:
    return [message for message in mail.outbox if user.email in message.to]


@pytest.mark.parametrize("own_weight", [None, "0.0001"])
def test_the_issue_scenario_a_re_split_after_a_move_asks_the_payer_again(
    api, priced_asset, member, booker, other_member, sur_admin, own_weight, django_capture_on_commit_callbacks
):
    """ana books 1 h, splits 50/50 with Sur, Sur accepts 42.35; ana moves the end later and re-splits with Sur's
    weight alone (or her own weight 0.0001): Sur's share goes back to proposed and Sur's admin is mailed."""
    client = as_user(api, booker)
    created = client.post(
        "/api/v1/reservations/",
        {"asset": priced_asset.id, "start": local(MONDAY, 10).isoformat(), "end": local(MONDAY, 11).isoformat(),
         "title": "Rodaje"},
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    shares_url = f"/api/v1/reservations/{created.json()['id']}/shares/"
    halves = client.put(shares_url, [{"member": member.id, "weight": "1"}, {"member": other_member.id, "weight": "1"}])
    sur_share = next(row for row in halves.json() if row["member"]["id"] == other_member.id)
    assert sur_share["amount"] == {"amount": "42.35", "currency": "EUR"}
    accepted = as_user(APIClient(), sur_admin).post(f"/api/v1/cost-shares/{sur_share['id']}/accept/")
    assert accepted.json()["state"] == "accepted"

    moved = client.patch(f"/api/v1/reservations/{created.json()['id']}/", {"end": local(MONDAY, 22).isoformat()})
    assert moved.status_code == 200, moved.json()
    mail.outbox.clear()
    payers = [{"member": other_member.id, "weight": "1"}]
    if own_weight:
        payers.append({"member": member.id, "weight": own_weight})
    with django_capture_on_commit_callbacks(execute=True):
        resplit = client.put(shares_url, payers)
    assert resplit.status_code == 200, resplit.json()
    rows = {row["member"]["id"]: row for row in resplit.json()}
    assert rows[other_member.id]["state"] == "proposed"
    assert rows[other_member.id]["accepted_amount"] == {"amount": "42.35", "currency": "EUR"}
    assert rows[member.id]["state"] == "accepted"
    assert len(mails_to(sur_admin)) == 1


def test_new_times_that_raise_an_accepted_share_ask_again_by_e_mail(
    priced_asset, member, booker, other_member, sur_admin, django_capture_on_commit_callbacks
):
    reservation = bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 11), title="Rodaje"
    )
    split(reservation, booker, (member, 1), (other_member, 1))
    services.cost_share_accept(share=share_of(reservation, other_member), by=sur_admin)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bookings.reservation_update(reservation=reservation, by=booker, end=local(MONDAY, 13))
    raised = share_of(reservation, other_member)
    assert (raised.state, raised.amount_minor, raised.accepted_amount_minor) == ("proposed", 12705, 4235)
    assert share_of(reservation, member).state == "accepted"
    assert len(mails_to(sur_admin)) == 1
    assert "€127.05" in mails_to(sur_admin)[0].body


def test_a_share_that_shrinks_or_stays_equal_stays_accepted_and_nobody_is_mailed(
    priced_asset, member, booker, other_member, sur_admin, django_capture_on_commit_callbacks
):
    reservation = bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 13), title="Rodaje"
    )
    split(reservation, booker, (member, 1), (other_member, 1))
    services.cost_share_accept(share=share_of(reservation, other_member), by=sur_admin)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bookings.reservation_update(reservation=reservation, by=booker, end=local(MONDAY, 12))
        bookings.reservation_update(reservation=reservation, by=booker, start=local(MONDAY, 11), end=local(MONDAY, 13))
    kept = share_of(reservation, other_member)
    assert (kept.state, kept.amount_minor, kept.accepted_amount_minor) == ("accepted", 8470, 12705)
    assert mails_to(sur_admin) == []


def test_a_changed_currency_asks_again_even_when_the_number_is_smaller(
    priced_asset, member, booker, other_member, sur_admin
):
    reservation = bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 13), title="Rodaje"
    )
    split(reservation, booker, (member, 1), (other_member, 1))
    services.cost_share_accept(share=share_of(reservation, other_member), by=sur_admin)
    priced_asset.price_rules.update(currency="JPY", hourly_rate_minor=10)
    bookings.reservation_update(reservation=reservation, by=booker, end=local(MONDAY, 12))
    raised = share_of(reservation, other_member)
    assert (raised.state, raised.currency, raised.accepted_currency) == ("proposed", "JPY", "EUR")


def test_lowering_another_payers_weight_asks_the_raised_payer_again(
    priced_asset, member, booker, other_member, sur_admin
):
    third = MembershipFactory(role=Membership.Role.MEMBER_ADMIN)
    reservation = bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 13), title="Rodaje"
    )
    split(reservation, booker, (member, 1), (other_member, 1), (third.member, 1))
    services.cost_share_accept(share=share_of(reservation, other_member), by=sur_admin)
    services.cost_share_accept(share=share_of(reservation, third.member), by=third.user)
    split(reservation, booker, (other_member, 1), (third.member, 1))  # the booking member drops out
    assert share_of(reservation, other_member).state == share_of(reservation, third.member).state == "proposed"
    split(reservation, booker, (member, 2), (other_member, 1), (third.member, 1))  # both shrink back
    assert share_of(reservation, other_member).state == "proposed"  # proposed stays proposed until decided


def test_a_decline_never_raises_another_accepted_payer_even_by_a_cent(priced_asset, member, booker, other_member):
    """84.70 EUR by weights 3:1:9 gives Sur 6.51; re-split by weight after the third payer declines, Sur's
    remainder would win the left-over cent (6.52). The declined part goes to the booking member alone."""
    third = MembershipFactory(role=Membership.Role.MEMBER_ADMIN)
    sur_admin = MembershipFactory(member=other_member, role=Membership.Role.MEMBER_ADMIN).user
    reservation = bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 11), title="Rodaje"
    )
    split(reservation, booker, (member, 3), (other_member, 1), (third.member, 9))
    services.cost_share_accept(share=share_of(reservation, other_member), by=sur_admin)
    assert share_of(reservation, other_member).amount_minor == 651
    services.cost_share_decline(share=share_of(reservation, third.member), by=third.user)
    after = share_of(reservation, other_member)
    assert (after.state, after.amount_minor) == ("accepted", 651)
    assert share_of(reservation, member).amount_minor == 8470 - 651


def test_a_period_close_bills_a_share_not_accepted_to_the_booking_member(
    priced_asset, member, booker, other_member, sur_admin, accountant
):
    """Sur accepted 6.51 of 84.70 (weights 3:1:9) and the third payer never answered: at the close the third part
    goes to the booking member, Sur is billed its 6.51 (not the 6.52 a re-split by weight would give), and a
    share raised after its acceptance and never accepted again is billed to the booking member."""
    third = MembershipFactory(role=Membership.Role.MEMBER_ADMIN)
    reservation = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 10)
    )
    split(reservation, booker, (member, 3), (other_member, 1), (third.member, 9))
    services.cost_share_accept(share=share_of(reservation, other_member), by=sur_admin)
    raised = past_reservation(
        asset=priced_asset, member=member, booked_by=booker, start=utc(2025, 3, 4, 9), end=utc(2025, 3, 4, 12)
    )
    split(raised, booker, (member, 1), (other_member, 1))
    services.cost_share_accept(share=share_of(raised, other_member), by=sur_admin)
    split(raised, booker, (member, 1), (other_member, 2))  # Sur's share grows: asked again, never answered

    services.billing_period_close(period=services.billing_period_for(year=2025, month=3), by=accountant)

    def billed(reservation):
        lines = StatementLine.objects.filter(reservation=reservation).select_related("statement")
        return sorted((line.statement.member_id, line.amount_minor) for line in lines)

    assert billed(reservation) == [(member.id, 8470 - 651), (other_member.id, 651)]
    assert billed(raised) == [(member.id, 25410)]
    assert share_of(raised, other_member).amount_minor == 0


def test_accepting_an_amount_that_changed_since_the_payer_saw_it_accepts_nothing(
    api, priced_asset, member, booker, other_member, sur_admin
):
    """Consent is to an amount: the payer's page sends what it showed, and a share raised meanwhile is refused."""
    reservation = bookings.reservation_create(
        asset=priced_asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 11), title="Shoot"
    )
    split(reservation, booker, (member, "1"), (other_member, "1"))
    seen = as_user(api, sur_admin).get("/api/v1/cost-shares/?state=proposed").json()["results"][0]
    assert seen["amount"] == {"amount": "42.35", "currency": "EUR"}
    bookings.reservation_update(reservation=reservation, by=booker, end=local(MONDAY, 13))  # the share grows

    refused = as_user(api, sur_admin).post(
        f"/api/v1/cost-shares/{seen['id']}/accept/", {"expected_amount": seen["amount"]}, format="json"
    )
    assert refused.status_code == 409, refused.json()
    assert refused.json()["code"] == "amount_changed"
    assert refused.json()["amount"] == {"amount": "127.05", "currency": "EUR"}
    assert share_of(reservation, other_member).state == "proposed"

    bad = as_user(api, sur_admin).post(
        f"/api/v1/cost-shares/{seen['id']}/accept/", {"expected_amount": {"amount": "1.234", "currency": "EUR"}},
        format="json",
    )  # fmt: skip
    assert bad.status_code == 400 and share_of(reservation, other_member).state == "proposed"

    now = {"amount": "127.05", "currency": "EUR"}
    accepted = as_user(api, sur_admin).post(
        f"/api/v1/cost-shares/{seen['id']}/accept/", {"expected_amount": now}, format="json"
    )
    assert accepted.status_code == 200, accepted.json()
    assert (share_of(reservation, other_member).state, share_of(reservation, other_member).accepted_amount_minor) == (
        "accepted",
        12705,
    )
