"""Creating and changing assets and their opening hours, one transaction each (who may: `accounts.permissions`).

An asset's managers run it day to day (names, durations, buffers, notice, cancellation terms, opening hours). What
decides who manages it and which members' rules apply to it — its group (and so the group's managers, quotas and
alternatives), whether it is active, whether it needs approval and who skips it — is decided like its creation: by
a cluster admin or a manager of its group, and moving it from one group to another by a manager of both.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_cluster_admin, manages_asset, manages_group
from sinergia.exceptions import Forbidden

from .models import Asset, OpeningHours

GOVERNING_FIELDS = ("group", "is_active", "requires_approval", "auto_approved_members")
MANY_TO_MANY = ("auto_approved_members",)


def _current(asset: Asset, field: str):
    if field in MANY_TO_MANY:
        return set(getattr(asset, field).all())
    return getattr(asset, field)


def _changed(asset: Asset, changes: dict) -> set[str]:
    return {
        field
        for field, value in changes.items()
        if (set(value) if field in MANY_TO_MANY else value) != _current(asset, field)
    }


def _apply(asset: Asset, changes: dict) -> None:
    for field, value in changes.items():
        if field not in MANY_TO_MANY:
            setattr(asset, field, value)
    asset.save()
    for field in MANY_TO_MANY:
        if field in changes:
            getattr(asset, field).set(changes[field])


def asset_create(*, by: User, data: dict) -> Asset:
    """Add an asset to a group the user manages (a cluster admin: to any group or none); its creator manages it."""
    if not manages_group(by, data.get("group")):
        raise Forbidden(_("Only cluster admins and the group's managers can add assets."))
    with transaction.atomic():
        asset = Asset()
        _apply(asset, data)
        if not is_cluster_admin(by):
            asset.managers.add(by)
        return asset


def asset_update(*, asset: Asset, by: User, changes: dict) -> Asset:
    """Change an asset's fields. Its managers change the everyday ones; a change to GOVERNING_FIELDS needs a
    manager of its group (of both groups for a move) or a cluster admin, like creating it there."""
    if not manages_asset(by, asset):
        raise Forbidden(_("Only the asset's managers can change it."))
    with transaction.atomic():
        asset = Asset.objects.select_for_update(of=("self",)).select_related("group").get(id=asset.id)
        governing = _changed(asset, changes) & set(GOVERNING_FIELDS)
        if governing and not manages_group(by, asset.group):
            raise Forbidden(
                _("Only cluster admins and the managers of its group can change who manages an asset or its rules.")
            )
        if "group" in governing and not manages_group(by, changes["group"]):
            raise Forbidden(_("You can move an asset only into a group you manage."))
        _apply(asset, changes)
        return asset


def opening_hours_set(*, asset: Asset, by: User, hours: list[dict]) -> list[OpeningHours]:
    """Replace the asset's weekly opening hours (`hours`: weekday, opens, closes) by its managers."""
    if not manages_asset(by, asset):
        raise Forbidden(_("Only the asset's managers can change its opening hours."))
    with transaction.atomic():
        asset.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(OpeningHours(asset=asset, **item) for item in hours)
    return list(asset.opening_hours.all())
