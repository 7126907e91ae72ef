"""Quotas per member company and asset group, checked inside the booking services' transactions.

The member's quota row is locked (SELECT ... FOR UPDATE) before counting, so parallel bookings
of one member in one group queue up and each sees the ones before it: a quota is never exceeded.
On SQLite the transaction's write lock from BEGIN IMMEDIATE does the same.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Member
from assets.models import Asset
from sinergia.exceptions import Conflict

from .models import BLOCKING, Quota, Reservation, Status


class QuotaExceeded(Conflict):
    code = "quota_exceeded"
    default_detail = gettext_lazy("This booking would exceed your company's quota for this asset group.")


def _month_bounds(moment: datetime, asset: Asset) -> tuple[datetime, datetime]:
    local = moment.astimezone(asset.tz)
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following


def _hours(intervals) -> float:
    return sum((end - start).total_seconds() for start, end in intervals) / 3600


def quota_check(
    *, asset: Asset, member: Member, periods: list[tuple[datetime, datetime]], status: str, exclude_id=None
) -> None:
    """Raise QuotaExceeded when booking `periods` (all with `status`) breaks the member's quota on the
    asset's group. Call inside the transaction that writes the reservations."""
    if asset.group_id is None or not periods:
        return
    # of=self: lock the quota row only, not the member and group rows its default ordering joins.
    quota = Quota.objects.select_for_update(of=("self",)).filter(member=member, group_id=asset.group_id).first()
    if quota is None:
        return
    mine = Reservation.objects.filter(member=member, asset__group_id=asset.group_id, status__in=BLOCKING)
    if exclude_id is not None:
        mine = mine.exclude(id=exclude_id)
    if quota.max_pending is not None and status == Status.PENDING:
        pending = mine.filter(status=Status.PENDING).count()
        if pending + len(periods) > quota.max_pending:
            raise QuotaExceeded(
                _("Your company may have at most %(limit)s pending requests in %(group)s.")
                % {"limit": quota.max_pending, "group": quota.group.name},
                limit=quota.max_pending,
                used=pending,
            )
    if quota.max_hours_per_month is not None:
        by_month = defaultdict(list)
        for start, end in periods:
            by_month[_month_bounds(start, asset)].append((start, end))
        for (first, following), adding in sorted(by_month.items()):
            booked = _hours(mine.filter(start__gte=first, start__lt=following).values_list("start", "end"))
            if booked + _hours(adding) > quota.max_hours_per_month:
                raise QuotaExceeded(
                    _("Your company may book at most %(limit)s hours a month in %(group)s; %(month)s has %(used)s.")
                    % {
                        "limit": quota.max_hours_per_month,
                        "group": quota.group.name,
                        "month": first.strftime("%Y-%m"),
                        "used": f"{booked:g}",
                    },
                    limit=quota.max_hours_per_month,
                    used=round(booked, 2),
                    month=first.strftime("%Y-%m"),
                )
