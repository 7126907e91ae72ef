"""The reservations and availability API: formats, tenancy, alternatives, query counts."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from assets.hours import weekdays_read
from assets.models import OpeningHours
from bookings import services
from bookings.models import Reservation
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, AssetGroupFactory, MemberFactory, PriceRuleFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


def body(asset, start, end, **extra):
    return {"asset": asset.id, "start": start.isoformat(), "end": end.isoformat(), "title": "Shoot", **extra}


def test_create_answers_201_with_the_reservation(api, asset, booker, member):
    response = as_user(api, booker).post(
        "/api/v1/reservations/", body(asset, local(MONDAY, 10), local(MONDAY, 12)), format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "approved"
    assert data["member"] == {"id": member.id, "name": "Norte Films"}
    assert data["start"] == local(MONDAY, 10).astimezone().isoformat().replace("+00:00", "Z")
    assert data["events"][0]["action"] == "created"


def test_create_on_an_approval_asset_answers_pending(api, booker):
    asset = AssetFactory(requires_approval=True)
    response = as_user(api, booker).post(
        "/api/v1/reservations/", body(asset, local(MONDAY, 10), local(MONDAY, 12)), format="json"
    )
    assert response.json()["status"] == "pending"


def test_member_is_required_when_the_user_has_several(api, asset, booker):
    from accounts.models import Membership

    Membership.objects.create(user=booker, member=MemberFactory())
    response = as_user(api, booker).post(
        "/api/v1/reservations/", body(asset, local(MONDAY, 10), local(MONDAY, 12)), format="json"
    )
    assert response.status_code == 400
    assert "member" in response.json()


@pytest.mark.parametrize(
    "start,end,code",
    [
        ("2030-01-07T10:00:00", "2030-01-07T12:00:00+01:00", None),
        ("tomorrow", "2030-01-07T12:00:00+01:00", None),
    ],
)
def test_malformed_and_naive_times_are_field_errors(api, asset, booker, start, end, code):
    response = as_user(api, booker).post(
        "/api/v1/reservations/", {"asset": asset.id, "start": start, "end": end, "title": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "start" in response.json()
    assert not Reservation.objects.exists()


def test_rule_violation_is_a_400_with_code_and_every_problem(api, asset, booker):
    response = as_user(api, booker).post(
        "/api/v1/reservations/", body(asset, local(MONDAY, 6), local(MONDAY, 7, 15)), format="json"
    )
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "granularity"
    assert [p["code"] for p in data["problems"]] == ["granularity", "outside_opening_hours"]


def test_unknown_asset_is_a_field_error(api, booker):
    response = as_user(api, booker).post(
        "/api/v1/reservations/",
        {"asset": 999999, "start": "2030-01-07T10:00:00Z", "end": "2030-01-07T11:00:00Z", "title": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "asset" in response.json()


# --- conflicts and alternatives -------------------------------------------------------------------


@pytest.fixture
def stages():
    group = AssetGroupFactory(name="Platós")
    a = AssetFactory(name="Plató A", group=group)
    b = AssetFactory(name="Plató B", group=group)
    c = AssetFactory(name="Plató C", group=group)
    PriceRuleFactory(asset=a, hourly_rate_minor=9000)
    PriceRuleFactory(asset=b, hourly_rate_minor=12000)
    PriceRuleFactory(asset=c, hourly_rate_minor=8000)
    return a, b, c


def test_conflict_answers_409_with_conflicts_and_ranked_alternatives(api, stages, member, booker, other_booker):
    a, b, c = stages
    services.reservation_create(
        asset=a, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="First"
    )
    services.reservation_create(
        asset=b, member=member, by=booker, start=local(MONDAY, 11), end=local(MONDAY, 12), title="Busy B"
    )
    response = as_user(api, other_booker).post(
        "/api/v1/reservations/", body(a, local(MONDAY, 10), local(MONDAY, 12)), format="json"
    )
    assert response.status_code == 409
    data = response.json()
    assert data["code"] == "conflict"
    assert [(c["kind"], _parse(c["start"]), _parse(c["end"])) for c in data["conflicts"]] == [
        ("reservation", local(MONDAY, 10), local(MONDAY, 12))
    ]
    offers = [(o["asset_name"], _parse(o["start"]), _parse(o["end"])) for o in data["alternatives"]]
    # The same slot on Plató C (B is busy) first, then Plató A's nearest free slots of the same length:
    # 12:00 and 08:00 (two hours away), then 12:30 and 13:00 later (the day opens at 08:00).
    assert offers == [
        ("Plató C", local(MONDAY, 10), local(MONDAY, 12)),
        ("Plató A", local(MONDAY, 8), local(MONDAY, 10)),
        ("Plató A", local(MONDAY, 12), local(MONDAY, 14)),
        ("Plató A", local(MONDAY, 12, 30), local(MONDAY, 14, 30)),
        ("Plató A", local(MONDAY, 13), local(MONDAY, 15)),
    ]
    assert data["alternatives"][0]["price"] == {"amount": "193.60", "currency": "EUR"}
    assert data["alternatives"][0]["requires_approval"] is False
    assert Reservation.objects.count() == 2


def _parse(value):
    from datetime import datetime

    return datetime.fromisoformat(value)


def test_alternatives_on_the_same_asset_are_free_and_inside_opening_hours(api, member, booker, other_booker):
    asset = AssetFactory(hours=(time(9), time(13)), cleanup_buffer=timedelta(minutes=30))
    services.reservation_create(
        asset=asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="First"
    )
    response = as_user(api, other_booker).post(
        "/api/v1/reservations/", body(asset, local(MONDAY, 11), local(MONDAY, 12)), format="json"
    )
    assert response.status_code == 409
    for offer in response.json()["alternatives"]:
        start, end = _parse(offer["start"]), _parse(offer["end"])
        assert end - start == timedelta(hours=1)
        assert time(9) <= start.astimezone(asset.tz).time() and end.astimezone(asset.tz).time() <= time(13)
        assert end <= local(MONDAY, 10) or start >= local(MONDAY, 12, 30) or start.date() != MONDAY
        payload = body(asset, start, end)
        assert as_user(api, other_booker).post("/api/v1/reservations/", payload, format="json").status_code == 201
        break


# --- tenancy and visibility ------------------------------------------------------------------------


@pytest.fixture
def theirs(asset, other_member, other_booker):
    return services.reservation_create(
        asset=asset,
        member=other_member,
        by=other_booker,
        start=local(MONDAY, 10),
        end=local(MONDAY, 12),
        title="Secret",
    )


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/api/v1/reservations/{id}/"),
        ("patch", "/api/v1/reservations/{id}/"),
        ("post", "/api/v1/reservations/{id}/approve/"),
        ("post", "/api/v1/reservations/{id}/reject/"),
        ("post", "/api/v1/reservations/{id}/cancel/"),
    ],
)
def test_another_members_reservation_answers_404(api, booker, theirs, method, path):
    response = getattr(as_user(api, booker), method)(path.format(id=theirs.id), {"title": "x"}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert (theirs.status, theirs.title) == ("approved", "Secret")


def test_list_shows_own_reservations_in_full_and_others_only_as_busy_blocks(api, asset, booker, member, theirs):
    mine = services.reservation_create(
        asset=asset, member=member, by=booker, start=local(MONDAY, 14), end=local(MONDAY, 16), title="Mine"
    )
    own_only = as_user(api, booker).get("/api/v1/reservations/").json()["results"]
    assert [r["id"] for r in own_only] == [mine.id]
    calendar = as_user(api, booker).get(f"/api/v1/reservations/?include_busy=true&asset={asset.id}").json()["results"]
    assert calendar[0]["title"] == "Mine"  # the rows seen in full first, then the busy blocks
    assert calendar[1] == {
        "id": None,
        "asset": asset.id,
        "start": local(MONDAY, 10).astimezone().isoformat().replace("+00:00", "Z"),
        "end": local(MONDAY, 12).astimezone().isoformat().replace("+00:00", "Z"),
        "blocked_start": local(MONDAY, 10).astimezone().isoformat().replace("+00:00", "Z"),
        "blocked_end": local(MONDAY, 12).astimezone().isoformat().replace("+00:00", "Z"),
        "busy": True,
    }


def test_managers_see_their_assets_reservations_in_full(api, manager, theirs):
    rows = as_user(api, manager).get("/api/v1/reservations/").json()["results"]
    assert [r["title"] for r in rows] == ["Secret"]


def test_list_filters_by_status_and_window(api, asset, booker, member):
    for hour in (8, 10, 12):
        services.reservation_create(
            asset=asset,
            member=member,
            by=booker,
            start=local(MONDAY, hour),
            end=local(MONDAY, hour + 1),
            title=str(hour),
        )
    first = Reservation.objects.get(title="8")
    services.reservation_cancel(reservation=first, by=booker)
    client = as_user(api, booker)
    assert [r["title"] for r in client.get("/api/v1/reservations/?status=approved").json()["results"]] == ["10", "12"]
    window = {"start": local(MONDAY, 10, 30).isoformat(), "end": local(MONDAY, 12, 30).isoformat()}
    assert [r["title"] for r in client.get("/api/v1/reservations/", window).json()["results"]] == ["10", "12"]
    assert client.get("/api/v1/reservations/?status=nonsense").status_code == 400


def test_list_query_count_does_not_grow_with_rows(api, asset, booker, member, django_assert_max_num_queries):
    for hour in range(8, 20):
        services.reservation_create(
            asset=asset, member=member, by=booker, start=local(MONDAY, hour), end=local(MONDAY, hour + 1), title="x"
        )
    client = as_user(api, booker)
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/reservations/?include_busy=true").json()["results"]) == 12


def test_transitions_through_the_api(api, booker, member, other_booker):
    asset = AssetFactory(requires_approval=True)
    boss = UserFactory()
    asset.managers.add(boss)
    created = as_user(api, booker).post(
        "/api/v1/reservations/", body(asset, local(MONDAY, 10), local(MONDAY, 12)), format="json"
    )
    reservation_id = created.json()["id"]
    refused = as_user(api, booker).post(f"/api/v1/reservations/{reservation_id}/approve/")
    assert refused.status_code == 403
    approved = as_user(api, boss).post(f"/api/v1/reservations/{reservation_id}/approve/")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "approved"
    again = as_user(api, boss).post(f"/api/v1/reservations/{reservation_id}/approve/")
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"
    cancelled = as_user(api, booker).post(f"/api/v1/reservations/{reservation_id}/cancel/", {"reason": "Rain"})
    assert cancelled.json()["status"] == "cancelled"
    assert [e["action"] for e in cancelled.json()["events"]] == ["created", "approved", "cancelled"]
    assert cancelled.json()["events"][-1]["reason"] == "Rain"


def test_patch_moves_a_reservation(api, asset, booker, member):
    reservation = services.reservation_create(
        asset=asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="x"
    )
    response = as_user(api, booker).patch(
        f"/api/v1/reservations/{reservation.id}/",
        {"start": local(MONDAY, 14).isoformat(), "end": local(MONDAY, 16).isoformat(), "title": "Moved"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Moved"
    assert api.put(f"/api/v1/reservations/{reservation.id}/", {}, format="json").status_code == 405


# --- availability ----------------------------------------------------------------------------------


def test_asset_availability_lists_busy_and_free_intervals(api, booker, member, manager):
    asset = AssetFactory(hours=(time(8), time(20)), cleanup_buffer=timedelta(minutes=30))
    asset.managers.add(manager)
    services.reservation_create(
        asset=asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="x"
    )
    services.blackout_create(asset=asset, by=manager, start=local(MONDAY, 15), end=local(MONDAY, 16))
    window = {"start": local(MONDAY, 0).isoformat(), "end": local(MONDAY + timedelta(days=1), 0).isoformat()}
    data = as_user(api, booker).get(f"/api/v1/assets/{asset.id}/availability/", window).json()
    z = lambda h, m=0: local(MONDAY, h, m).astimezone().isoformat().replace("+00:00", "Z")  # noqa: E731
    midnight = local(MONDAY + timedelta(days=1), 0).astimezone().isoformat().replace("+00:00", "Z")
    assert data["timezone"] == "Europe/Madrid"
    assert [(b["kind"], b["start"], b["end"]) for b in data["busy"]] == [
        ("closed", z(0), z(8)),
        ("reservation", z(10), z(12, 30)),
        ("blackout", z(15), z(16)),
        ("closed", z(20), midnight),
    ]
    assert [(f["start"], f["end"]) for f in data["free"]] == [(z(8), z(10)), (z(12, 30), z(15)), (z(16), z(20))]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"start": "2030-01-01T00:00:00Z"},
        {"start": "2030-01-02T00:00:00Z", "end": "2030-01-01T00:00:00Z"},
        {"start": "2030-01-01T00:00:00Z", "end": "2031-06-01T00:00:00Z"},
        {"start": "2030-01-01T00:00:00", "end": "2030-01-02T00:00:00"},
    ],
)
def test_availability_window_is_validated(api, asset, booker, query):
    response = as_user(api, booker).get(f"/api/v1/assets/{asset.id}/availability/", query)
    assert response.status_code == 400


def test_group_availability_says_which_assets_are_free_in_bounded_queries(
    api, booker, member, django_assert_max_num_queries
):
    group = AssetGroupFactory()
    assets = [AssetFactory(group=group) for _ in range(6)]
    services.reservation_create(
        asset=assets[0], member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 11), title="x"
    )
    query = {"group": group.id, "start": local(MONDAY, 10).isoformat(), "end": local(MONDAY, 12).isoformat()}
    client = as_user(api, booker)
    client.get("/api/v1/me/")
    with django_assert_max_num_queries(8):
        rows = client.get("/api/v1/availability/", query).json()
    assert {row["asset"]: row["free"] for row in rows} == {a.id: a != assets[0] for a in assets}
    more = [AssetFactory(group=group) for _ in range(20)]
    assert more
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/v1/availability/", query).json()) == 26
    assert client.get("/api/v1/availability/", {"group": "x"}).status_code == 400


def test_availability_of_every_asset_with_intervals_in_bounded_queries(
    api, booker, member, django_assert_max_num_queries
):
    group, other = AssetGroupFactory(), AssetGroupFactory()
    assets = [AssetFactory(group=group, hours=(time(8), time(20))) for _ in range(3)]
    elsewhere = AssetFactory(group=other)
    services.reservation_create(
        asset=assets[0], member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 11), title="x"
    )
    day = {"start": local(MONDAY, 0).isoformat(), "end": local(MONDAY + timedelta(days=1), 0).isoformat()}
    client = as_user(api, booker)
    client.get("/api/v1/me/")
    with django_assert_max_num_queries(5):
        rows = client.get("/api/v1/availability/", {**day, "intervals": "true"}).json()
    by_asset = {row["asset"]: row for row in rows}
    assert set(by_asset) == {a.id for a in assets} | {elsewhere.id}
    z = lambda h: local(MONDAY, h).astimezone().isoformat().replace("+00:00", "Z")  # noqa: E731
    first = by_asset[assets[0].id]
    assert first["free"] is False and first["timezone"] == "Europe/Madrid"
    assert [(b["kind"], b["start"], b["end"]) for b in first["busy"]][:2] == [
        ("closed", z(0), z(8)),
        ("reservation", z(10), z(11)),
    ]
    assert [(f["start"], f["end"]) for f in first["free_intervals"]] == [(z(8), z(10)), (z(11), z(20))]
    single = client.get(f"/api/v1/assets/{assets[0].id}/availability/", day).json()
    assert single["busy"] == first["busy"] and single["free"] == first["free_intervals"]
    plain = client.get("/api/v1/availability/", {**day, "group": group.id}).json()
    assert {row["asset"] for row in plain} == {a.id for a in assets} and "busy" not in plain[0]
    assert client.get("/api/v1/availability/", {**day, "group": 999999}).status_code == 404


@pytest.mark.parametrize("hours", [2, 30, 24 * 3, 24 * 8])
def test_every_asset_answer_equals_each_assets_own_across_zones_and_weekdays(api, booker, member, hours):
    """The all-assets answer reads only the opening hours of the weekdays a short window touches (in any zone);
    every weekday here has its own hours, so reading a wrong one would change the answer."""
    assets = [AssetFactory(timezone=zone) for zone in ("Pacific/Auckland", "America/Los_Angeles", "Europe/Madrid")]
    for asset in assets:
        asset.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(asset=asset, weekday=day, opens=time(6 + day), closes=time(0) if day % 2 else time(14 + day))
            for day in range(7)
        )
    services.reservation_create(
        asset=assets[2], member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 11), title="x"
    )
    start = local(MONDAY, 23)
    window = {"start": start.isoformat(), "end": (start + timedelta(hours=hours)).isoformat()}
    client = as_user(api, booker)
    rows = {row["asset"]: row for row in client.get("/api/v1/availability/", {**window, "intervals": "true"}).json()}
    for asset in assets:
        own = client.get(f"/api/v1/assets/{asset.id}/availability/", window).json()
        assert (rows[asset.id]["busy"], rows[asset.id]["free_intervals"]) == (own["busy"], own["free"]), asset.timezone
    assert any(row["free_intervals"] for row in rows.values())


def test_weekdays_read_are_those_of_the_window_and_the_day_before_in_each_zone():
    madrid, auckland = ZoneInfo("Europe/Madrid"), ZoneInfo("Pacific/Auckland")
    monday_night = datetime(2030, 1, 7, 22, tzinfo=UTC)  # Monday 23:00 in Madrid, Tuesday 11:00 in Auckland
    assert weekdays_read([madrid], monday_night, monday_night + timedelta(hours=2)) == {6, 0, 1}
    assert weekdays_read([madrid, auckland], monday_night, monday_night + timedelta(hours=2)) == {6, 0, 1}
    assert weekdays_read([auckland], monday_night, monday_night + timedelta(hours=1)) == {0, 1}
    assert weekdays_read([madrid], monday_night, monday_night + timedelta(days=6)) is None


def test_an_auto_rejection_recorded_with_the_winners_id_is_shown_without_it(api, asset, booker, member):
    """Auto-rejections recorded before the reason stopped naming the winning request read as today's."""
    from bookings.models import ReservationEvent

    lost = services.reservation_create(
        asset=asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 12), title="Lost"
    )
    ReservationEvent.objects.create(
        reservation=lost,
        action="auto_rejected",
        from_status="pending",
        to_status="rejected",
        reason="Another request for the same period (#66) was approved.",
    )
    events = as_user(api, booker).get(f"/api/v1/reservations/{lost.id}/").json()["events"]
    assert events[-1]["reason"] == "Another request for the same period was approved."


def _approval_asset():
    return AssetFactory(name="Bodega", requires_approval=True)


def test_a_conflict_with_pending_requests_only_says_the_booker_may_compete(api, booker, other_booker):
    asset = _approval_asset()
    first = as_user(api, booker).post(
        "/api/v1/reservations/", body(asset, local(MONDAY, 10), local(MONDAY, 12)), format="json"
    )
    assert first.json()["status"] == "pending"
    clash = as_user(api, other_booker).post(
        "/api/v1/reservations/", body(asset, local(MONDAY, 11), local(MONDAY, 13)), format="json"
    )
    assert clash.status_code == 409
    assert clash.json()["can_compete"] is True
    # Nothing more about the rival than kind and period: no id, no status.
    assert set(clash.json()["conflicts"][0]) == {"kind", "start", "end"}


def test_a_conflict_with_an_approved_booking_or_on_an_instant_asset_offers_no_competition(
    api, asset, booker, other_booker, member
):
    as_user(api, booker).post("/api/v1/reservations/", body(asset, local(MONDAY, 10), local(MONDAY, 12)), format="json")
    instant = as_user(api, other_booker).post(
        "/api/v1/reservations/", body(asset, local(MONDAY, 11), local(MONDAY, 13)), format="json"
    )
    assert instant.status_code == 409
    assert instant.json()["can_compete"] is False

    cellar = _approval_asset()
    cellar.auto_approved_members.add(member)
    approved = as_user(api, booker).post(
        "/api/v1/reservations/", body(cellar, local(MONDAY, 10), local(MONDAY, 12)), format="json"
    )
    assert approved.json()["status"] == "approved"
    against_approved = as_user(api, other_booker).post(
        "/api/v1/reservations/", body(cellar, local(MONDAY, 11), local(MONDAY, 13)), format="json"
    )
    assert against_approved.status_code == 409
    assert against_approved.json()["can_compete"] is False
