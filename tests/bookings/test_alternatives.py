"""Alternatives offered on a conflict are slots the booker may book: an asset (or group) whose qualification the
booker lacks is never offered, nor a period ending after the booker's grant expires."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assets.models import Qualification, QualificationGrant
from bookings import services
from bookings.alternatives import alternatives_for
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, AssetGroupFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


@pytest.fixture
def stages():
    group = AssetGroupFactory(name="Platós")
    return AssetFactory(name="Plató 1", group=group), AssetFactory(name="Plató 2", group=group)


def offers(stage, member, booker):
    return alternatives_for(asset=stage, member=member, booker=booker, start=local(MONDAY, 10),
                            end=local(MONDAY, 12), now=timezone.now())  # fmt: skip


def test_a_sibling_needing_a_qualification_the_booker_lacks_is_not_offered(stages, member, booker):
    stage, sibling = stages
    assert sibling.id in {o["asset"] for o in offers(stage, member, booker)}
    crane = Qualification.objects.create(name="Crane")
    sibling.required_qualifications.add(crane)
    assert sibling.id not in {o["asset"] for o in offers(stage, member, booker)}
    QualificationGrant.objects.create(
        qualification=crane, user=booker, granted_on=date.today(), expires_on=MONDAY + timedelta(days=1)
    )
    assert sibling.id in {o["asset"] for o in offers(stage, member, booker)}


def test_a_group_requirement_the_booker_lacks_empties_the_offers(stages, member, booker):
    stage, _sibling = stages
    stage.group.required_qualifications.add(Qualification.objects.create(name="Stage safety"))
    assert offers(stage, member, booker) == []


def test_a_grant_expiring_before_the_alternatives_end_excludes_the_later_slots(member, booker):
    stage = AssetFactory(name="Plató 1")
    crane = Qualification.objects.create(name="Crane")
    stage.required_qualifications.add(crane)
    QualificationGrant.objects.create(qualification=crane, user=booker, granted_on=date.today(), expires_on=MONDAY)
    slots = alternatives_for(asset=stage, member=member, booker=booker, start=local(MONDAY, 21),
                             end=local(MONDAY, 22), now=timezone.now(), limit=10)  # fmt: skip
    assert slots and all(o["start"].astimezone(stage.tz).date() <= MONDAY for o in slots)
    assert {o["start"] for o in slots} == {local(MONDAY, 20), local(MONDAY, 20, 30), local(MONDAY, 19, 30)}


def test_the_409_offers_only_what_the_booker_is_qualified_for(api, stages, member, booker, other_member, other_booker):
    stage, sibling = stages
    sibling.required_qualifications.add(Qualification.objects.create(name="Crane"))
    services.reservation_create(asset=stage, member=other_member, by=other_booker, start=local(MONDAY, 10),
                                end=local(MONDAY, 12), title="Otra")  # fmt: skip
    body = {"asset": stage.id, "start": local(MONDAY, 10).isoformat(), "end": local(MONDAY, 12).isoformat(),
            "title": "Rodaje"}  # fmt: skip
    response = as_user(api, booker).post("/api/v1/reservations/", body, format="json")
    assert response.status_code == 409
    offered = response.json()["alternatives"]
    assert offered and {o["asset"] for o in offered} == {stage.id}


def test_without_a_booker_nothing_requiring_a_qualification_is_offered(stages, member):
    stage, sibling = stages
    sibling.required_qualifications.add(Qualification.objects.create(name="Crane"))
    assert {o["asset"] for o in offers(stage, member, None)} == {stage.id}
