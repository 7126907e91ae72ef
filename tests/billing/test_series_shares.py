"""A recurring series can be split between payers; never silently dropped."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Membership
from billing.models import CostShare, ReservationCharge
from bookings.models import Reservation, Series
from tests.conftest import as_user, future_day, local
from tests.factories import MembershipFactory, PriceRuleFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = future_day(1)


@pytest.fixture
def priced_asset(asset):
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="21.00")
    return asset


@pytest.fixture
def sur_admin(other_member):
    user = UserFactory(username="sur-admin")
    return MembershipFactory(member=other_member, role=Membership.Role.MEMBER_ADMIN, user=user).user


def series_body(asset, shares, **extra):
    return {
        "asset": asset.id, "start": local(DAY, 10).isoformat(), "end": local(DAY, 12).isoformat(),
        "rrule": "FREQ=WEEKLY;COUNT=4", "title": "Clase", "shares": shares, **extra,
    }  # fmt: skip


def test_a_split_series_proposes_the_co_payer_on_every_occurrence_with_one_e_mail(
    api, priced_asset, member, booker, other_member, sur_admin, django_capture_on_commit_callbacks
):
    halves = [{"member": member.id, "weight": "1"}, {"member": other_member.id, "weight": "1"}]
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(api, booker).post("/api/v1/series/", series_body(priced_asset, halves), format="json")
    assert response.status_code == 201, response.json()
    occurrences = response.json()["occurrences"]
    assert len(occurrences) == 4
    for row in occurrences:
        theirs = next(share for share in row["shares"] if share["member"]["id"] == other_member.id)
        assert theirs["state"] == "proposed" and theirs["amount"] == {"amount": "121.00", "currency": "EUR"}
    for reservation in Reservation.objects.filter(series_id=response.json()["id"]):
        shares = {s.member_id: s for s in CostShare.objects.filter(reservation=reservation)}
        assert (shares[member.id].state, shares[other_member.id].state) == ("accepted", "proposed")
        assert (
            sum(s.amount_minor for s in shares.values())
            == ReservationCharge.objects.get(reservation=reservation).total_minor
        )
    to_sur = [message for message in mail.outbox if sur_admin.email in message.to]
    assert len(to_sur) == 1
    assert "Occurrences: 4" in to_sur[0].body and "€484.00" in to_sur[0].body


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_split_that_cannot_be_applied_is_refused_and_nothing_is_created(
    api, asset, member, booker, other_member, dry_run
):
    client = as_user(api, booker)
    halves = [{"member": member.id, "weight": "1"}, {"member": other_member.id, "weight": "1"}]
    unpriced = client.post("/api/v1/series/", series_body(asset, halves, dry_run=dry_run), format="json")
    assert unpriced.status_code == 400 and unpriced.json()["code"] == "no_price"
    PriceRuleFactory(asset=asset)
    bad_weight = [{"member": other_member.id, "weight": "0"}]
    assert client.post("/api/v1/series/", series_body(asset, bad_weight), format="json").status_code == 400
    other_member.is_active = False
    other_member.save()
    inactive = client.post("/api/v1/series/", series_body(asset, halves, dry_run=dry_run), format="json")
    assert inactive.status_code == 400, inactive.json()
    assert not Series.objects.exists() and not Reservation.objects.exists()


def test_a_payers_admin_accepts_or_declines_all_its_shares_of_a_series_at_once(
    api, priced_asset, member, booker, other_member, sur_admin, other_booker
):
    halves = [{"member": member.id, "weight": "1"}, {"member": other_member.id, "weight": "1"}]
    series_id = (
        as_user(api, booker).post("/api/v1/series/", series_body(priced_asset, halves), format="json").json()["id"]
    )
    assert as_user(APIClient(), other_booker).post(f"/api/v1/series/{series_id}/shares/accept/").status_code == 404
    assert as_user(APIClient(), booker).post(f"/api/v1/series/{series_id}/shares/accept/").status_code == 404
    accepted = as_user(APIClient(), sur_admin).post(f"/api/v1/series/{series_id}/shares/accept/")
    assert accepted.status_code == 200, accepted.json()
    assert [row["state"] for row in accepted.json()] == ["accepted"] * 4
    theirs = CostShare.objects.filter(member=other_member, reservation__series_id=series_id)
    assert {(s.state, s.accepted_amount_minor) for s in theirs} == {("accepted", 12100)}
    assert as_user(APIClient(), sur_admin).post(f"/api/v1/series/{series_id}/shares/decline/").status_code == 404


def test_declining_a_series_moves_every_part_to_the_booking_member(
    api, priced_asset, member, booker, other_member, sur_admin
):
    halves = [{"member": member.id, "weight": "1"}, {"member": other_member.id, "weight": "1"}]
    series_id = (
        as_user(api, booker).post("/api/v1/series/", series_body(priced_asset, halves), format="json").json()["id"]
    )
    declined = as_user(APIClient(), sur_admin).post(f"/api/v1/series/{series_id}/shares/decline/")
    assert declined.status_code == 200
    ours = CostShare.objects.filter(member=member, reservation__series_id=series_id)
    assert {(s.state, s.amount_minor) for s in ours} == {("accepted", 24200)}


def test_deciding_a_series_at_once_mails_the_booker_once_and_checks_the_total_seen(
    api, priced_asset, member, booker, other_member, sur_admin, django_capture_on_commit_callbacks
):
    halves = [{"member": member.id, "weight": "1"}, {"member": other_member.id, "weight": "1"}]
    series_id = (
        as_user(api, booker).post("/api/v1/series/", series_body(priced_asset, halves), format="json").json()["id"]
    )
    mail.outbox.clear()
    accept = f"/api/v1/series/{series_id}/shares/accept/"
    stale = {"expected_total": {"amount": "400.00", "currency": "EUR"}}
    refused = as_user(APIClient(), sur_admin).post(accept, stale, format="json")
    assert refused.status_code == 409 and refused.json()["amount"] == {"amount": "484.00", "currency": "EUR"}
    assert not CostShare.objects.filter(member=other_member, state="accepted").exists()

    seen = {"expected_total": {"amount": "484.00", "currency": "EUR"}}
    with django_capture_on_commit_callbacks(execute=True):
        accepted = as_user(APIClient(), sur_admin).post(accept, seen, format="json")
    assert accepted.status_code == 200, accepted.json()
    to_booker = [message for message in mail.outbox if booker.email in message.to]
    assert len(to_booker) == 1, [m.subject for m in mail.outbox]
    assert to_booker[0].subject.startswith("Shares accepted: recurring booking of Plató A")
    assert "Occurrences: 4" in to_booker[0].body and "€484.00" in to_booker[0].body
