"""Proposals cannot flood another company, and no e-mail subject carries user-written text."""

from datetime import datetime

import pytest
from django.core import mail
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.models import Membership, User
from billing.models import CostShare
from notifications import services
from tests.conftest import as_user, future_day, local
from tests.factories import MembershipFactory, PriceRuleFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = future_day(2)
PHISHING = "URGENT: confirm your payment at http://evil.example/login"


@pytest.fixture
def sur_admin(other_member):
    user = UserFactory(username="sur-admin")
    return MembershipFactory(member=other_member, role=Membership.Role.MEMBER_ADMIN, user=user).user


@pytest.fixture
def priced_asset(asset):
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="21.00")
    return asset


def book(client, asset, title=PHISHING):
    response = client.post(
        "/api/v1/reservations/",
        {"asset": asset.id, "start": local(DAY, 10).isoformat(), "end": local(DAY, 12).isoformat(), "title": title},
    )
    assert response.status_code == 201, response.json()
    return response.json()["id"]


@override_settings(SHARE_PROPOSALS_PER_HOUR=3)
def test_twenty_puts_naming_a_payer_mail_it_at_most_the_limit_and_the_rest_are_429(
    api, priced_asset, member, booker, other_member, sur_admin, django_capture_on_commit_callbacks
):
    client = as_user(api, booker)
    url = f"/api/v1/reservations/{book(client, priced_asset)}/shares/"
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for weight in range(1, 21):  # Sur's share grows every time: each PUT would ask Sur again
            answers.append(client.put(url, [{"member": member.id, "weight": "1"},
                                             {"member": other_member.id, "weight": str(weight)}]))  # fmt: skip
    assert [a.status_code for a in answers] == [200] * 3 + [429] * 17
    refused = answers[3]
    assert refused.json()["code"] == "too_many_proposals"
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert len([m for m in mail.outbox if sur_admin.email in m.to]) == 3
    assert CostShare.objects.get(member=other_member).weight == 3  # a refused PUT changed nothing


@override_settings(SHARE_PROPOSALS_PER_HOUR=1)
def test_removing_and_naming_a_payer_again_does_not_reset_the_count(
    api, priced_asset, member, booker, other_member, sur_admin
):
    client = as_user(api, booker)
    url = f"/api/v1/reservations/{book(client, priced_asset)}/shares/"
    both = [{"member": member.id, "weight": "1"}, {"member": other_member.id, "weight": "1"}]
    assert client.put(url, both).status_code == 200
    assert client.put(url, [{"member": member.id, "weight": "1"}]).status_code == 200
    assert client.put(url, both).status_code == 429


@override_settings(SHARE_PROPOSALS_PER_HOUR=1)
def test_automatic_re_proposals_beyond_the_limit_keep_the_share_proposed_without_mail(
    api, priced_asset, member, booker, other_member, sur_admin, django_capture_on_commit_callbacks
):
    client = as_user(api, booker)
    reservation_id = book(client, priced_asset)
    with django_capture_on_commit_callbacks(execute=True):
        client.put(
            f"/api/v1/reservations/{reservation_id}/shares/",
            [{"member": member.id, "weight": "1"}, {"member": other_member.id, "weight": "1"}],
        )
        theirs = CostShare.objects.get(member=other_member)
        assert as_user(APIClient(), sur_admin).post(f"/api/v1/cost-shares/{theirs.id}/accept/").status_code == 200
        moved = client.patch(f"/api/v1/reservations/{reservation_id}/", {"end": local(DAY, 14).isoformat()})
    assert moved.status_code == 200
    theirs.refresh_from_db()
    assert (theirs.state, theirs.accepted_amount_minor) == ("proposed", 12100)
    assert len([m for m in mail.outbox if sur_admin.email in m.to]) == 1  # the first proposal only


def test_no_subject_carries_the_bookers_title_and_the_body_labels_it(
    api, asset, priced_asset, member, booker, manager, other_member, sur_admin, django_capture_on_commit_callbacks
):
    priced_asset.requires_approval = True
    priced_asset.save()
    client = as_user(api, booker)
    with django_capture_on_commit_callbacks(execute=True):
        reservation_id = book(client, priced_asset)
        client.put(
            f"/api/v1/reservations/{reservation_id}/shares/",
            [{"member": member.id, "weight": "1"}, {"member": other_member.id, "weight": "1"}],
        )
        as_user(APIClient(), manager).post(f"/api/v1/reservations/{reservation_id}/approve/")
        client.post(f"/api/v1/reservations/{reservation_id}/cancel/", {"reason": PHISHING})
    kinds = {m.to[0]: m.subject for m in mail.outbox}
    assert set(kinds) == {manager.email, sur_admin.email, booker.email}
    for message in mail.outbox:
        assert "evil.example" not in message.subject and "URGENT" not in message.subject
        assert "Plató A" in message.subject
    proposal = next(m for m in mail.outbox if sur_admin.email in m.to)
    assert f"Title given by the booker: {PHISHING}" in proposal.body


SAMPLE = {
    "reservation_id": 7, "title": PHISHING, "asset": "Plató A", "location": "Nave 3", "timezone": "Europe/Madrid",
    "member": "Norte Films", "booked_by": "Ana", "by": "Mara", "reason": PHISHING,
    "start": datetime(2030, 3, 4, 9, 0).astimezone(), "end": datetime(2030, 3, 4, 11, 0).astimezone(),
    "deadline": datetime(2030, 3, 3, 9, 0).astimezone(), "payer": "Sur Producciones", "amount_minor": 12345,
    "currency": "EUR", "proposed_by": "Ana", "decided_by": "Carla", "period": "2030-02", "totals": {"EUR": 98010},
    "id": 3, "link": "http://127.0.0.1:8000/#/x", "accepted_amount_minor": None, "accepted_currency": "",
    "occurrences": 4,
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", sorted(services.KINDS))
def test_every_subject_is_built_from_the_asset_and_the_time_only(kind, language):
    message = services.compose(kind=kind, user=User(username="u", email="u@example.com", language=language),
                               context=SAMPLE)  # fmt: skip
    assert "evil.example" not in message.subject and "URGENT" not in message.subject
