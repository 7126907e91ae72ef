"""What calendar apps rely on: HEAD, ETag / Last-Modified with 304s, the language they ask for, UIDs that
survive a move of the site. Feeds are parsed back with icalendar."""

import pytest
from django.core.cache import cache
from django.utils.http import http_date, parse_http_date
from icalendar import Calendar

from bookings import services as bookings
from bookings.models import Reservation, Status
from tests.conftest import future_day, local
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = future_day(2)


@pytest.fixture(autouse=True)
def _forget_feed_changes():
    cache.clear()
    yield
    cache.clear()


def book(asset, member, user, start_hour=10, end_hour=12, title="Rodaje"):
    return bookings.reservation_create(
        asset=asset, member=member, by=user, start=local(DAY, start_hour), end=local(DAY, end_hour), title=title
    )


def get(client, url, user, **headers):
    return client.get(url, {"token": user.calendar_token}, headers=headers)


def parsed(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def summaries(response):
    return sorted(str(event["SUMMARY"]) for event in parsed(response).walk("VEVENT"))


@pytest.fixture
def shared(asset, member, booker, other_member, other_booker):
    """An asset with one own booking and one of another member, as the booker's asset feed."""
    book(asset, member, booker, 8, 9)
    theirs = book(asset, other_member, other_booker, 10, 12, title="Secret")
    return f"/ical/assets/{asset.id}.ics", theirs


# --- HEAD and methods ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["asset", "member"])
def test_head_answers_the_headers_of_get_without_a_body(client, asset, member, booker, kind):
    book(asset, member, booker)
    url = f"/ical/assets/{asset.id}.ics" if kind == "asset" else f"/ical/members/{member.id}.ics"
    full = get(client, url, booker)
    head = client.head(url, {"token": booker.calendar_token})
    assert head.status_code == 200
    assert head.content == b""
    for header in ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Content-Language"):
        assert head[header] == full[header], header
    assert int(head["Content-Length"]) == len(full.content) > 0
    assert client.head(url, {"token": "wrong"}).status_code == 404


def test_head_follows_the_same_rules_as_get(client, asset, member, booker, other_member):
    token = {"token": booker.calendar_token}
    for url in (f"/ical/members/{other_member.id}.ics", "/ical/members/999999.ics", "/ical/assets/999999.ics"):
        assert client.get(url, token).status_code == client.head(url, token).status_code == 404, url
    for url in (f"/ical/members/{member.id}.ics", f"/ical/assets/{asset.id}.ics"):
        assert client.head(url, {"token": ""}).status_code == 404
        assert client.head(url, token).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_405(client, asset, booker, method):
    response = getattr(client, method)(f"/ical/assets/{asset.id}.ics?token={booker.calendar_token}")
    assert response.status_code == 405
    assert sorted(response["Allow"].split(", ")) == ["GET", "HEAD"]


# --- ETag, Last-Modified, 304 ----------------------------------------------------------------------------


def test_an_unchanged_feed_keeps_its_validators_and_answers_304_without_a_body(client, booker, shared):
    url, _theirs = shared
    first, second = get(client, url, booker), get(client, url, booker)
    assert first["ETag"].startswith('"') and not first["ETag"].startswith('W/"')  # strong
    assert (first["ETag"], first["Last-Modified"]) == (second["ETag"], second["Last-Modified"])
    assert first.content == second.content  # a strong validator: the same bytes
    # The busy block's DTSTAMP is when the feed last changed, the Last-Modified.
    (busy,) = [e for e in parsed(first).walk("VEVENT") if str(e["SUMMARY"]) == "Busy"]
    assert http_date(busy.decoded("DTSTAMP").timestamp()) == first["Last-Modified"]
    for headers in (
        {"If-None-Match": first["ETag"]},
        {"If-None-Match": f'"other", {first["ETag"]}'},
        {"If-None-Match": "*"},
        {"If-Modified-Since": first["Last-Modified"]},
        {"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]},
    ):
        for method in (client.get, client.head):
            response = method(url, {"token": booker.calendar_token}, headers=headers)
            assert response.status_code == 304, headers
            assert response.content == b""
            assert response["ETag"] == first["ETag"]
            assert response["Last-Modified"] == first["Last-Modified"]
    # A validator for something else: the feed in full.
    assert get(client, url, booker, **{"If-None-Match": '"something-else"'}).content == first.content
    earlier = http_date(parse_http_date(first["Last-Modified"]) - 1)
    assert get(client, url, booker, **{"If-Modified-Since": earlier}).status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110): an old tag is a full answer.
    stale = {"If-None-Match": '"old"', "If-Modified-Since": first["Last-Modified"]}
    assert get(client, url, booker, **stale).status_code == 200


@pytest.mark.parametrize(
    "change",
    ["move_own", "cancel_own", "move_theirs", "cancel_theirs", "rename_asset", "new_booking", "site_url"],
)
def test_any_change_to_what_the_feed_shows_changes_both_validators_even_within_the_second(
    client, settings, asset, member, booker, other_member, other_booker, shared, change
):
    url, theirs = shared
    before = get(client, url, booker)
    own = Reservation.objects.get(asset=asset, member=member)
    match change:
        case "move_own":
            bookings.reservation_update(reservation=own, by=booker, start=local(DAY, 12), end=local(DAY, 13))
        case "cancel_own":
            bookings.reservation_cancel(reservation=own, by=booker)
        case "move_theirs":
            bookings.reservation_update(reservation=theirs, by=other_booker, start=local(DAY, 13), end=local(DAY, 14))
        case "cancel_theirs":
            bookings.reservation_cancel(reservation=theirs, by=other_booker)
        case "rename_asset":
            asset.name = "Plató B"
            asset.save()
        case "new_booking":
            book(asset, other_member, other_booker, 16, 17)
        case "site_url":
            settings.SITE_URL = "https://sinergia.example.org"
    after = get(client, url, booker)
    assert after.content != before.content
    assert after["ETag"] != before["ETag"]
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before["Last-Modified"])
    for headers in ({"If-None-Match": before["ETag"]}, {"If-Modified-Since": before["Last-Modified"]}):
        assert get(client, url, booker, **headers).content == after.content
    assert get(client, url, booker, **{"If-None-Match": after["ETag"]}).status_code == 304


def test_what_a_busy_block_hides_does_not_change_the_validators(
    client, asset, manager, member, booker, other_member, other_booker
):
    """Another member's booking approved, renamed or given notes: the feed shows the same, so its ETag and
    Last-Modified stay (they would otherwise tell the subscriber that something happened to it)."""
    asset.requires_approval = True
    asset.save()
    theirs = book(asset, other_member, other_booker, 10, 12, title="Secret")
    assert theirs.status == Status.PENDING
    url = f"/ical/assets/{asset.id}.ics"
    before = get(client, url, booker)
    assert summaries(before) == ["Busy"]
    bookings.reservation_approve(reservation=theirs, by=manager)
    bookings.reservation_update(reservation=theirs, by=other_booker, title="Renamed", notes="Private notes")
    after = get(client, url, booker)
    assert after.content == before.content
    assert (after["ETag"], after["Last-Modified"]) == (before["ETag"], before["Last-Modified"])
    assert get(client, url, booker, **{"If-None-Match": before["ETag"]}).status_code == 304
    # The manager sees the booking in full: the same change is news in the manager's feed.
    managers = get(client, url, manager)
    bookings.reservation_update(reservation=theirs, by=other_booker, title="Renamed again")
    assert get(client, url, manager, **{"If-None-Match": managers["ETag"]}).status_code == 200


def test_each_subscriber_has_their_own_validators(client, asset, member, booker, other_booker, shared):
    url, _theirs = shared
    mine, theirs = get(client, url, booker), get(client, url, other_booker)
    assert mine["ETag"] != theirs["ETag"]
    assert get(client, url, other_booker, **{"If-None-Match": mine["ETag"]}).status_code == 200


def test_a_forgotten_change_time_costs_a_download_never_a_wrong_304(client, booker, shared):
    url, _theirs = shared
    before = get(client, url, booker)
    cache.clear()  # the cache was flushed (or expired): the server cannot tell what the client has
    for headers in ({"If-Modified-Since": before["Last-Modified"]}, {"If-None-Match": before["ETag"]}):
        assert get(client, url, booker, **headers).status_code == 200
        cache.clear()
    after = get(client, url, booker)
    assert get(client, url, booker, **{"If-None-Match": after["ETag"]}).status_code == 304
    assert get(client, url, booker, **{"If-Modified-Since": after["Last-Modified"]}).status_code == 304


def test_a_cache_that_is_down_still_serves_the_feed_in_full(client, booker, shared, monkeypatch):
    url, _theirs = shared
    before = get(client, url, booker)

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    response = get(client, url, booker, **{"If-None-Match": before["ETag"]})
    assert response.status_code == 200 and summaries(response) == ["Busy", "Rodaje — Plató A"]


# --- Language --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "accept", "expected"),
    [
        ("en", "", "en"),
        ("es", "", "es"),
        ("en", "es-ES,es;q=0.9", "es"),
        ("es", "en-GB", "en"),
        ("es", "fr-FR, de;q=0.8", "es"),  # nothing we speak: the profile's language
        ("en", "fr, es;q=0.5", "es"),
        ("en", "es;q=0, fr", "en"),  # q=0 means "not this one"
        ("es", "*", "es"),
        ("en", "not a header ;;;", "en"),
    ],
)
def test_the_feed_speaks_the_calendar_apps_language_else_the_profiles(
    client, asset, member, booker, other_member, other_booker, profile, accept, expected
):
    booker.language = profile
    booker.save()
    book(asset, member, booker, 8, 9)
    book(asset, other_member, other_booker, 10, 11, title="Secret")
    headers = {"Accept-Language": accept} if accept else {}
    response = get(client, f"/ical/assets/{asset.id}.ics", booker, **headers)
    assert response["Content-Language"] == expected
    assert "Accept-Language" in response["Vary"]
    calendar = parsed(response)
    by_summary = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    busy = "Ocupado" if expected == "es" else "Busy"
    assert set(by_summary) == {busy, "Rodaje — Plató A"}
    description = str(by_summary["Rodaje — Plató A"]["DESCRIPTION"])
    prefix = "Miembro: Norte Films\nEstado: " if expected == "es" else "Member: Norte Films\nStatus: "
    assert description.startswith(prefix)


def test_each_language_has_its_own_validators(client, asset, member, booker):
    book(asset, member, booker)
    url = f"/ical/members/{member.id}.ics"
    english = get(client, url, booker, **{"Accept-Language": "en"})
    spanish = get(client, url, booker, **{"Accept-Language": "es"})
    assert english["ETag"] != spanish["ETag"]
    assert get(client, url, booker, **{"Accept-Language": "es", "If-None-Match": english["ETag"]}).status_code == 200
    again = get(client, url, booker, **{"Accept-Language": "es", "If-None-Match": spanish["ETag"]})
    assert again.status_code == 304 and again["Content-Language"] == "es"


# --- UIDs ------------------------------------------------------------------------------------------------


def test_uids_do_not_change_when_site_url_does(client, settings, asset, member, booker, other_member, other_booker):
    own = book(asset, member, booker, 8, 9)
    book(asset, other_member, other_booker, 10, 11, title="Secret")
    url = f"/ical/assets/{asset.id}.ics"

    def uids_and_urls():
        calendar = parsed(get(client, url, booker))
        return (
            sorted(str(event["UID"]) for event in calendar.walk("VEVENT")),
            [str(event["URL"]) for event in calendar.walk("VEVENT") if "URL" in event],
        )

    settings.SITE_URL = "http://127.0.0.1:8000"
    uids, (link,) = uids_and_urls()
    assert f"reservation-{own.id}@sinergia" in uids and len(uids) == 2
    assert link == f"http://127.0.0.1:8000/#/reservations/{own.id}"
    settings.SITE_URL = "https://sinergia.example.org:8443/"
    moved_uids, (moved_link,) = uids_and_urls()
    assert moved_uids == uids
    assert moved_link == f"https://sinergia.example.org:8443/#/reservations/{own.id}"  # links follow the site


def test_a_cluster_admins_feed_is_served_like_any_other(client, member, booker, asset):
    book(asset, member, booker)
    admin = UserFactory(username="root", is_staff=True, language="es")
    url = f"/ical/members/{member.id}.ics"
    response = get(client, url, admin)
    assert response["Content-Language"] == "es" and summaries(response) == ["Rodaje — Plató A"]
    assert get(client, url, admin, **{"If-None-Match": response["ETag"]}).status_code == 304
