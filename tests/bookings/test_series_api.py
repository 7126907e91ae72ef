"""The /api/v1/series/ contract: shapes, status codes, tenancy."""

from datetime import timedelta

import pytest
from schedule.models import Event

from bookings.models import Reservation, Series
from tests.conftest import as_user, future_day, local

TUESDAY = future_day(1)
URL = "/api/v1/series/"


def payload(asset, **overrides):
    return {
        "asset": asset.id, "start": local(TUESDAY, 10).isoformat(), "end": local(TUESDAY, 12).isoformat(),
        "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=4", "title": "Rodaje", **overrides,
    }  # fmt: skip


@pytest.mark.django_db
def test_posting_a_series_answers_201_with_its_occurrences(api, asset, booker, member):
    response = as_user(api, booker).post(URL, payload(asset, notes="Set B"), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["member"] == {"id": member.id, "name": member.name}
    assert (body["asset"], body["rrule"], body["title"]) == (asset.id, "FREQ=WEEKLY;BYDAY=TU;COUNT=4", "Rodaje")
    assert len(body["occurrences"]) == 4
    first = body["occurrences"][0]
    assert first["ok"] and first["status"] == "approved" and first["problems"] == [] and first["alternatives"] == []
    reservation = as_user(api, booker).get(f"/api/v1/reservations/{first['reservation']}/").json()
    assert reservation["series"] == body["id"]
    assert Reservation.objects.filter(series_id=body["id"]).count() == 4


@pytest.mark.django_db
def test_a_dry_run_shows_the_rule_as_the_created_series_will(api, asset, booker):
    rule = "FREQ=WEEKLY;BYDAY=TU;UNTIL=" + f"{TUESDAY + timedelta(weeks=3):%Y%m%d}"
    preview = as_user(api, booker).post(URL, payload(asset, rrule=rule, dry_run=True), format="json").json()
    created = as_user(api, booker).post(URL, payload(asset, rrule=rule), format="json").json()
    shown = as_user(api, booker).get(f"{URL}{created['id']}/").json()
    assert preview["rrule"] == created["rrule"] == shown["rrule"] != rule
    assert shown["rrule"].startswith("FREQ=WEEKLY;BYDAY=TU;UNTIL=") and shown["rrule"].endswith("Z")
    assert len(shown["occurrences"]) == 4


@pytest.mark.django_db
def test_a_dry_run_answers_200_with_the_report_and_creates_nothing(api, asset, booker):
    response = as_user(api, booker).post(URL, payload(asset, dry_run=True), format="json")
    assert response.status_code == 200
    assert response.json()["id"] is None and len(response.json()["occurrences"]) == 4
    assert not Reservation.objects.exists() and not Series.objects.exists() and not Event.objects.exists()


@pytest.mark.django_db
def test_a_conflict_with_reject_answers_409_with_the_report(api, asset, booker, other_booker):
    taken = as_user(api, other_booker).post(
        "/api/v1/reservations/",
        {
            "asset": asset.id,
            "start": local(TUESDAY, 11).isoformat(),
            "end": local(TUESDAY, 13).isoformat(),
            "title": "x",
        },
    )
    assert taken.status_code == 201
    response = as_user(api, booker).post(URL, payload(asset), format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "series_conflict" and body["detail"]
    assert [row["ok"] for row in body["occurrences"]] == [False, True, True, True]
    assert {"asset", "start", "end", "price", "requires_approval"} <= set(body["occurrences"][0]["alternatives"][0])
    assert Reservation.objects.count() == 1

    skipped = as_user(api, booker).post(URL, payload(asset, on_conflict="skip"), format="json")
    assert skipped.status_code == 201
    assert [row["reservation"] is None for row in skipped.json()["occurrences"]] == [True, False, False, False]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"rrule": "FREQ=SOMETIMES"}, "rrule"),
        ({"rrule": "FREQ=WEEKLY;COUNT=1000"}, "rrule"),
        ({"on_conflict": "maybe"}, "on_conflict"),
        ({"start": "2030-01-01T10:00:00"}, "start"),
    ],
)
def test_bad_input_is_a_field_error_that_changes_nothing(api, asset, booker, overrides, field):
    response = as_user(api, booker).post(URL, payload(asset, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Series.objects.exists()


@pytest.mark.django_db
def test_a_rule_that_yields_nothing_is_a_400(api, asset, booker):
    response = as_user(api, booker).post(URL, payload(asset, rrule="FREQ=WEEKLY;UNTIL=20000101"), format="json")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("no_occurrences", "rrule")


@pytest.mark.django_db
def test_another_members_series_is_404_and_the_assets_manager_sees_it(api, asset, booker, other_booker, manager):
    series_id = as_user(api, booker).post(URL, payload(asset), format="json").json()["id"]
    assert as_user(api, other_booker).get(f"{URL}{series_id}/").status_code == 404
    assert (
        as_user(api, other_booker).post(f"{URL}{series_id}/cancel/", {"from": "2000-01-01T00:00:00Z"}).status_code
        == 404
    )
    seen = as_user(api, manager).get(f"{URL}{series_id}/")
    assert seen.status_code == 200
    assert [row["status"] for row in seen.json()["occurrences"]] == ["approved"] * 4


@pytest.mark.django_db
def test_managers_approve_or_reject_a_pending_series_in_one_call(api, asset, booker, manager):
    asset.requires_approval = True
    asset.save()
    first = as_user(api, booker).post(URL, payload(asset), format="json").json()
    second = (
        as_user(api, booker)
        .post(
            URL, payload(asset, start=local(TUESDAY, 14).isoformat(), end=local(TUESDAY, 16).isoformat()), format="json"
        )
        .json()
    )
    assert as_user(api, booker).post(f"{URL}{first['id']}/approve/").status_code == 403

    approved = as_user(api, manager).post(f"{URL}{first['id']}/approve/")
    assert approved.status_code == 200
    assert {row["status"] for row in approved.json()["occurrences"]} == {"approved"}
    assert as_user(api, manager).post(f"{URL}{second['id']}/reject/", {"reason": ""}).status_code == 400
    rejected = as_user(api, manager).post(f"{URL}{second['id']}/reject/", {"reason": "Busy month"})
    assert {row["status"] for row in rejected.json()["occurrences"]} == {"rejected"}


@pytest.mark.django_db
def test_cancel_from_a_date_cancels_this_and_following(api, asset, booker):
    body = as_user(api, booker).post(URL, payload(asset), format="json").json()
    third = body["occurrences"][2]["start"]
    response = as_user(api, booker).post(f"{URL}{body['id']}/cancel/", {"from": third, "reason": "Wrapped"})
    assert response.status_code == 200
    assert [row["status"] for row in response.json()["occurrences"]] == [
        "approved",
        "approved",
        "cancelled",
        "cancelled",
    ]
    assert as_user(api, booker).post(f"{URL}{body['id']}/cancel/", {"reason": "x"}).status_code == 400
