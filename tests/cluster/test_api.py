"""The cluster admin's API: member companies, fair shares, groups and managers, quotas, standalone rates, roles.
Every write is a cluster admin's, and every write leaves a change on the record."""

from datetime import date, timedelta

import pytest

from accounts import cluster_services
from accounts.models import Member
from audit.models import Change
from bookings.models import Quota
from insights.models import AssetStandaloneRate, FairShare
from sinergia.exceptions import Conflict
from tests.conftest import as_user, book_day, future_day
from tests.factories import AssetFactory, AssetGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(username="root", is_staff=True)


def changes(action):
    return list(Change.objects.filter(action=action).order_by("id"))


# --- Member companies ---------------------------------------------------------------------------------------


def test_a_cluster_admin_creates_a_member_company_and_the_change_is_recorded(api, admin):
    body = {"name": "Oeste Audio", "tax_id": "B-123", "billing_email": "pay@oeste.example", "tier": "associate"}
    response = as_user(api, admin).post("/api/v1/members/", body, format="json")
    assert response.status_code == 201, response.content
    member = Member.objects.get(name="Oeste Audio")
    assert (member.tax_id, member.tier, member.is_active) == ("B-123", "associate", True)
    assert response.json()["fair_share"] == "1.0000"
    [change] = changes("member.create")
    assert change.member_id == member.id and change.by == admin and change.after["tier"] == "associate"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "X", "tier": "gold"}, "tier"),
        ({"name": "X", "billing_email": "no"}, "billing_email"),
    ],
)
def test_bad_member_input_is_a_field_error_that_creates_nothing(api, admin, body, field):
    response = as_user(api, admin).post("/api/v1/members/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Member.objects.exists() and not Change.objects.exists()


def test_a_duplicate_member_name_is_refused(api, admin, member):
    response = as_user(api, admin).post("/api/v1/members/", {"name": member.name.upper()}, format="json")
    assert response.status_code == 400 and "name" in response.json()


def test_only_cluster_admins_create_member_companies(api, member_admin):
    response = as_user(api, member_admin).post("/api/v1/members/", {"name": "Intrusa"}, format="json")
    assert response.status_code == 403
    assert not Member.objects.filter(name="Intrusa").exists()


def test_deactivation_lists_future_bookings_and_is_refused_until_confirmed(api, admin, asset, member, booker):
    booking = book_day(asset, member, booker, future_day(0))
    client = as_user(api, admin)
    preview = client.get(f"/api/v1/members/{member.id}/deactivate/").json()
    assert [row["id"] for row in preview["bookings"]] == [booking.id]
    refused = client.post(f"/api/v1/members/{member.id}/deactivate/", {}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "member_has_future_bookings"
    assert refused.json()["bookings"] == [booking.id]
    member.refresh_from_db()
    assert member.is_active
    done = client.post(f"/api/v1/members/{member.id}/deactivate/", {"cancel_future_bookings": True}, format="json")
    assert done.status_code == 200 and done.json()["is_active"] is False
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    [change] = changes("member.deactivate")
    assert change.before == {"is_active": True}
    assert change.after == {"is_active": False, "cancelled_bookings": 1}
    # The company's users lose access, and it leaves the directory (cluster admins still list it).
    assert as_user(api, booker).get("/api/v1/me/").json()["memberships"] == []
    client = as_user(api, admin)
    assert member.id not in [m["id"] for m in client.get("/api/v1/members/").json()]
    listed = client.get("/api/v1/members/?include_inactive=true").json()
    assert [m["is_active"] for m in listed if m["id"] == member.id] == [False]


def test_a_deactivated_member_is_reactivated(api, admin, member):
    client = as_user(api, admin)
    assert client.post(f"/api/v1/members/{member.id}/deactivate/", {}, format="json").status_code == 200
    assert client.post(f"/api/v1/members/{member.id}/deactivate/", {}, format="json").status_code == 409
    assert client.post(f"/api/v1/members/{member.id}/reactivate/").json()["is_active"] is True
    assert client.post(f"/api/v1/members/{member.id}/reactivate/").status_code == 409
    assert [c.action for c in Change.objects.order_by("id")] == ["member.deactivate", "member.reactivate"]


# --- Fair shares --------------------------------------------------------------------------------------------


def test_a_fair_share_from_next_month_keeps_the_history(api, admin, member):
    client = as_user(api, admin)
    today = date.today()
    next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    url = f"/api/v1/members/{member.id}/fair-shares/"
    assert client.post(url, {"weight": "2", "valid_from": today.isoformat()}, format="json").status_code == 201
    assert client.post(url, {"weight": "3.5", "valid_from": next_month.isoformat()}, format="json").status_code == 201
    # A second change on the same date replaces that date's weight; the earlier date keeps its own.
    assert client.post(url, {"weight": "4", "valid_from": next_month.isoformat()}, format="json").status_code == 201
    history = client.get(url).json()
    assert [(row["weight"], row["valid_from"]) for row in history] == [
        ("2.0000", today.isoformat()),
        ("4.0000", next_month.isoformat()),
    ]
    assert history[0]["set_by"] == "root"
    assert client.get("/api/v1/members/").json()[0]["fair_share"] == "2.0000"
    recorded = changes("fair_share.set")
    assert recorded[1].before == {"weight": "2.0000", "valid_from": today.isoformat()}
    assert recorded[1].after == {"weight": "3.5000", "valid_from": next_month.isoformat()}
    assert all(change.member_id == member.id for change in recorded)


@pytest.mark.parametrize(
    "body", [{"weight": "-1", "valid_from": "2026-01-01"}, {"weight": "1", "valid_from": "0001-01-01"}, {"weight": "x"}]
)
def test_a_bad_fair_share_changes_nothing(api, admin, member, body):
    response = as_user(api, admin).post(f"/api/v1/members/{member.id}/fair-shares/", body, format="json")
    assert response.status_code == 400
    assert not FairShare.objects.exists() and not Change.objects.exists()


def test_accountants_read_fair_shares_but_do_not_set_them(api, member):
    accountant = UserFactory(is_accountant=True)
    client = as_user(api, accountant)
    assert client.get(f"/api/v1/members/{member.id}/fair-shares/").status_code == 200
    response = client.post(
        f"/api/v1/members/{member.id}/fair-shares/", {"weight": "2", "valid_from": "2026-01-01"}, format="json"
    )
    assert response.status_code == 403 and not FairShare.objects.exists()


# --- Asset groups, managers, moves --------------------------------------------------------------------------


def test_a_cluster_admin_creates_a_group_and_names_its_managers(api, admin):
    client = as_user(api, admin)
    group = client.post("/api/v1/asset-groups/", {"name": "Cellars", "description": "Wine"}, format="json").json()
    renamed = client.patch(f"/api/v1/asset-groups/{group['id']}/", {"name": "Bodegas"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "Bodegas"
    carla, dani = UserFactory(username="carla"), UserFactory(username="dani")
    managers = client.put(
        f"/api/v1/asset-groups/{group['id']}/managers/", {"managers": [dani.id, carla.id]}, format="json"
    )
    assert [user["username"] for user in managers.json()] == ["carla", "dani"]
    assert [c.action for c in Change.objects.order_by("id")] == [
        "asset_group.create",
        "asset_group.update",
        "asset_group.managers",
    ]
    assert Change.objects.get(action="asset_group.managers").after == {"managers": ["carla", "dani"]}


def test_a_duplicate_group_name_and_an_unknown_manager_are_field_errors(api, admin):
    AssetGroupFactory(name="Stages")
    client = as_user(api, admin)
    assert "name" in client.post("/api/v1/asset-groups/", {"name": "Stages"}, format="json").json()
    group = AssetGroupFactory(name="Other")
    response = client.put(f"/api/v1/asset-groups/{group.id}/managers/", {"managers": [999999]}, format="json")
    assert response.status_code == 400 and "managers" in response.json()


def test_asset_managers_are_set_by_cluster_admins_only(api, admin, asset, manager):
    newcomer = UserFactory(username="nuevo")
    refused = as_user(api, manager).put(f"/api/v1/assets/{asset.id}/managers/", {"managers": []}, format="json")
    assert refused.status_code == 403 and list(asset.managers.all()) == [manager]
    response = as_user(api, admin).put(
        f"/api/v1/assets/{asset.id}/managers/", {"managers": [newcomer.id]}, format="json"
    )
    assert [user["username"] for user in response.json()] == ["nuevo"]
    [change] = changes("asset.managers")
    assert change.asset_id == asset.id and change.before == {"managers": ["manager"]}


def test_a_manager_of_one_group_cannot_move_an_asset_into_a_group_it_does_not_manage(api, admin):
    mine, theirs = AssetGroupFactory(name="Mine"), AssetGroupFactory(name="Theirs")
    boss = UserFactory(username="boss")
    mine.managers.add(boss)
    asset = AssetFactory(name="Mesa", group=mine)
    refused = as_user(api, boss).patch(f"/api/v1/assets/{asset.id}/", {"group": theirs.id}, format="json")
    assert refused.status_code == 403
    asset.refresh_from_db()
    assert asset.group == mine
    moved = as_user(api, admin).patch(f"/api/v1/assets/{asset.id}/", {"group": theirs.id}, format="json")
    assert moved.status_code == 200 and moved.json()["group"] == theirs.id


# --- Quotas -------------------------------------------------------------------------------------------------


def test_quotas_are_created_changed_and_deleted_with_a_record(api, admin, member):
    group = AssetGroupFactory(name="Stages")
    client = as_user(api, admin)
    body = {"member": member.id, "group": group.id, "max_hours_per_month": 20, "max_pending": None}
    quota = client.post("/api/v1/quotas/", body, format="json")
    assert quota.status_code == 201, quota.content
    again = client.post("/api/v1/quotas/", body, format="json")
    assert again.status_code == 409 and again.json()["code"] == "quota_exists"
    quota_id = quota.json()["id"]
    changed = client.patch(f"/api/v1/quotas/{quota_id}/", {"max_pending": 3, "member": 999}, format="json")
    assert changed.status_code == 200 and changed.json()["max_pending"] == 3
    assert changed.json()["member"] == member.id
    assert client.get(f"/api/v1/quotas/?member={member.id}").json()[0]["member_name"] == member.name
    assert client.delete(f"/api/v1/quotas/{quota_id}/").status_code == 204
    assert not Quota.objects.exists()
    assert [c.action for c in Change.objects.order_by("id")] == ["quota.create", "quota.update", "quota.delete"]
    assert Change.objects.get(action="quota.update").after == {"max_pending": 3}
    assert Change.objects.filter(member=member).count() == 3


def test_a_member_reads_its_own_quotas_and_changes_none(api, member, other_member, booker):
    group = AssetGroupFactory(name="Stages")
    own = Quota.objects.create(member=member, group=group, max_pending=1)
    other = Quota.objects.create(member=other_member, group=group, max_pending=1)
    client = as_user(api, booker)
    assert [q["id"] for q in client.get("/api/v1/quotas/").json()] == [own.id]
    assert client.patch(f"/api/v1/quotas/{own.id}/", {"max_pending": 9}, format="json").status_code == 403
    assert client.patch(f"/api/v1/quotas/{other.id}/", {"max_pending": 9}, format="json").status_code == 404
    assert client.post("/api/v1/quotas/", {"member": member.id, "group": group.id}, format="json").status_code == 403


def test_a_negative_quota_is_a_field_error(api, admin, member):
    group = AssetGroupFactory(name="Stages")
    response = as_user(api, admin).post(
        "/api/v1/quotas/", {"member": member.id, "group": group.id, "max_pending": -1}, format="json"
    )
    assert response.status_code == 400 and "max_pending" in response.json()


# --- Standalone rates ---------------------------------------------------------------------------------------


def test_a_standalone_rate_is_set_and_removed_per_asset(api, admin, asset):
    client = as_user(api, admin)
    response = client.put(
        f"/api/v1/assets/{asset.id}/standalone-rate/", {"hourly_rate_minor": 25000, "currency": "EUR"}, format="json"
    )
    assert response.json() == {"hourly_rate_minor": 25000, "currency": "EUR"}
    assert AssetStandaloneRate.objects.get(asset=asset).hourly_rate_minor == 25000
    removed = client.put(f"/api/v1/assets/{asset.id}/standalone-rate/", {"hourly_rate_minor": None}, format="json")
    assert removed.json()["hourly_rate_minor"] is None and not AssetStandaloneRate.objects.exists()
    assert [c.action for c in Change.objects.filter(asset=asset).order_by("id")] == [
        "standalone_rate.set",
        "standalone_rate.remove",
    ]
    bad = client.put(
        f"/api/v1/assets/{asset.id}/standalone-rate/", {"hourly_rate_minor": 1, "currency": "XXX"}, format="json"
    )
    assert bad.status_code == 400 and "currency" in bad.json()


# --- Users and cluster roles --------------------------------------------------------------------------------


def test_cluster_admins_list_users_with_memberships_and_search(api, admin, booker, member):
    client = as_user(api, admin)
    found = client.get("/api/v1/users/?q=ana").json()["results"]
    assert [user["username"] for user in found] == ["ana"]
    assert found[0]["memberships"] == [{"member": member.id, "name": member.name, "role": "booker"}]
    assert as_user(api, booker).get("/api/v1/users/").status_code == 403


def test_a_cluster_admin_makes_an_accountant_and_another_admin(api, admin, booker):
    client = as_user(api, admin)
    response = client.patch(f"/api/v1/users/{booker.id}/", {"is_accountant": True, "is_staff": True}, format="json")
    assert response.status_code == 200
    assert set(response.json()["cluster_roles"]) == {"accountant", "cluster_admin"}
    [change] = changes("user.roles")
    assert change.before == {"is_accountant": False, "is_staff": False}
    assert change.after == {"is_accountant": True, "is_staff": True}


def test_a_cluster_admin_cannot_demote_itself_nor_the_last_admin(api, admin):
    client = as_user(api, admin)
    own = client.patch(f"/api/v1/users/{admin.id}/", {"is_staff": False}, format="json")
    assert own.status_code == 409 and own.json()["code"] == "own_admin_role"
    other = UserFactory(username="other_admin", is_staff=True)
    assert client.patch(f"/api/v1/users/{other.id}/", {"is_staff": False}, format="json").status_code == 200
    admin.refresh_from_db()
    assert admin.is_staff


def test_the_last_cluster_admin_cannot_be_demoted(admin):
    """Self-demotion is refused first; the last-admin rule still holds for a caller that is not an active admin
    (a deactivated account's session)."""
    gone = UserFactory(username="gone", is_staff=True, is_active=False)
    with pytest.raises(Conflict) as refused:
        cluster_services.user_roles_set(user=admin, by=gone, changes={"is_staff": False})
    assert refused.value.code == "last_cluster_admin"
    admin.refresh_from_db()
    assert admin.is_staff and not Change.objects.exists()


def test_an_empty_role_change_is_a_400(api, admin, booker):
    assert as_user(api, admin).patch(f"/api/v1/users/{booker.id}/", {}, format="json").status_code == 400
