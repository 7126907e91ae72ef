"""Running the cluster's member companies and cluster roles, one transaction per operation, each change audited.

Deactivating a member company: its users lose access to it at once (their memberships of an inactive member do
not count). Its future bookings (pending or approved, not yet started) are what a deactivation must decide about:
the request is refused (409 `member_has_future_bookings`, with the list) unless `cancel_future_bookings` is true;
then each is cancelled as if the member had cancelled it, so a booking past its free-cancellation limit keeps its
late fee (the preview shows every fee) and every holder gets the ordinary cancellation e-mail with the reason.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from bookings import services as booking_services
from bookings.fees import cancellation_fee
from bookings.models import BLOCKING, Reservation
from sinergia.exceptions import Conflict, Forbidden

from .models import Member, User
from .permissions import can_run_cluster, cluster_admin_ids, role_flags

MEMBER_FIELDS = ("name", "tax_id", "billing_email", "cost_centre", "tier", "is_active")


def check_runs_cluster(user: User) -> None:
    if not can_run_cluster(user):
        raise Forbidden(_("Only cluster admins can do this."))


def member_create(*, by: User, name: str, tax_id: str = "", billing_email: str = "", tier: str = "full",
                  cost_centre: str = "") -> Member:  # fmt: skip
    check_runs_cluster(by)
    with transaction.atomic():
        member = Member.objects.create(
            name=name, tax_id=tax_id, billing_email=billing_email, tier=tier, cost_centre=cost_centre
        )
        audit.record(by=by, action="member.create", target=member, member=member,
                     after=audit.snapshot(member, MEMBER_FIELDS))  # fmt: skip
    return member


def future_bookings(member: Member, *, now: datetime | None = None):
    """The member's bookings that deactivating it would cancel: pending or approved, not yet started."""
    now = now or timezone.now()
    return (
        Reservation.objects.filter(member=member, status__in=BLOCKING, start__gt=now)
        .select_related("asset", "booked_by", "member")
        .order_by("start")
    )


def deactivation_preview(member: Member, *, now: datetime | None = None) -> list[dict]:
    """Each future booking with what cancelling it now would cost (its late-cancellation fee, if any)."""
    now = now or timezone.now()
    rows = []
    for reservation in future_bookings(member, now=now):
        fee = cancellation_fee(reservation, at=now)
        rows.append({"reservation": reservation, "fee_minor": fee.fee_minor or 0, "currency": fee.currency})
    return rows


def member_deactivate(*, member: Member, by: User, cancel_future_bookings: bool = False,
                      now: datetime | None = None) -> Member:  # fmt: skip
    """Deactivate `member`; its future bookings are cancelled only when the caller says so (see the module)."""
    check_runs_cluster(by)
    now = now or timezone.now()
    with transaction.atomic():
        member = Member.objects.select_for_update().get(id=member.id)
        if not member.is_active:
            raise Conflict(_("This member company is already inactive."), code="already_inactive")
        pending = list(future_bookings(member, now=now))
        if pending and not cancel_future_bookings:
            raise Conflict(
                _("This member company has %(count)d future bookings; confirm that they are cancelled.")
                % {"count": len(pending)},
                code="member_has_future_bookings",
                bookings=[reservation.id for reservation in pending],
            )
        before = audit.snapshot(member, MEMBER_FIELDS)
        reason = _("The member company %(name)s was deactivated.") % {"name": member.name}
        for reservation in pending:
            booking_services.reservation_cancel(reservation=reservation, by=by, reason=reason, now=now)
        member.is_active = False
        member.save(update_fields=["is_active"])
        audit.record(by=by, action="member.deactivate", target=member, member=member, before=before,
                     after={**audit.snapshot(member, MEMBER_FIELDS), "cancelled_bookings": len(pending)})  # fmt: skip
    return member


def member_reactivate(*, member: Member, by: User) -> Member:
    check_runs_cluster(by)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(id=member.id)
        if member.is_active:
            raise Conflict(_("This member company is already active."), code="already_active")
        before = audit.snapshot(member, MEMBER_FIELDS)
        member.is_active = True
        member.save(update_fields=["is_active"])
        audit.record(by=by, action="member.reactivate", target=member, member=member, before=before,
                     after=audit.snapshot(member, MEMBER_FIELDS))  # fmt: skip
    return member


def user_roles_set(*, user: User, by: User, changes: dict) -> User:
    """Make `user` an accountant or a cluster admin, or stop. A cluster admin cannot remove its own admin role,
    and the last cluster admin cannot be demoted (409)."""
    check_runs_cluster(by)
    with transaction.atomic():
        list(User.objects.select_for_update().filter(id__in=cluster_admin_ids() | {user.id}).order_by("id"))
        user = User.objects.get(id=user.id)
        before = role_flags(user)
        after = {**before, **{key: bool(value) for key, value in changes.items()}}
        if before["is_staff"] and not after["is_staff"]:
            if user.id == by.id:
                raise Conflict(_("You cannot remove your own cluster admin role."), code="own_admin_role")
            if cluster_admin_ids() <= {user.id}:
                raise Conflict(_("The last cluster admin cannot be demoted."), code="last_cluster_admin")
        if after != before:
            User.objects.filter(id=user.id).update(**after)
            user.refresh_from_db()
            audit.record(by=by, action="user.roles", target=user, before=before, after=after, label=user.username)
    return user
