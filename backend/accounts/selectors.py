"""Reads of the tenancy layer: a user's memberships of member companies, and the member directory.

Who may do what with them is decided in `accounts.permissions`.
"""

from django.db.models import QuerySet

from .models import ApiToken, Member, Membership


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


def sole_member(user) -> Member | None:
    """The member a user acts for when it names none: its only active member company; None with several."""
    memberships = active_memberships(user)
    return memberships[0].member if len(memberships) == 1 else None


def members_visible_to(user) -> QuerySet:
    """The member directory: every active member is listed (co-payers are chosen from it)."""
    return Member.objects.filter(is_active=True)


def live_tokens_of(user) -> QuerySet:
    """The user's API tokens that still work, newest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at", "-id")
