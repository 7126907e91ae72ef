"""Satisfaction for the steering committee: what members thought of their completed bookings (ratings.Rating),
as averages per asset and per member company, under the tenancy rules of the other figures.

The ratings counted are those of bookings that start in the window (the cluster's days, as the other figures
count them). Per member company: the ones the user reads the money of (`money_member_ids`). Per asset: the
cluster's figures, withheld from a member admin on the same condition as the cluster's totals (`withheld_reason`).
"""

from datetime import date

from django.db.models import Avg, Count, QuerySet
from ratings.models import Rating

from accounts.models import Member
from accounts.permissions import money_member_ids
from assets.models import Asset
from billing.selectors import day_window

from .selectors import withheld_reason


def _ratings(first: date, last: date, group_id: int | None) -> QuerySet:
    start, end = day_window(first, last)
    ratings = Rating.objects.filter(reservation__start__gte=start, reservation__start__lt=end)
    return ratings if group_id is None else ratings.filter(reservation__asset__group_id=group_id)


def _average(value) -> float | None:
    return None if value is None else round(float(value), 2)


def _figures(rows: QuerySet, key: str) -> dict[int, dict]:
    averaged = rows.values(key).annotate(ratings=Count("id"), asset=Avg("asset_score"), service=Avg("service_score"))
    return {
        row[key]: {"ratings": row["ratings"], "asset_score": _average(row["asset"]),
                   "service_score": _average(row["service"])}
        for row in averaged.order_by()
    }  # fmt: skip


def _row(thing, figures: dict[int, dict]) -> dict:
    figure = figures.get(thing.id, {"ratings": 0, "asset_score": None, "service_score": None})
    return {"id": thing.id, "name": thing.name, **figure}


def satisfaction(*, user, first: date, last: date, group_id: int | None = None) -> dict:
    """Average asset and service scores (1–5, None without ratings) and rating counts, per active asset (None when
    withheld from the user), per member company the user may see, and for the cluster (None when withheld)."""
    withheld = withheld_reason(user, first=first, last=last, group_id=group_id)
    ratings = _ratings(first, last, group_id)
    shown = money_member_ids(user)
    members = Member.objects.filter(is_active=True).order_by("name", "id")
    if shown is not None:
        members = members.filter(id__in=shown)
    member_figures = _figures(ratings.filter(reservation__member__in=members), "reservation__member_id")
    assets = None
    totals = None
    if not withheld:
        active_assets = Asset.objects.filter(is_active=True).select_related("group").order_by("name", "id")
        if group_id is not None:
            active_assets = active_assets.filter(group_id=group_id)
        asset_figures = _figures(ratings, "reservation__asset_id")
        assets = [
            {**_row(asset, asset_figures), "group": asset.group.name if asset.group else None}
            for asset in active_assets
        ]
        overall = ratings.aggregate(ratings=Count("id"), asset=Avg("asset_score"), service=Avg("service_score"))
        totals = {"ratings": overall["ratings"], "asset_score": _average(overall["asset"]),
                  "service_score": _average(overall["service"])}  # fmt: skip
    return {
        "assets": assets,
        "members": [_row(member, member_figures) for member in members],
        "totals": totals,
        "withheld": withheld,
    }
