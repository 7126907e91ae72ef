"""Reads about qualifications: what an asset requires (its own and its group's), what a booker holds."""

from datetime import date

from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from accounts.models import User
from bookings.rules import NO_REQUIREMENTS, Holdings

from .models import Asset, AssetGroup, Qualification, QualificationGrant


def requires_any() -> Exists:
    """An annotation for an Asset queryset: whether it or its group requires a qualification (so a booking check
    skips the holdings query for the many assets that require none)."""
    own = Asset.required_qualifications.through.objects.filter(asset_id=OuterRef("id"))
    group = AssetGroup.required_qualifications.through.objects.filter(assetgroup_id=OuterRef("group_id"))
    return Exists(own) | Exists(group)


def required_for(asset: Asset) -> QuerySet:
    """The qualifications `asset` requires: its own and its group's, each once."""
    condition = Q(assets=asset)
    if asset.group_id:
        condition |= Q(asset_groups=asset.group_id)
    return Qualification.objects.filter(condition).distinct().order_by("name")


def standing_grants(user: User) -> QuerySet:
    return QualificationGrant.objects.filter(user=user, revoked_at__isnull=True)


def holdings(asset: Asset, user: User) -> Holdings:
    """What `asset` requires and until when `user` holds each (one query; none when the asset's lock read that it
    requires nothing)."""
    if getattr(asset, "requires_qualifications", True) is False:
        return NO_REQUIREMENTS
    condition = Q(assets=asset)
    if asset.group_id:
        condition |= Q(asset_groups=asset.group_id)
    rows = (
        Qualification.objects.filter(condition)
        .annotate(valid_until=Max("grants__expires_on", filter=Q(grants__user=user, grants__revoked_at__isnull=True)))
        .order_by("name")
        .values_list("id", "name", "valid_until")
    )
    return Holdings(tuple(dict.fromkeys(rows)))


def held_until(user: User) -> dict[int, date]:
    """The expiry of each qualification `user` holds now (standing grants), by qualification id."""
    return dict(standing_grants(user).values_list("qualification_id", "expires_on"))


def grants_of(qualification: Qualification) -> QuerySet:
    """A qualification's standing grants, soonest expiry first."""
    return (
        QualificationGrant.objects.filter(qualification=qualification, revoked_at__isnull=True)
        .select_related("user", "granted_by")
        .order_by("expires_on", "id")
    )
