"""Recording changes. Every service that changes how the cluster runs calls `record` inside its transaction, so
the change and its record are kept or lost together."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import models

from .models import Change


def _plain(value):
    """A JSON value people can read in the Changes page: durations in minutes, times as HH:MM, objects as ids."""
    if isinstance(value, timedelta):
        return int(value.total_seconds() // 60)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        items = [_plain(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset | models.QuerySet) else items
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def snapshot(instance: models.Model, fields) -> dict:
    """The named fields of `instance` as plain JSON values; many-to-many fields as sorted ids."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(getattr(instance, name).values_list("pk", flat=True)) if instance.pk else []
        elif field.is_relation:
            values[name] = getattr(instance, field.attname)
        else:
            values[name] = _plain(getattr(instance, name))
    return values


def changed_only(before: dict, after: dict) -> tuple[dict, dict]:
    """The keys whose values differ, from both sides."""
    keys = [key for key in {**before, **after} if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys if key in before}, {
        key: after.get(key) for key in keys if key in after
    }


def record(
    *, by, action: str, target: models.Model, before: dict | None = None, after: dict | None = None,
    asset=None, member=None, label: str | None = None,
) -> Change | None:  # fmt: skip
    """Record a change to `target` by `by`. An update whose before and after are equal records nothing.
    `asset`/`member` (instances or ids) file the change in that asset's or member company's history."""
    before, after = _plain(before or {}), _plain(after or {})
    if before and after:
        before, after = changed_only(before, after)
        if not before and not after:
            return None
    return Change.objects.create(
        by=by if getattr(by, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        target_label=(label if label is not None else str(target))[:200],
        asset_id=getattr(asset, "pk", asset),
        member_id=getattr(member, "pk", member),
        before=before,
        after=after,
    )
