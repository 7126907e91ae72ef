"""Qualifications: defining them, granting and revoking, requirements on assets and groups, the booking check
(create, move, series across an expiry, quotes) and the expiry reminder."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assets.models import Qualification, QualificationGrant
from assets.qualification_services import add_months, grant_create
from audit.models import Change
from bookings.models import Reservation
from notifications.services import remind_expiring_grants
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, AssetGroupFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/qualifications/"
TUESDAY = future_day(1)


@pytest.fixture
def admin():
    return UserFactory(username="root", is_staff=True)


@pytest.fixture
def trained(asset):
    """ "Trained operator", required by the asset."""
    qualification = Qualification.objects.create(name="Trained operator", validity_months=12)
    asset.required_qualifications.add(qualification)
    return qualification


def booking(asset, day=TUESDAY, **overrides):
    return {"asset": asset.id, "start": local(day, 10).isoformat(), "end": local(day, 12).isoformat(),
            "title": "Embotellado", **overrides}  # fmt: skip


def test_managers_and_admins_define_qualifications_and_everyone_reads_them(api, manager, booker, admin):
    created = as_user(api, manager).post(URL, {"name": "Forklift", "validity_months": 24}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["validity_months"] == 24 and created.json()["held_until"] is None
    assert as_user(api, booker).post(URL, {"name": "Nope"}, format="json").status_code == 403
    assert as_user(api, admin).post(URL, {"name": "Forklift"}, format="json").status_code == 400  # name taken
    assert [q["name"] for q in as_user(api, booker).get(URL).json()] == ["Forklift"]
    assert Change.objects.filter(action="qualification.create").count() == 1


def test_a_manager_grants_with_the_default_validity_and_the_holder_sees_it(api, asset, manager, booker, trained):
    response = as_user(api, manager).post(f"{URL}{trained.id}/grants/", {"user": booker.id}, format="json")
    assert response.status_code == 201, response.json()
    expires = add_months(date.today(), 12)
    assert response.json()["expires_on"] == expires.isoformat()
    mine = as_user(api, booker).get(URL).json()
    assert mine == [{"id": trained.id, "name": "Trained operator", "description": "", "validity_months": 12,
                     "held_until": expires.isoformat(), "can_grant": False}]  # fmt: skip
    listed = as_user(api, manager).get(f"{URL}{trained.id}/grants/").json()
    assert [(g["user"], g["expires_on"]) for g in listed] == [(booker.id, expires.isoformat())]
    assert Change.objects.get(action="qualification.grant").after["user"] == "ana"


def test_granting_again_replaces_the_standing_grant(api, asset, manager, booker, trained):
    first = as_user(api, manager).post(f"{URL}{trained.id}/grants/", {"user": booker.id}, format="json").json()
    later = (date.today() + timedelta(days=900)).isoformat()
    again = as_user(api, manager).post(
        f"{URL}{trained.id}/grants/", {"user": booker.id, "expires_on": later}, format="json"
    )
    assert again.status_code == 201
    assert QualificationGrant.objects.get(id=first["id"]).revoked_at is not None
    assert [g["id"] for g in as_user(api, manager).get(f"{URL}{trained.id}/grants/").json()] == [again.json()["id"]]


def test_a_grant_expiring_in_the_past_is_refused(api, manager, booker, trained):
    past = (date.today() - timedelta(days=1)).isoformat()
    response = as_user(api, manager).post(
        f"{URL}{trained.id}/grants/", {"user": booker.id, "expires_on": past}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "expired"
    assert not QualificationGrant.objects.exists()


def test_a_manager_of_another_asset_can_neither_grant_nor_revoke_nor_list(api, asset, booker, trained):
    stranger = UserFactory(username="otro")
    AssetFactory(name="Cellar").managers.add(stranger)
    grant = grant_create(qualification=trained, by=UserFactory(is_staff=True), user=booker)
    client = as_user(api, stranger)
    assert client.post(f"{URL}{trained.id}/grants/", {"user": stranger.id}, format="json").status_code == 403
    assert client.get(f"{URL}{trained.id}/grants/").status_code == 403
    assert client.delete(f"{URL}{trained.id}/grants/{grant.id}/").status_code == 403
    assert QualificationGrant.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_group_manager_grants_what_the_group_requires(api, booker):
    group = AssetGroupFactory(name="Bottling")
    AssetFactory(name="Line 1", group=group)
    lead = UserFactory(username="lead")
    group.managers.add(lead)
    qualification = Qualification.objects.create(name="Line safety")
    group.required_qualifications.add(qualification)
    response = as_user(api, lead).post(f"{URL}{qualification.id}/grants/", {"user": booker.id}, format="json")
    assert response.status_code == 201


def test_revoking_ends_the_grant_and_is_audited(api, asset, manager, booker, trained):
    grant = grant_create(qualification=trained, by=manager, user=booker)
    response = as_user(api, manager).delete(f"{URL}{trained.id}/grants/{grant.id}/")
    assert response.status_code == 204
    assert QualificationGrant.objects.get(id=grant.id).revoked_at is not None
    assert as_user(api, manager).delete(f"{URL}{trained.id}/grants/{grant.id}/").status_code == 404
    assert Change.objects.filter(action="qualification.revoke", target_id=grant.id).exists()
    assert as_user(api, booker).post("/api/v1/reservations/", booking(asset), format="json").status_code == 400


def test_a_booking_without_the_qualification_is_refused_naming_it(api, asset, booker, trained):
    response = as_user(api, booker).post("/api/v1/reservations/", booking(asset), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "not_qualified" and "Trained operator" in body["detail"]
    assert body["problems"][0]["missing"] == [{"id": trained.id, "name": "Trained operator", "valid_until": None}]
    assert not Reservation.objects.exists()


def test_not_qualified_is_listed_among_the_other_problems(api, asset, booker, trained):
    response = as_user(api, booker).post(
        "/api/v1/reservations/", booking(asset, end=local(TUESDAY, 10, 15).isoformat()), format="json"
    )
    codes = [problem["code"] for problem in response.json()["problems"]]
    assert response.status_code == 400 and "not_qualified" in codes and "granularity" in codes


def test_a_qualified_booker_books_and_a_grant_expiring_before_the_end_date_is_not_enough(
    api, asset, manager, booker, trained
):
    grant_create(qualification=trained, by=manager, user=booker, expires_on=TUESDAY - timedelta(days=1))
    refused = as_user(api, booker).post("/api/v1/reservations/", booking(asset), format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "not_qualified"
    assert refused.json()["problems"][0]["missing"][0]["valid_until"] == (TUESDAY - timedelta(days=1)).isoformat()
    grant_create(qualification=trained, by=manager, user=booker, expires_on=TUESDAY)  # valid through its end date
    assert as_user(api, booker).post("/api/v1/reservations/", booking(asset), format="json").status_code == 201


def test_the_group_requirement_adds_to_the_assets(api, booker, manager):
    group = AssetGroupFactory(name="Bottling")
    line = AssetFactory(name="Line 1", group=group)
    own, shared = Qualification.objects.create(name="Own"), Qualification.objects.create(name="Shared")
    line.required_qualifications.add(own)
    group.required_qualifications.add(shared)
    grant_create(qualification=own, by=UserFactory(is_staff=True), user=booker)
    body = as_user(api, booker).post("/api/v1/reservations/", booking(line), format="json").json()
    assert [item["name"] for item in body["problems"][0]["missing"]] == ["Shared"]
    assert as_user(api, booker).get(f"/api/v1/assets/{line.id}/").json()["effective_qualifications"] == sorted(
        [own.id, shared.id]
    )


def test_moving_a_booking_past_the_expiry_is_refused(api, asset, manager, booker, trained):
    grant_create(qualification=trained, by=manager, user=booker, expires_on=TUESDAY)
    created = as_user(api, booker).post("/api/v1/reservations/", booking(asset), format="json").json()
    later = TUESDAY + timedelta(days=7)
    moved = as_user(api, booker).patch(
        f"/api/v1/reservations/{created['id']}/",
        {"start": local(later, 10).isoformat(), "end": local(later, 12).isoformat()},
        format="json",
    )
    assert moved.status_code == 400 and moved.json()["code"] == "not_qualified"
    assert Reservation.objects.get(id=created["id"]).start == local(TUESDAY, 10)


def test_a_series_across_the_expiry_is_refused_or_skips_the_later_occurrences(api, asset, manager, booker, trained):
    grant_create(qualification=trained, by=manager, user=booker, expires_on=TUESDAY + timedelta(days=8))
    series = {**booking(asset), "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=4"}
    refused = as_user(api, booker).post("/api/v1/series/", series, format="json")
    assert refused.status_code == 409
    rows = refused.json()["occurrences"]
    assert [row["ok"] for row in rows] == [True, True, False, False]
    assert rows[2]["problems"][0]["code"] == "not_qualified"
    assert not Reservation.objects.exists()
    skipped = as_user(api, booker).post("/api/v1/series/", {**series, "on_conflict": "skip"}, format="json")
    assert skipped.status_code == 201, skipped.json()
    assert Reservation.objects.count() == 2


def test_a_series_reads_the_qualifications_once_whatever_its_length(api, asset, manager, booker, trained):
    grant_create(qualification=trained, by=manager, user=booker)

    def statements(count):
        series = {**booking(asset), "rrule": f"FREQ=WEEKLY;BYDAY=TU;COUNT={count}", "dry_run": True}
        with CaptureQueriesContext(connection) as queries:
            assert as_user(api, booker).post("/api/v1/series/", series, format="json").status_code == 200
        return len(queries)

    statements(2)  # warm: the first request of a client reads its user's caches
    assert statements(2) == statements(8)


def test_a_booking_on_an_asset_without_requirements_does_not_read_grants(api, asset, booker):
    with CaptureQueriesContext(connection) as queries:
        assert as_user(api, booker).post("/api/v1/reservations/", booking(asset), format="json").status_code == 201
    assert not [q for q in queries if "qualificationgrant" in q["sql"]]


def test_quotes_report_not_qualified(api, asset, booker, trained):
    response = as_user(api, booker).post(
        "/api/v1/quotes/",
        {"asset": asset.id, "start": local(TUESDAY, 10).isoformat(), "end": local(TUESDAY, 12).isoformat()},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "not_qualified"


def test_a_new_requirement_is_previewed_as_information_and_cancels_nothing(api, asset, manager, booker):
    as_user(api, booker).post("/api/v1/reservations/", booking(asset), format="json")
    qualification = Qualification.objects.create(name="Trained operator")
    preview = as_user(api, manager).post(
        f"/api/v1/assets/{asset.id}/rules-preview/", {"required_qualifications": [qualification.id]}, format="json"
    )
    assert preview.status_code == 200
    assert preview.json()["affected"] == []
    assert [notice["code"] for notice in preview.json()["notices"]] == ["qualifications_not_retroactive"]
    saved = as_user(api, manager).patch(
        f"/api/v1/assets/{asset.id}/", {"required_qualifications": [qualification.id]}, format="json"
    )
    assert saved.status_code == 200 and saved.json()["required_qualifications"] == [qualification.id]
    assert Reservation.objects.get().status == "approved"
    change = Change.objects.filter(action="asset.update").latest("id")
    assert change.after == {"required_qualifications": [qualification.id]}


def test_a_cluster_admin_sets_a_groups_requirements_audited(api, admin, manager):
    group = AssetGroupFactory(name="Bottling")
    qualification = Qualification.objects.create(name="Line safety")
    url = f"/api/v1/asset-groups/{group.id}/"
    body = {"required_qualifications": [qualification.id]}
    assert as_user(api, manager).patch(url, body, format="json").status_code == 403
    response = as_user(api, admin).patch(url, body, format="json")
    assert response.status_code == 200 and response.json()["required_qualifications"] == [qualification.id]
    assert Change.objects.get(action="asset_group.update").after == {"required_qualifications": [qualification.id]}


def test_the_holder_is_reminded_once_thirty_days_before_expiry(asset, manager, booker, trained):
    today = date.today()
    soon = grant_create(qualification=trained, by=manager, user=booker, expires_on=today + timedelta(days=30))
    other = UserFactory(username="later")
    grant_create(qualification=trained, by=manager, user=other, expires_on=today + timedelta(days=31))
    mail.outbox.clear()
    assert remind_expiring_grants(today=today) == 1
    assert remind_expiring_grants(today=today) == 0
    assert remind_expiring_grants(today=today + timedelta(days=1)) == 1  # the other one, now 30 days ahead
    assert remind_expiring_grants(today=today + timedelta(days=2)) == 0
    first = mail.outbox[0]
    assert first.to == [booker.email] and "Trained operator" in first.subject
    assert asset.name in first.body and soon.expires_on.strftime("%Y") in first.body
    assert first.alternatives and "Trained operator" in first.alternatives[0][0]


def test_the_reminder_is_in_the_holders_language(asset, manager, booker, trained):
    booker.language = "es"
    booker.save()
    grant_create(qualification=trained, by=manager, user=booker, expires_on=date.today() + timedelta(days=10))
    mail.outbox.clear()
    remind_expiring_grants(today=date.today())
    assert "caduca" in mail.outbox[0].subject


def test_a_manager_names_the_person_by_username_and_exactly_one_way(api, asset, manager, booker, trained):
    url = f"{URL}{trained.id}/grants/"
    by_name = as_user(api, manager).post(url, {"username": "ana"}, format="json")
    assert by_name.status_code == 201 and by_name.json()["user"] == booker.id
    assert as_user(api, manager).post(url, {}, format="json").status_code == 400
    both = as_user(api, manager).post(url, {"user": booker.id, "username": "ana"}, format="json")
    assert both.status_code == 400 and "user" in both.json()
    assert as_user(api, manager).post(url, {"username": "nobody"}, format="json").status_code == 400
    assert QualificationGrant.objects.count() == 1
