"""Quotas per member company × asset group: cluster admins set them, one transaction each, every change audited."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_run_cluster
from audit import services as audit
from sinergia.exceptions import Conflict, Forbidden

from .models import Quota

QUOTA_FIELDS = ("member", "group", "max_hours_per_month", "max_pending")


def _check(by: User) -> None:
    if not can_run_cluster(by):
        raise Forbidden(_("Only cluster admins set quotas."))


def _label(quota: Quota) -> str:
    return f"{quota.member.name} / {quota.group.name}"


def quota_create(*, by: User, data: dict) -> Quota:
    _check(by)
    try:
        with transaction.atomic():
            quota = Quota.objects.create(**data)
            audit.record(by=by, action="quota.create", target=quota, member=quota.member, label=_label(quota),
                         after=audit.snapshot(quota, QUOTA_FIELDS))  # fmt: skip
    except IntegrityError:
        raise Conflict(
            _("This member company already has a quota on this group; change that one."), code="quota_exists"
        ) from None
    return quota


def quota_update(*, quota: Quota, by: User, changes: dict) -> Quota:
    _check(by)
    with transaction.atomic():
        quota = Quota.objects.select_for_update().select_related("member", "group").get(id=quota.id)
        before = audit.snapshot(quota, QUOTA_FIELDS)
        for field in ("max_hours_per_month", "max_pending"):
            if field in changes:
                setattr(quota, field, changes[field])
        quota.save()
        audit.record(by=by, action="quota.update", target=quota, member=quota.member, label=_label(quota),
                     before=before, after=audit.snapshot(quota, QUOTA_FIELDS))  # fmt: skip
    return quota


def quota_delete(*, quota: Quota, by: User) -> None:
    _check(by)
    with transaction.atomic():
        quota = Quota.objects.select_for_update().select_related("member", "group").get(id=quota.id)
        before = audit.snapshot(quota, QUOTA_FIELDS)
        audit.record(by=by, action="quota.delete", target=quota, member=quota.member, label=_label(quota),
                     before=before)  # fmt: skip
        quota.delete()
