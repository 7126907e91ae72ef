"""Who may see what: the tenancy layer every endpoint reads.

A member's users see only their member's objects; a queryset scoped here
simply does not contain another member's rows, so their ids answer 404.
"""

from django.db.models import Q, QuerySet

from .models import Member, Membership


def is_cluster_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def is_accountant(user) -> bool:
    return bool(user.is_authenticated and user.is_accountant)


def active_memberships(user) -> list[Membership]:
    """The user's memberships of active member companies, with the member, cached on the user for the request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_sinergia_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, member__is_active=True).select_related("member").order_by("id")
        )
        user._sinergia_memberships = cached
    return cached


def member_roles(user) -> dict[int, str]:
    """{member_id: role} for the user's memberships of active members."""
    return {membership.member_id: membership.role for membership in active_memberships(user)}


def member_ids(user, *, role: str | None = None) -> set[int]:
    return {member_id for member_id, r in member_roles(user).items() if role is None or r == role}


def is_member_admin_of(user, member_id: int) -> bool:
    return member_roles(user).get(member_id) == Membership.Role.MEMBER_ADMIN


def is_asset_manager(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.managed_assets.exists() or user.managed_asset_groups.exists()


def cluster_roles(user) -> list[str]:
    roles = []
    if is_asset_manager(user):
        roles.append("asset_manager")
    if is_accountant(user):
        roles.append("accountant")
    if is_cluster_admin(user):
        roles.append("cluster_admin")
    return roles


def scope_to_members(queryset: QuerySet, user, *, field: str = "member", extra: Q | None = None) -> QuerySet:
    """Rows of the user's own members (plus `extra`); everything for a cluster admin."""
    if is_cluster_admin(user):
        return queryset
    condition = Q(**{f"{field}__in": member_ids(user)})
    if extra is not None:
        condition |= extra
    return queryset.filter(condition)


def members_visible_to(user) -> QuerySet:
    """The member directory: every active member is listed (co-payers are chosen from it)."""
    return Member.objects.filter(is_active=True)


def sees_member_details(user, member: Member) -> bool:
    return is_cluster_admin(user) or is_accountant(user) or member.id in member_ids(user)
