"""Editing an asset's rules: validation, the bookings a change affects and the manager's decision for each, blocked
periods that follow new buffers, and the asset's history."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from assets import impact
from assets.models import PriceRule
from billing.models import ChargeKind, ReservationCharge
from bookings.models import Reservation, Status
from tests.conftest import as_user, book_day, future_day, local
from tests.factories import AssetFactory, PriceRuleFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)
WEEK = [{"weekday": day, "opens": "08:00", "closes": "22:00"} for day in range(7)]


def url(asset, tail=""):
    return f"/api/v1/assets/{asset.id}/{tail}"


def hours_without_monday_evening():
    return [row if row["weekday"] != 0 else {**row, "closes": "12:00"} for row in WEEK]


# --- Validation ------------------------------------------------------------------------------------------------


def test_overlapping_ranges_on_one_weekday_are_field_errors_naming_the_row(api, asset, manager):
    hours = [
        {"weekday": 0, "opens": "08:00", "closes": "12:00"},
        {"weekday": 0, "opens": "15:00", "closes": "00:00"},
        {"weekday": 0, "opens": "11:00", "closes": "14:00"},
        {"weekday": 1, "opens": "11:00", "closes": "14:00"},
    ]
    response = as_user(api, manager).patch(url(asset), {"opening_hours": hours}, format="json")
    assert response.status_code == 400
    errors = response.json()["opening_hours"]
    assert errors[0] == {} and errors[1] == {} and errors[3] == {}
    assert "08:00–12:00" in errors[2]["opens"][0]
    assert asset.opening_hours.count() == 7  # nothing saved


def test_a_range_that_ends_before_it_starts_is_refused_on_its_row(api, asset, manager):
    hours = [{"weekday": 2, "opens": "10:00", "closes": "09:00"}]
    response = as_user(api, manager).patch(url(asset), {"opening_hours": hours}, format="json")
    assert response.status_code == 400
    assert list(response.json()["opening_hours"][0]) == ["closes"]


def test_closed_days_and_several_ranges_a_day_are_saved(api, asset, manager):
    hours = [
        {"weekday": 0, "opens": "09:00", "closes": "13:00"},
        {"weekday": 0, "opens": "15:00", "closes": "00:00"},
        {"weekday": 4, "opens": "09:00", "closes": "13:00"},
    ]
    response = as_user(api, manager).patch(url(asset), {"opening_hours": hours}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["opening_hours"] == [
        {"weekday": 0, "opens": "09:00:00", "closes": "13:00:00"},
        {"weekday": 0, "opens": "15:00:00", "closes": "00:00:00"},
        {"weekday": 4, "opens": "09:00:00", "closes": "13:00:00"},
    ]


@pytest.mark.parametrize(
    "rule,field",
    [
        ({"hourly_rate": {"amount": "12.505", "currency": "EUR"}}, "hourly_rate"),
        ({"hourly_rate": {"amount": "12.50", "currency": "USD"}}, "hourly_rate"),
        ({"hourly_rate": {"amount": "-1", "currency": "EUR"}}, "hourly_rate"),
        ({"hourly_rate": {"amount": "lots", "currency": "EUR"}}, "hourly_rate"),
        ({"hourly_rate": "12.50"}, "hourly_rate"),
        ({"vat_rate": "121"}, "vat_rate"),
        ({"currency": "XYZ"}, "currency"),
        ({"fixed_fee": {"amount": "1.5", "currency": "JPY"}, "currency": "JPY",
          "hourly_rate": {"amount": "1000", "currency": "JPY"}}, "fixed_fee"),
    ],
)  # fmt: skip
def test_bad_money_is_a_field_error_on_its_price_row(api, asset, manager, rule, field):
    body = {"tier": "full", "currency": "EUR", "hourly_rate": {"amount": "12.50", "currency": "EUR"}, "vat_rate": "21"}
    response = as_user(api, manager).patch(url(asset), {"price_rules": [{**body, **rule}]}, format="json")
    assert response.status_code == 400
    assert field in response.json()["price_rules"][0]
    assert not PriceRule.objects.exists()


def test_price_rules_are_created_replaced_and_deleted_in_minor_units(api, asset, manager):
    PriceRuleFactory(asset=asset, tier="associate", hourly_rate_minor=5000)
    client = as_user(api, manager)
    rules = [
        {"tier": "full", "currency": "EUR", "hourly_rate": {"amount": "12.50", "currency": "EUR"},
         "peak_hourly_rate": {"amount": "20", "currency": "EUR"}, "fixed_fee": {"amount": "5.00", "currency": "EUR"},
         "vat_rate": "21.00"},
        {"tier": "external", "currency": "JPY", "hourly_rate": {"amount": "1500", "currency": "JPY"}, "vat_rate": "10"},
    ]  # fmt: skip
    peaks = [{"weekday": 0, "starts": "18:00", "ends": "22:00"}]
    response = client.patch(url(asset), {"price_rules": rules, "peak_windows": peaks}, format="json")
    assert response.status_code == 200, response.json()
    stored = {rule.tier: rule for rule in PriceRule.objects.filter(asset=asset)}
    assert set(stored) == {"full", "external"}  # the associate rule is gone
    assert (stored["full"].hourly_rate_minor, stored["full"].peak_hourly_rate_minor) == (1250, 2000)
    assert stored["full"].fixed_fee_minor == 500
    assert (stored["external"].hourly_rate_minor, stored["external"].fixed_fee_minor) == (1500, 0)
    full = next(rule for rule in response.json()["price_rules"] if rule["tier"] == "full")
    assert full["hourly_rate"] == {"amount": "12.50", "currency": "EUR"}
    assert response.json()["peak_windows"] == [{"weekday": 0, "starts": "18:00:00", "ends": "22:00:00"}]

    duplicate = client.patch(url(asset), {"price_rules": [rules[0], rules[0]]}, format="json")
    assert duplicate.status_code == 400 and "tier" in duplicate.json()["price_rules"][1]


def test_durations_buffers_and_cancellation_terms_are_saved(api, asset, manager):
    body = {
        "slot_minutes": 15, "min_duration": 60, "max_duration": 240, "min_notice": 120, "max_horizon": 60 * 24 * 90,
        "setup_buffer": 15, "cleanup_buffer": 30, "approval_deadline": 60 * 48, "free_cancellation": 60 * 72,
        "late_cancellation_fee_percent": 80,
    }  # fmt: skip
    response = as_user(api, manager).patch(url(asset), body, format="json")
    assert response.status_code == 200, response.json()
    assert {key: response.json()[key] for key in body} == body
    bad = as_user(api, manager).patch(url(asset), {"min_duration": 300}, format="json")
    assert bad.status_code == 400 and "max_duration" in bad.json()


# --- Impact and decisions --------------------------------------------------------------------------------------


def test_a_change_lists_the_bookings_outside_the_new_hours_and_saves_nothing_without_decisions(
    api, asset, manager, member, booker
):
    evening = book_day(asset, member, booker, MONDAY, 18, 20)
    book_day(asset, member, booker, MONDAY, 9, 11)
    client = as_user(api, manager)
    body = {"opening_hours": hours_without_monday_evening()}
    preview = client.post(url(asset, "rules-preview/"), body, format="json")
    assert preview.status_code == 200, preview.json()
    [affected] = preview.json()["affected"]
    assert affected["reservation"] == evening.id and affected["can_keep"] is True
    assert [reason["code"] for reason in affected["reasons"]] == ["outside_opening_hours"]

    refused = client.patch(url(asset), body, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "decisions_required"
    assert [item["reservation"] for item in refused.json()["affected"]] == [evening.id]
    assert asset.opening_hours.get(weekday=0).closes.hour == 22

    hours_only = client.put(url(asset, "opening-hours/"), body["opening_hours"], format="json")
    assert hours_only.status_code == 409 and hours_only.json()["code"] == "decisions_required"


def test_a_kept_booking_stays_and_the_hours_change(api, asset, manager, member, booker):
    evening = book_day(asset, member, booker, MONDAY, 18, 20)
    body = {
        "opening_hours": hours_without_monday_evening(),
        "decisions": [{"reservation": evening.id, "action": "keep"}],
    }
    response = as_user(api, manager).patch(url(asset), body, format="json")
    assert response.status_code == 200, response.json()
    evening.refresh_from_db()
    assert evening.status == Status.APPROVED
    assert asset.opening_hours.get(weekday=0).closes.hour == 12


def test_a_cancelled_booking_costs_nothing_and_its_holders_are_told(
    api, asset, manager, member, booker, member_admin, django_capture_on_commit_callbacks
):
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000)
    member_admin.language = "es"
    member_admin.save()
    asset.free_cancellation = timedelta(days=60)  # inside the late-fee window already
    asset.save()
    evening = book_day(asset, member, booker, MONDAY, 18, 20)
    body = {
        "opening_hours": hours_without_monday_evening(),
        "decisions": [{"reservation": evening.id, "action": "cancel"}],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(api, manager).patch(url(asset), body, format="json")
    assert response.status_code == 200, response.json()
    evening.refresh_from_db()
    assert evening.status == Status.CANCELLED
    charge = ReservationCharge.objects.get(reservation=evening)
    assert (charge.kind, charge.total_minor) == (ChargeKind.NONE, 0)
    told = {message.to[0] for message in mail.outbox}
    assert told == {booker.email, member_admin.email}
    mails = {message.to[0]: message for message in mail.outbox}
    assert "You will not be charged for it." in mails[booker.email].body
    assert "No se te cobrará nada por ella." in mails[member_admin.email].body


def test_a_decision_for_a_booking_the_change_does_not_affect_is_a_400(api, asset, manager, member, booker):
    morning = book_day(asset, member, booker, MONDAY, 9, 11)
    body = {
        "opening_hours": hours_without_monday_evening(),
        "decisions": [{"reservation": morning.id, "action": "cancel"}],
    }
    response = as_user(api, manager).patch(url(asset), body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "decision_not_needed"
    morning.refresh_from_db()
    assert morning.status == Status.APPROVED


def test_shorter_maximum_duration_lists_the_longer_bookings(api, asset, manager, member, booker):
    long = book_day(asset, member, booker, MONDAY, 9, 15)
    book_day(asset, member, booker, MONDAY, 16, 17)
    preview = as_user(api, manager).post(url(asset, "rules-preview/"), {"max_duration": 120}, format="json")
    assert [(item["reservation"], item["reasons"][0]["code"]) for item in preview.json()["affected"]] == [
        (long.id, "too_long")
    ]


# --- Buffers ---------------------------------------------------------------------------------------------------


def test_new_buffers_move_the_blocked_periods_of_future_bookings(api, asset, manager, member, booker):
    future = book_day(asset, member, booker, MONDAY, 10, 12)
    started = Reservation.objects.create(
        asset=asset, member=member, booked_by=booker, start=local(future_day(0, -1), 10),
        end=local(future_day(0, -1), 12), blocked_start=local(future_day(0, -1), 10),
        blocked_end=local(future_day(0, -1), 12), status=Status.APPROVED, title="Past",
    )  # fmt: skip
    response = as_user(api, manager).patch(url(asset), {"setup_buffer": 30, "cleanup_buffer": 60}, format="json")
    assert response.status_code == 200, response.json()
    future.refresh_from_db()
    started.refresh_from_db()
    assert future.blocked_period == (local(MONDAY, 9, 30), local(MONDAY, 13))
    assert started.blocked_period == (started.start, started.end)


def test_buffers_that_would_overlap_cannot_keep_both_bookings(api, asset, manager, member, booker):
    first = book_day(asset, member, booker, MONDAY, 10, 12)
    second = book_day(asset, member, booker, MONDAY, 12, 14)
    client = as_user(api, manager)
    refused = client.patch(url(asset), {"cleanup_buffer": 30}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "decisions_required"
    listed = {item["reservation"]: item for item in refused.json()["affected"]}
    assert set(listed) == {first.id, second.id}
    assert not listed[first.id]["can_keep"] and listed[first.id]["reasons"][0]["code"] == "buffers_overlap"

    keep_both = [{"reservation": first.id, "action": "keep"}, {"reservation": second.id, "action": "keep"}]
    both = client.patch(url(asset), {"cleanup_buffer": 30, "decisions": keep_both}, format="json")
    assert both.status_code == 409 and both.json()["code"] == "buffers_overlap"
    asset.refresh_from_db()
    assert asset.cleanup_buffer == timedelta(0)

    cancel_second = [{"reservation": first.id, "action": "keep"}, {"reservation": second.id, "action": "cancel"}]
    saved = client.patch(url(asset), {"cleanup_buffer": 30, "decisions": cancel_second}, format="json")
    assert saved.status_code == 200, saved.json()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.blocked_period == (local(MONDAY, 10), local(MONDAY, 12, 30))
    assert second.status == Status.CANCELLED


def test_a_buffer_that_would_run_into_a_closure_is_listed(api, asset, manager, member, booker):
    from bookings import services as bookings

    booking = book_day(asset, member, booker, MONDAY, 10, 12)
    bookings.blackout_create(asset=asset, by=manager, start=local(MONDAY, 12), end=local(MONDAY, 13))
    refused = as_user(api, manager).patch(url(asset), {"cleanup_buffer": 30}, format="json")
    assert refused.status_code == 409
    [item] = refused.json()["affected"]
    assert (item["reservation"], item["can_keep"]) == (booking.id, False)


def test_swapping_setup_for_cleanup_recomputes_back_to_back_bookings(api, asset, manager, member, booker):
    """Setup grows while cleanup shrinks: the final periods touch without overlapping; no step in between may
    overlap either (PostgreSQL checks the exclusion constraint row by row)."""
    asset.cleanup_buffer = timedelta(minutes=30)
    asset.save()
    first = book_day(asset, member, booker, MONDAY, 10, 12)
    second = Reservation.objects.create(
        asset=asset, member=member, booked_by=booker, start=local(MONDAY, 12, 30), end=local(MONDAY, 14),
        blocked_start=local(MONDAY, 12, 30), blocked_end=local(MONDAY, 14, 30), status=Status.APPROVED, title="Next",
    )  # fmt: skip
    body = {"setup_buffer": 30, "cleanup_buffer": 0}
    response = as_user(api, manager).patch(url(asset), body, format="json")
    assert response.status_code == 200, response.json()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.blocked_period == (local(MONDAY, 9, 30), local(MONDAY, 12))
    assert second.blocked_period == (local(MONDAY, 12), local(MONDAY, 14))


@pytest.mark.postgres
def test_the_exclusion_constraint_refuses_an_overlap_the_check_missed(api, asset, manager, member, booker, monkeypatch):
    assert connection.vendor == "postgresql"
    first = book_day(asset, member, booker, MONDAY, 10, 12)
    book_day(asset, member, booker, MONDAY, 12, 14)
    monkeypatch.setattr(impact, "plan", lambda *args, **kwargs: [])
    response = as_user(api, manager).patch(url(asset), {"cleanup_buffer": 30}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "buffers_overlap"
    first.refresh_from_db()
    asset.refresh_from_db()
    assert asset.cleanup_buffer == timedelta(0) and first.blocked_end == local(MONDAY, 12)


def test_the_admin_asset_form_recomputes_blocked_periods_and_refuses_what_needs_a_decision(
    asset, member, booker, settings
):
    settings.TIME_ZONE = "Europe/Madrid"
    booking = book_day(asset, member, booker, MONDAY, 10, 12)
    root = Client()
    root.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    form = {
        "name": asset.name, "kind": asset.kind, "timezone": asset.timezone, "is_active": "on",
        "min_duration": "00:30:00", "max_duration": "12:00:00", "slot_minutes": "30", "setup_buffer": "00:15:00",
        "cleanup_buffer": "00:00:00", "min_notice": "00:00:00", "max_horizon": "365 00:00:00",
        "approval_deadline": "1 00:00:00", "free_cancellation": "2 00:00:00", "late_cancellation_fee_percent": "50",
        "checkin_opens_minutes": "15", "no_show_fee_percent": "100", "billing_basis": "booked",
        "waitlist_hold_minutes": "30", "capacity": "1", "resource_type": "equipment", "operator": "none",
    }  # fmt: skip
    for prefix in ("opening_hours", "peak_windows", "price_rules"):
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    saved = root.post(f"/admin/assets/asset/{asset.id}/change/", form)
    assert saved.status_code == 302, saved.content[:3000]
    booking.refresh_from_db()
    assert booking.blocked_start == local(MONDAY, 9, 45)

    book_day(asset, member, booker, MONDAY, 8, 9)
    refused = root.post(f"/admin/assets/asset/{asset.id}/change/", form | {"setup_buffer": "01:30:00"})
    assert refused.status_code == 200 and b"decide for each" in refused.content
    asset.refresh_from_db()
    assert asset.setup_buffer == timedelta(minutes=15)


# --- History and permissions -----------------------------------------------------------------------------------


def test_every_rule_change_and_decision_is_in_the_assets_history(api, asset, manager, member, booker):
    evening = book_day(asset, member, booker, MONDAY, 18, 20)
    client = as_user(api, manager)
    body = {
        "opening_hours": hours_without_monday_evening(),
        "cleanup_buffer": 15,
        "decisions": [{"reservation": evening.id, "action": "cancel"}],
    }
    assert client.patch(url(asset), body, format="json").status_code == 200
    history = client.get(f"/api/v1/changes/?asset={asset.id}").json()["results"]
    update = next(change for change in history if change["action"] == "asset.update")
    assert update["by"]["id"] == manager.id
    assert update["before"] == {"hours.0": "08:00–22:00", "cleanup_buffer": 0}
    assert update["after"] == {"hours.0": "08:00–12:00", "cleanup_buffer": 15}
    decision = next(change for change in history if change["action"] == "asset.booking_cancelled")
    assert decision["target_id"] == evening.id and decision["after"]["reasons"] == ["outside_opening_hours"]


def test_a_manager_of_another_asset_cannot_change_or_preview_this_one(api, asset, manager):
    other = AssetFactory()
    client = as_user(api, manager)
    assert client.patch(url(other), {"cleanup_buffer": 15}, format="json").status_code == 403
    assert client.post(url(other, "rules-preview/"), {"cleanup_buffer": 15}, format="json").status_code == 403
    assert client.get(url(asset)).json()["can_manage"] is True
    assert client.get(url(other)).json()["can_manage"] is False
