"""The catalogue API: everyone reads, managers and cluster admins write."""

import pytest

from assets.models import Asset, Blackout
from bookings import services
from tests.conftest import as_user, future_day, local
from tests.factories import AssetFactory, AssetGroupFactory, PriceRuleFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = future_day(0)


def test_catalogue_lists_assets_with_rules_and_prices(api, booker):
    group = AssetGroupFactory(name="Platós")
    asset = AssetFactory(name="Plató A", group=group, location="Nave 1")
    PriceRuleFactory(asset=asset, hourly_rate_minor=9000, vat_rate="21.00")
    AssetFactory(name="Bodega", kind="cellar")
    client = as_user(api, booker)
    rows = client.get("/api/v1/assets/").json()
    assert [row["name"] for row in rows] == ["Bodega", "Plató A"]
    plato = client.get(f"/api/v1/assets/{asset.id}/").json()
    assert plato["timezone"] == "Europe/Madrid"
    assert plato["slot_minutes"] == 30
    assert plato["opening_hours"][0] == {"weekday": 0, "opens": "08:00:00", "closes": "22:00:00"}
    assert plato["price_rules"][0]["hourly_rate"] == {"amount": "90.00", "currency": "EUR"}
    assert client.get("/api/v1/asset-groups/").json() == [
        {"id": group.id, "name": "Platós", "description": "", "required_qualifications": []}
    ]


@pytest.mark.parametrize(
    "query,expected",
    [
        ("group={group}", ["Plató A"]),
        ("kind=cellar", ["Bodega"]),
        ("q=nave", ["Plató A"]),
        ("group=", ["Bodega", "Plató A"]),
    ],
)
def test_catalogue_filters(api, booker, query, expected):
    group = AssetGroupFactory()
    AssetFactory(name="Plató A", group=group, location="Nave 1")
    AssetFactory(name="Bodega", kind="cellar")
    rows = as_user(api, booker).get(f"/api/v1/assets/?{query.format(group=group.id)}").json()
    assert [row["name"] for row in rows] == expected


def test_a_group_that_is_not_an_id_is_a_400(api, booker):
    response = as_user(api, booker).get("/api/v1/assets/?group=x")
    assert response.status_code == 400 and response.json()["field"] == "group"


NEW_ASSET = {
    "name": "Plató C", "kind": "sound stage", "timezone": "Europe/Madrid", "min_duration": 60, "max_duration": 600,
    "slot_minutes": 30,
}  # fmt: skip


def test_cluster_admin_creates_assets_and_others_get_403(api, booker):
    admin = UserFactory(is_staff=True)
    assert as_user(api, booker).post("/api/v1/assets/", NEW_ASSET).status_code == 403
    response = as_user(api, admin).post("/api/v1/assets/", NEW_ASSET)
    assert response.status_code == 201, response.json()
    assert response.json()["min_duration"] == 60
    assert Asset.objects.get(name="Plató C").max_duration.total_seconds() == 36000


def test_an_asset_is_created_with_its_hours_peak_windows_and_prices_in_one_request(api):
    admin = UserFactory(is_staff=True)
    body = NEW_ASSET | {
        "opening_hours": [{"weekday": day, "opens": "08:00", "closes": "20:00"} for day in range(5)],
        "peak_windows": [{"weekday": 0, "starts": "18:00", "ends": "20:00"}],
        "price_rules": [{"tier": "full", "currency": "EUR", "hourly_rate": {"amount": "30.00", "currency": "EUR"},
                         "vat_rate": "21.00"}],
    }  # fmt: skip
    response = as_user(api, admin).post("/api/v1/assets/", body, format="json")
    assert response.status_code == 201, response.json()
    created = Asset.objects.get(name="Plató C")
    assert sorted(created.opening_hours.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]
    assert created.peak_windows.get().weekday == 0
    assert created.price_rules.get().hourly_rate_minor == 3000
    assert response.json()["price_rules"][0]["hourly_rate"] == {"amount": "30.00", "currency": "EUR"}


def test_group_manager_creates_assets_in_the_group_and_manages_them(api):
    group = AssetGroupFactory()
    boss = UserFactory()
    group.managers.add(boss)
    assert as_user(api, boss).post("/api/v1/assets/", {**NEW_ASSET, "group": group.id}).status_code == 201
    assert as_user(api, boss).post("/api/v1/assets/", NEW_ASSET | {"name": "Loose"}).status_code == 403


@pytest.mark.parametrize(
    "change,field",
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"slot_minutes": 7}, "slot_minutes"),
        ({"min_duration": 120, "max_duration": 60}, "max_duration"),
        ({"min_duration": "an hour"}, "min_duration"),
    ],
)
def test_bad_asset_rules_are_field_errors(api, change, field):
    admin = UserFactory(is_staff=True)
    response = as_user(api, admin).post("/api/v1/assets/", {**NEW_ASSET, **change})
    assert response.status_code == 400
    assert field in response.json()
    assert not Asset.objects.filter(name="Plató C").exists()


def test_only_the_assets_managers_edit_it(api, asset, manager, booker):
    assert as_user(api, booker).patch(f"/api/v1/assets/{asset.id}/", {"location": "x"}).status_code == 403
    response = as_user(api, manager).patch(f"/api/v1/assets/{asset.id}/", {"location": "Nave 9"})
    assert response.status_code == 200
    asset.refresh_from_db()
    assert asset.location == "Nave 9"


def test_managers_replace_opening_hours(api, asset, manager, booker):
    hours = [{"weekday": 0, "opens": "09:00", "closes": "13:00"}, {"weekday": 0, "opens": "15:00", "closes": "00:00"}]
    assert as_user(api, booker).put(f"/api/v1/assets/{asset.id}/opening-hours/", hours).status_code == 403
    response = as_user(api, manager).put(f"/api/v1/assets/{asset.id}/opening-hours/", hours)
    assert response.status_code == 200
    assert [(h["opens"], h["closes"]) for h in response.json()] == [("09:00:00", "13:00:00"), ("15:00:00", "00:00:00")]
    bad = as_user(api, manager).put(f"/api/v1/assets/{asset.id}/opening-hours/", [{"weekday": 9, "opens": "x"}])
    assert bad.status_code == 400
    assert asset.opening_hours.count() == 2


def test_managers_add_and_remove_blackouts(api, asset, manager, booker, member):
    window = {"start": local(MONDAY, 9).isoformat(), "end": local(MONDAY, 12).isoformat(), "reason": "Lights"}
    assert as_user(api, booker).post(f"/api/v1/assets/{asset.id}/blackouts/", window).status_code == 403
    created = as_user(api, manager).post(f"/api/v1/assets/{asset.id}/blackouts/", window)
    assert created.status_code == 201
    listed = as_user(api, booker).get(f"/api/v1/assets/{asset.id}/blackouts/").json()
    assert [b["reason"] for b in listed] == ["Lights"]
    blackout_id = created.json()["id"]
    assert as_user(api, booker).delete(f"/api/v1/blackouts/{blackout_id}/").status_code == 403
    assert as_user(api, manager).delete(f"/api/v1/blackouts/{blackout_id}/").status_code == 204
    assert not Blackout.objects.exists()


def test_a_blackout_over_a_booking_is_a_409(api, asset, manager, booker, member):
    services.reservation_create(
        asset=asset, member=member, by=booker, start=local(MONDAY, 10), end=local(MONDAY, 11), title="x"
    )
    window = {"start": local(MONDAY, 9).isoformat(), "end": local(MONDAY, 12).isoformat()}
    response = as_user(api, manager).post(f"/api/v1/assets/{asset.id}/blackouts/", window)
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["kind"] == "reservation"
    assert not Blackout.objects.exists()


def test_unknown_asset_is_a_json_404(api, booker):
    response = as_user(api, booker).get("/api/v1/assets/999999/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- Who may change who manages an asset and which rules apply -------------------------------------------------


@pytest.fixture
def groups(asset, member):
    """The asset sits in "Platós"; "Bodegas" is another group. Each has its own manager."""
    stages, cellars = AssetGroupFactory(name="Platós"), AssetGroupFactory(name="Bodegas")
    asset.group = stages
    asset.save()
    stages.managers.add(UserFactory(username="stages_boss"))
    cellars.managers.add(UserFactory(username="cellars_boss"))
    return stages, cellars


def _governing(asset) -> tuple:
    asset.refresh_from_db()
    return asset.group_id, asset.is_active, asset.requires_approval, set(asset.auto_approved_members.all())


@pytest.mark.parametrize(
    "change",
    [
        {"group": "cellars"},
        {"group": None},
        {"is_active": False},
        {"requires_approval": True},
        {"auto_approved_members": ["member"]},
    ],
    ids=["into another group", "out of its group", "deactivate", "approval", "auto-approve"],
)
def test_an_assets_own_manager_cannot_change_who_manages_it_or_which_rules_apply(
    api, asset, manager, member, groups, change
):
    """The issue's case: a manager of asset 3 alone moved it into group 1, which it does not manage (→ 200)."""
    stages, cellars = groups
    values = {"cellars": cellars.id, "member": member.id}
    body = {key: [values[v] for v in value] if isinstance(value, list) else values.get(value, value)
            for key, value in change.items()}  # fmt: skip
    before = _governing(asset)
    for method in ("patch", "put"):
        full = {**as_user(api, manager).get(f"/api/v1/assets/{asset.id}/").json(), **body} if method == "put" else body
        response = getattr(as_user(api, manager), method)(f"/api/v1/assets/{asset.id}/", full, format="json")
        assert response.status_code == 403, (method, response.content)
        assert response.json()["code"] == "permission_denied"
        assert _governing(asset) == before


def test_an_assets_own_manager_still_edits_its_everyday_rules(api, asset, manager, groups):
    body = as_user(api, manager).get(f"/api/v1/assets/{asset.id}/").json()
    body.update(location="Nave 4", min_notice=120, late_cancellation_fee_percent=20)  # group etc. unchanged
    response = as_user(api, manager).put(f"/api/v1/assets/{asset.id}/", body, format="json")
    assert response.status_code == 200, response.content
    asset.refresh_from_db()
    assert (asset.location, asset.min_notice.total_seconds(), asset.group_id) == ("Nave 4", 7200, groups[0].id)


def test_moving_an_asset_needs_managing_both_groups_or_a_cluster_admin(api, asset, groups, member):
    stages, cellars = groups
    url = f"/api/v1/assets/{asset.id}/"
    stages_boss, cellars_boss = stages.managers.get(), cellars.managers.get()
    assert as_user(api, stages_boss).patch(url, {"group": cellars.id}, format="json").status_code == 403
    assert as_user(api, cellars_boss).patch(url, {"group": cellars.id}, format="json").status_code == 403
    assert _governing(asset)[0] == stages.id
    # The current group's manager governs the rest of the asset.
    changed = as_user(api, stages_boss).patch(url, {"requires_approval": True, "auto_approved_members": [member.id]})
    assert changed.status_code == 200 and changed.json()["auto_approved_members"] == [member.id]
    cellars.managers.add(stages_boss)
    assert as_user(api, stages_boss).patch(url, {"group": cellars.id}, format="json").status_code == 200
    assert _governing(asset)[0] == cellars.id
    admin = UserFactory(username="root", is_staff=True)
    assert as_user(api, admin).patch(url, {"group": None, "is_active": False}, format="json").status_code == 200
    assert _governing(asset)[:2] == (None, False)


def test_asset_groups_and_their_managers_are_changed_by_cluster_admins_only(api, groups):
    """A group's own manager cannot create, rename or re-staff groups (tests/cluster covers the cluster admin)."""
    stages, _cellars = groups
    boss = stages.managers.get()
    client = as_user(api, boss)
    assert client.post("/api/v1/asset-groups/", {"name": "Mine"}).status_code == 403
    assert client.patch(f"/api/v1/asset-groups/{stages.id}/", {"name": "Renamed"}).status_code == 403
    assert client.put(f"/api/v1/asset-groups/{stages.id}/", {"name": "Renamed"}).status_code == 403
    assert client.put(f"/api/v1/asset-groups/{stages.id}/managers/", {"managers": []}, format="json").status_code == 403
    stages.refresh_from_db()
    assert stages.name != "Renamed"
    assert list(stages.managers.all()) == [boss]
