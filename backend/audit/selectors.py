from django.db.models import Q, QuerySet

from accounts.permissions import change_seen_condition

from .models import Change


def changes_seen_by(user, *, filters: dict) -> QuerySet:
    """The changes the user may read, newest first, narrowed by `filters` (asset, member, by, target_type, action,
    from and to as dates, inclusive)."""
    seen = change_seen_condition(user)
    changes = Change.objects.select_related("by")
    if seen is not None:
        changes = changes.filter(seen)
    narrowing = Q()
    for name, lookup in (("asset", "asset_id"), ("member", "member_id"), ("by", "by_id")):
        if name in filters:
            narrowing &= Q(**{lookup: filters[name]})
    if "target_type" in filters:
        narrowing &= Q(target_type=filters["target_type"])
    if "target" in filters:
        narrowing &= Q(target_id=filters["target"])
    if "action" in filters:
        narrowing &= Q(action=filters["action"])
    if "from" in filters:
        narrowing &= Q(at__date__gte=filters["from"])
    if "to" in filters:
        narrowing &= Q(at__date__lte=filters["to"])
    return changes.filter(narrowing).order_by("-at", "-id")
