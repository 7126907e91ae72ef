"""The record of changes: append-only, filed under an asset's and a member company's history, read by role."""

from datetime import timedelta

import pytest

from audit.models import Change
from audit.services import record, snapshot
from sinergia.appendonly import AppendOnlyError
from tests.conftest import as_user
from tests.factories import AssetFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(username="root", is_staff=True)


@pytest.fixture
def changes(admin_user, asset, member, other_member):
    """One change in the asset's history, one in each member company's."""
    before = snapshot(asset, ["setup_buffer", "min_notice"])
    asset.setup_buffer = timedelta(minutes=30)
    asset.save()
    on_asset = record(by=admin_user, action="asset.update", target=asset, asset=asset, before=before,
                      after=snapshot(asset, ["setup_buffer", "min_notice"]))  # fmt: skip
    on_member = record(by=admin_user, action="member.update", target=member, member=member,
                       before={"tax_id": ""}, after={"tax_id": "B-1"})  # fmt: skip
    on_other = record(by=admin_user, action="member.update", target=other_member, member=other_member,
                      before={"tax_id": ""}, after={"tax_id": "SUR-SECRET"})  # fmt: skip
    return on_asset, on_member, on_other


def test_an_update_records_only_the_fields_that_changed_in_plain_units(changes):
    on_asset = changes[0]
    assert (on_asset.before, on_asset.after) == ({"setup_buffer": 0}, {"setup_buffer": 30})
    assert on_asset.target_type == "assets.asset" and on_asset.target_label == "Plató A"


def test_an_update_that_changes_nothing_records_nothing(admin_user, asset):
    assert record(by=admin_user, action="asset.update", target=asset, before={"a": 1}, after={"a": 1}) is None
    assert not Change.objects.exists()


def test_a_change_cannot_be_rewritten_or_deleted(changes):
    change = changes[0]
    change.action = "forged"
    with pytest.raises(AppendOnlyError):
        change.save()
    with pytest.raises(AppendOnlyError):
        change.delete()
    with pytest.raises(AppendOnlyError):
        Change.objects.update(action="forged")
    with pytest.raises(AppendOnlyError):
        Change.objects.all().delete()
    assert Change.objects.filter(action="forged").count() == 0


def _ids(client, **params):
    response = client.get("/api/v1/changes/", params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_each_role_reads_the_histories_it_is_responsible_for(
    api, changes, admin_user, manager, member_admin, booker, other_booker
):
    on_asset, on_member, on_other = changes
    accountant = UserFactory(username="accountant", is_accountant=True)
    assert _ids(as_user(api, admin_user)) == [on_other.id, on_member.id, on_asset.id]
    assert _ids(as_user(api, accountant)) == [on_other.id, on_member.id, on_asset.id]
    assert _ids(as_user(api, manager)) == [on_asset.id]
    assert _ids(as_user(api, member_admin)) == [on_member.id]
    assert _ids(as_user(api, booker)) == []
    assert _ids(as_user(api, other_booker)) == []
    other_manager = UserFactory(username="other-manager")
    AssetFactory(name="Bodega").managers.add(other_manager)
    assert _ids(as_user(api, other_manager)) == []


def test_filters_narrow_what_the_caller_may_read_and_never_widen_it(api, changes, admin_user, member_admin):
    on_asset, on_member, on_other = changes
    admin = as_user(api, admin_user)
    assert _ids(admin, asset=on_asset.asset_id) == [on_asset.id]
    assert _ids(admin, member=on_other.member_id) == [on_other.id]
    assert _ids(admin, action="asset.update") == [on_asset.id]
    assert _ids(admin, target_type="accounts.member", target=on_member.target_id) == [on_member.id]
    assert _ids(admin, by=admin_user.id) == [on_other.id, on_member.id, on_asset.id]
    today = on_asset.at.date()
    assert _ids(admin, **{"from": today.isoformat(), "to": today.isoformat()}) == [
        on_other.id,
        on_member.id,
        on_asset.id,
    ]
    assert _ids(admin, **{"from": (today + timedelta(days=1)).isoformat()}) == []
    assert _ids(as_user(api, member_admin), member=on_other.member_id) == []


@pytest.mark.parametrize(
    "params", [{"from": "2026-13-01"}, {"from": "2026-02-02", "to": "2026-02-01"}, {"asset": "x"}, {"by": "-1"}]
)
def test_bad_filters_are_a_400(api, changes, admin_user, params):
    response = as_user(api, admin_user).get("/api/v1/changes/", params)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"


def test_anonymous_gets_a_401(api):
    assert api.get("/api/v1/changes/").status_code == 401
