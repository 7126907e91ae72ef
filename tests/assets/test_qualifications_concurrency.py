"""Qualifications under concurrency, on PostgreSQL with real parallel connections: two beats send an expiry reminder
once, and two managers granting the same person at once leave one standing grant and a clear 409, never a 500."""

from datetime import date, timedelta

import pytest
from django.core import mail

from assets.models import Qualification, QualificationGrant
from assets.qualification_services import grant_create
from notifications.models import Delivery
from notifications.services import remind_expiring_grants
from sinergia.exceptions import Conflict
from tests.bookings.test_concurrency import race
from tests.factories import AssetFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def trained():
    qualification = Qualification.objects.create(name="Trained operator")
    AssetFactory(name="Line").required_qualifications.add(qualification)
    return qualification


def test_two_beats_at_once_remind_each_holder_once(trained):
    admin = UserFactory(is_staff=True)
    holders = [UserFactory(username=f"holder{i}") for i in range(5)]
    for holder in holders:
        grant_create(qualification=trained, by=admin, user=holder, expires_on=date.today() + timedelta(days=20))
    mail.outbox.clear()
    sent = race(2, lambda _i: remind_expiring_grants(today=date.today()))
    assert sum(sent) == 5, sent
    assert sorted(m.to[0] for m in mail.outbox) == sorted(h.email for h in holders)
    assert Delivery.objects.filter(kind="qualification_expiring").count() == 5


def test_two_grants_of_the_same_person_at_once_leave_one_standing_grant(trained):
    admin, holder = UserFactory(is_staff=True), UserFactory(username="holder")
    results = race(2, lambda i: grant_create(qualification=trained, by=admin, user=holder))
    made = [r for r in results if isinstance(r, QualificationGrant)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(made) + len(refused) == 2 and made, results
    assert QualificationGrant.objects.filter(user=holder, revoked_at__isnull=True).count() == 1
