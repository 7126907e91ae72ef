"""ICS feeds: parse back cleanly, stable UIDs, SEQUENCE on change, busy blocks for other members."""

from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil.rrule import WEEKLY, rrule
from icalendar import Calendar

from bookings import services as bookings
from tests.conftest import as_user, future_day, local
from tests.factories import AssetGroupFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = future_day(3)


def book(asset, member, user, start_hour=10, end_hour=12, day=DAY, title="Rodaje"):
    return bookings.reservation_create(
        asset=asset, member=member, by=user, start=local(day, start_hour), end=local(day, end_hour), title=title
    )


def feed(client, url, token):
    response = client.get(url, {"token": token})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def located_asset(asset):
    asset.location = "Nave 3, Bilbao"
    asset.save()
    return asset


def test_the_asset_feed_shows_own_bookings_in_full_and_others_as_busy(
    client, located_asset, member, booker, other_member, other_booker
):
    own = book(located_asset, member, booker, 10, 12)
    theirs = book(located_asset, other_member, other_booker, 14, 16, title="Secret project")
    calendar = feed(client, f"/ical/assets/{located_asset.id}.ics", booker.calendar_token)
    assert calendar["VERSION"] == "2.0" and "Sinergia" in str(calendar["PRODID"])
    by_uid = events(calendar)
    mine = by_uid[f"reservation-{own.id}@sinergia"]
    assert str(mine["SUMMARY"]) == "Rodaje — Plató A"
    assert str(mine["LOCATION"]) == "Plató A, Nave 3, Bilbao"
    assert str(mine["STATUS"]) == "CONFIRMED"
    assert mine.decoded("DTSTART") == local(DAY, 10).astimezone(UTC)
    assert mine.decoded("DTSTART").utcoffset() == timedelta(0)
    assert "Norte Films" in str(mine["DESCRIPTION"])
    (busy,) = [event for uid, event in by_uid.items() if uid != f"reservation-{own.id}@sinergia"]
    assert busy.decoded("DTSTART") == theirs.start.astimezone(UTC)
    assert str(busy["SUMMARY"]) == "Busy"
    assert str(busy["LOCATION"]) == "Plató A, Nave 3, Bilbao"
    assert "DESCRIPTION" not in busy and "URL" not in busy
    raw = client.get(f"/ical/assets/{located_asset.id}.ics", {"token": booker.calendar_token}).content.decode()
    assert "Secret project" not in raw and "Sur Producciones" not in raw
    assert "\r\n" in raw and f"DTSTART:{local(DAY, 10).astimezone(UTC):%Y%m%dT%H%M%S}Z" in raw


def test_a_change_keeps_the_uid_and_bumps_the_sequence_and_cancelling_marks_it_cancelled(client, asset, member, booker):
    reservation = book(asset, member, booker)
    uid = f"reservation-{reservation.id}@sinergia"
    url = f"/ical/members/{member.id}.ics"
    assert events(feed(client, url, booker.calendar_token))[uid]["SEQUENCE"] == 0
    bookings.reservation_update(reservation=reservation, by=booker, start=local(DAY, 11), end=local(DAY, 13))
    moved = events(feed(client, url, booker.calendar_token))[uid]
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == local(DAY, 11).astimezone(UTC)
    bookings.reservation_cancel(reservation=reservation, by=booker)
    cancelled = events(feed(client, url, booker.calendar_token))[uid]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["SEQUENCE"] == 2


def test_others_cancelled_bookings_are_left_out_of_the_asset_feed(client, asset, booker, other_member, other_booker):
    theirs = book(asset, other_member, other_booker)
    bookings.reservation_cancel(reservation=theirs, by=other_booker)
    assert events(feed(client, f"/ical/assets/{asset.id}.ics", booker.calendar_token)) == {}


def test_a_pending_request_is_tentative(client, asset, manager, member, booker):
    asset.requires_approval = True
    asset.save()
    reservation = book(asset, member, booker)
    event = events(feed(client, f"/ical/members/{member.id}.ics", booker.calendar_token))
    assert str(event[f"reservation-{reservation.id}@sinergia"]["STATUS"]) == "TENTATIVE"


def test_the_asset_and_group_managers_feeds_show_every_booking_in_full(
    client, asset, manager, other_member, other_booker
):
    group_manager = UserFactory(username="gema")
    asset.group = AssetGroupFactory()
    asset.save()
    asset.group.managers.add(group_manager)
    book(asset, other_member, other_booker, title="Secret project")
    for user in (manager, group_manager):
        (event,) = events(feed(client, f"/ical/assets/{asset.id}.ics", user.calendar_token)).values()
        assert str(event["SUMMARY"]) == "Secret project — Plató A"


def test_a_weekly_series_appears_as_its_occurrences_at_the_same_local_hour_across_dst(client, asset, member, booker):
    # Series expand into one Reservation per occurrence, in the asset's time zone (10:00 stays 10:00).
    first = date(date.today().year + 1, 3, 14)  # Madrid leaves winter time in the last week of March
    days = [d.date() for d in rrule(WEEKLY, dtstart=datetime.combine(first, datetime.min.time()), count=4)]
    asset.max_horizon = timedelta(days=800)
    asset.save()
    series = [book(asset, member, booker, 10, 12, day=day, title="Ensayo semanal") for day in days]
    occurrences = [
        e for e in events(feed(client, f"/ical/members/{member.id}.ics", booker.calendar_token)).values()
        if str(e["SUMMARY"]).startswith("Ensayo semanal")
    ]  # fmt: skip
    starts = sorted(e.decoded("DTSTART") for e in occurrences)
    assert starts == [r.start.astimezone(UTC) for r in series]
    assert {s.hour for s in starts} == {8, 9}  # 10:00 in Madrid is 09:00 UTC in winter, 08:00 in summer
    assert len({str(e["UID"]) for e in occurrences}) == 4


@pytest.mark.parametrize("token", ["", "not-the-token"])
def test_a_wrong_or_missing_token_is_a_404(client, asset, booker, token):
    assert client.get(f"/ical/assets/{asset.id}.ics", {"token": token}).status_code == 404


def test_another_members_feed_and_unknown_ids_are_404(client, asset, member, booker, other_member):
    assert client.get(f"/ical/members/{other_member.id}.ics", {"token": booker.calendar_token}).status_code == 404
    assert client.get("/ical/members/999999.ics", {"token": booker.calendar_token}).status_code == 404
    assert client.get("/ical/assets/999999.ics", {"token": booker.calendar_token}).status_code == 404


def test_a_cluster_admin_can_subscribe_to_any_member(client, member, booker):
    admin = UserFactory(username="root", is_staff=True)
    assert client.get(f"/ical/members/{member.id}.ics", {"token": admin.calendar_token}).status_code == 200


def test_regenerating_the_token_stops_the_old_feed_urls(api, client, asset, member, booker):
    old = booker.calendar_token
    shown = as_user(api, booker).get("/api/v1/me/calendar-token/").json()
    assert shown == {
        "token": old,
        "asset_feed_url_template": f"http://127.0.0.1:8000/ical/assets/{{id}}.ics?token={old}",
        "member_feed_urls": {str(member.id): f"http://127.0.0.1:8000/ical/members/{member.id}.ics?token={old}"},
    }
    response = as_user(api, booker).post("/api/v1/me/calendar-token/")
    assert response.status_code == 200
    new = response.json()["token"]
    assert new != old and len(new) >= 40
    assert client.get(f"/ical/assets/{asset.id}.ics", {"token": old}).status_code == 404
    assert client.get(f"/ical/assets/{asset.id}.ics", {"token": new}).status_code == 200


def test_the_calendar_token_endpoint_needs_a_login(api):
    assert api.post("/api/v1/me/calendar-token/").status_code == 401


def test_other_members_events_are_bare_busy_blocks_with_opaque_stable_uids(
    client, settings, asset, manager, member, booker, other_member, other_booker
):
    asset.requires_approval = True
    asset.save()
    asset.auto_approved_members.add(member)
    own = book(asset, member, booker, 8, 9)
    pending = book(asset, other_member, other_booker, 10, 12, title="Secret pending")
    approved = book(asset, other_member, other_booker, 14, 16, title="Secret approved")
    bookings.reservation_approve(reservation=approved, by=manager)
    bookings.reservation_update(reservation=approved, by=other_booker, title="Renamed")  # history to hide
    url = f"/ical/assets/{asset.id}.ics"
    first = feed(client, url, booker.calendar_token)
    by_start = {event.decoded("DTSTART"): event for event in first.walk("VEVENT")}
    busy = [by_start[pending.start.astimezone(UTC)], by_start[approved.start.astimezone(UTC)]]
    for event in busy:
        assert str(event["SUMMARY"]) == "Busy"
        assert not {"STATUS", "CREATED", "LAST-MODIFIED", "SEQUENCE", "DESCRIPTION", "URL"} & set(event)
        uid = str(event["UID"])
        assert "reservation" not in uid and "127.0.0.1" not in uid and len(uid.split("@")[0]) >= 32
        assert event.decoded("DTSTAMP") not in (pending.created_at, approved.created_at, approved.updated_at)
    # Pending and approved look the same: the same properties, nothing but times and UIDs differ.
    assert sorted(busy[0]) == sorted(busy[1])
    # Own events keep their details, UID and history.
    mine = events(first)[f"reservation-{own.id}@sinergia"]
    assert {"STATUS", "CREATED", "LAST-MODIFIED", "SEQUENCE", "DESCRIPTION"} <= set(mine)
    # Stable across fetches, a change of the booking and another SITE_URL; different per booking.
    uids = [str(event["UID"]) for event in busy]
    assert len(set(uids)) == 2
    bookings.reservation_update(reservation=pending, by=other_booker, start=local(DAY, 9), end=local(DAY, 11))
    settings.SITE_URL = "https://sinergia.example.org"
    again = feed(client, url, booker.calendar_token)
    assert {str(event["UID"]) for event in again.walk("VEVENT")} >= set(uids)
    raw = client.get(url, {"token": booker.calendar_token}).content.decode()
    assert "TENTATIVE" not in raw and "Secret" not in raw and "Renamed" not in raw
    # Keyed with the site's secret: nobody without it can tell which id a UID stands for.
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert not {str(event["UID"]) for event in feed(client, url, booker.calendar_token).walk("VEVENT")} & set(uids)
