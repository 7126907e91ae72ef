"""Other members' bookings as busy blocks: the calendar's query, and what conflicts, series reports and
availability say about them (where and when, never whose, what or in which state)."""

import json
from datetime import UTC

import pytest

from bookings import services
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, AssetGroupFactory, MemberFactory, MembershipFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


@pytest.fixture
def stages():
    group = AssetGroupFactory(name="Platós")
    return group, AssetFactory(name="Plató A", group=group, requires_approval=True), AssetFactory(group=group)


def _utc(moment) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def book(asset, member, user, start_hour, end_hour, title="Rodaje", **extra):
    return services.reservation_create(
        asset=asset,
        member=member,
        by=user,
        start=local(MONDAY, start_hour),
        end=local(MONDAY, end_hour),
        title=title,
        **extra,
    )


def test_the_calendar_query_lists_own_filtered_rows_then_every_busy_block_in_time_order(
    api, stages, member, booker, other_member, other_booker
):
    group, approval_asset, plain_asset = stages
    third = MembershipFactory(member=MemberFactory(name="Este")).user
    # Made in an order unlike their times: creation order must not show through.
    late = book(plain_asset, other_member, other_booker, 18, 19, title="Secret late")
    pending = book(approval_asset, other_member, other_booker, 8, 9, title="Secret pending")
    early = book(plain_asset, third.memberships.get().member, third, 8, 9, title="Secret early")
    mine = book(plain_asset, member, booker, 12, 13, title="Mine")
    cancelled = book(plain_asset, member, booker, 14, 15, title="Mine, cancelled")
    services.reservation_cancel(reservation=cancelled, by=booker)

    query = f"include_busy=true&status=approved&status=pending&group={group.id}&page_size=200"
    rows = as_user(api, booker).get(f"/api/v1/reservations/?{query}").json()["results"]

    assert [row["id"] for row in rows if not row["busy"]] == [mine.id]
    busy = [row for row in rows if row["busy"]]
    assert rows[: len(rows) - len(busy)] == [row for row in rows if not row["busy"]], "full rows come first"
    expected = [(pending.asset_id, pending.start), (early.asset_id, early.start), (late.asset_id, late.start)]
    expected.sort(key=lambda pair: (pair[1], pair[0]))
    assert [(row["asset"], row["start"]) for row in busy] == [(asset_id, _utc(start)) for asset_id, start in expected]
    assert all(set(row) == {"id", "asset", "start", "end", "blocked_start", "blocked_end", "busy"} for row in busy)
    assert all(row["id"] is None for row in busy)
    # Asking for another member, a status or an order changes the full rows only.
    for extra in (f"&member={other_member.id}", "&status=cancelled", "&ordering=-created_at"):
        again = as_user(api, booker).get(f"/api/v1/reservations/?{query}{extra}").json()["results"]
        assert [row for row in again if row["busy"]] == busy


def _nothing_of(body, rival) -> None:
    text = json.dumps(body)
    assert "Secret" not in text and '"pending"' not in text and rival.notes not in text
    assert f'"id": {rival.id}' not in text and f'"reservation": {rival.id}' not in text


def test_conflicts_series_reports_and_availability_carry_nothing_of_the_other_member(
    api, stages, member, booker, other_member, other_booker
):
    _group, approval_asset, _plain = stages
    rival = book(approval_asset, other_member, other_booker, 10, 12, title="Secret", notes="Secret notes")
    client = as_user(api, booker)
    body = {"asset": approval_asset.id, "title": "Mine"}

    conflict = client.post(
        "/api/v1/reservations/",
        {**body, "start": local(MONDAY, 11).isoformat(), "end": local(MONDAY, 13).isoformat()},
        format="json",
    )
    assert conflict.status_code == 409
    assert [set(c) for c in conflict.json()["conflicts"]] == [{"kind", "start", "end"}]
    _nothing_of(conflict.json(), rival)

    mine = book(approval_asset, member, booker, 14, 15, title="Mine")
    moved = client.patch(
        f"/api/v1/reservations/{mine.id}/",
        {"start": local(MONDAY, 9).isoformat(), "end": local(MONDAY, 11).isoformat()},
        format="json",
    )
    assert moved.status_code == 409
    _nothing_of(moved.json(), rival)

    series = client.post(
        "/api/v1/series/",
        {
            **body,
            "start": local(MONDAY, 10).isoformat(),
            "end": local(MONDAY, 11).isoformat(),
            "rrule": "FREQ=DAILY;COUNT=2",
            "dry_run": True,
        },
        format="json",
    )
    assert series.status_code == 409
    assert [row["ok"] for row in series.json()["occurrences"]] == [False, True]
    _nothing_of(series.json(), rival)

    window = {"start": local(MONDAY, 0).isoformat(), "end": local(MONDAY, 23).isoformat()}
    availability = client.get(f"/api/v1/assets/{approval_asset.id}/availability/", window)
    assert {"kind": "reservation", "start": _utc(rival.blocked_start)} in [
        {"kind": b["kind"], "start": b["start"]} for b in availability.json()["busy"]
    ]
    _nothing_of(availability.json(), rival)
    group_rows = client.get("/api/v1/availability/", {**window, "intervals": "true"}).json()
    _nothing_of(group_rows, rival)


def test_paging_walks_the_full_rows_then_the_busy_blocks_once_each(
    api, stages, member, booker, other_member, other_booker
):
    _group, _approval_asset, plain_asset = stages
    for hour in (9, 11, 13):
        book(plain_asset, member, booker, hour, hour + 1, title=f"Mine {hour}")
        book(plain_asset, other_member, other_booker, hour + 1, hour + 2, title="Theirs")
    client = as_user(api, booker)
    whole = client.get("/api/v1/reservations/?include_busy=true&page_size=200").json()["results"]
    assert [row["busy"] for row in whole] == [False] * 3 + [True] * 3
    walked, url = [], "/api/v1/reservations/?include_busy=true&page_size=2"
    while url:
        page = client.get(url).json()
        assert page["count"] == 6
        walked += page["results"]
        url = page["next"]
    assert walked == whole
