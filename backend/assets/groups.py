"""Asset groups and who manages groups and assets: cluster admins decide, one transaction each, every change audited.

Moving an asset between groups stays with `assets.services.asset_update` (a manager of both groups, or a cluster
admin)."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_run_cluster
from audit import services as audit
from sinergia.exceptions import Forbidden

from .models import Asset, AssetGroup

GROUP_FIELDS = ("name", "description", "required_qualifications")
GROUP_TEXT_FIELDS = ("name", "description")


def check_runs_cluster(by: User) -> None:
    if not can_run_cluster(by):
        raise Forbidden(_("Only cluster admins can change asset groups and who manages them."))


def group_create(*, by: User, name: str, description: str = "", required_qualifications=()) -> AssetGroup:
    check_runs_cluster(by)
    with transaction.atomic():
        group = AssetGroup.objects.create(name=name, description=description)
        group.required_qualifications.set(required_qualifications)
        audit.record(by=by, action="asset_group.create", target=group, after=audit.snapshot(group, GROUP_FIELDS))
    return group


def group_update(*, group: AssetGroup, by: User, changes: dict) -> AssetGroup:
    check_runs_cluster(by)
    with transaction.atomic():
        group = AssetGroup.objects.select_for_update().get(id=group.id)
        before = audit.snapshot(group, GROUP_FIELDS)
        for field in GROUP_TEXT_FIELDS:
            if field in changes:
                setattr(group, field, changes[field])
        group.save()
        if "required_qualifications" in changes:  # from now on: bookings already made are kept
            group.required_qualifications.set(changes["required_qualifications"])
        audit.record(by=by, action="asset_group.update", target=group, before=before,
                     after=audit.snapshot(group, GROUP_FIELDS))  # fmt: skip
    return group


def _managers_set(target, *, by: User, users: list[User], action: str, asset=None):
    check_runs_cluster(by)
    with transaction.atomic():
        target = type(target).objects.select_for_update().get(id=target.id)
        before = {"managers": sorted(target.managers.values_list("username", flat=True))}
        target.managers.set(users)
        after = {"managers": sorted(user.username for user in users)}
        audit.record(by=by, action=action, target=target, asset=asset and target, before=before, after=after)
    return target


def group_managers_set(*, group: AssetGroup, by: User, users: list[User]) -> AssetGroup:
    """Name the group's managers (they manage every asset of the group, add assets to it and move them in)."""
    return _managers_set(group, by=by, users=users, action="asset_group.managers")


def asset_managers_set(*, asset: Asset, by: User, users: list[User]) -> Asset:
    """Name the asset's own managers (besides its group's)."""
    return _managers_set(asset, by=by, users=users, action="asset.managers", asset=True)
