"""Changes a member admin makes to its company: roles, removals, company details and cost centres. One transaction
each, recorded in the audit trail (`audit.services.record`) with the company as its history.

Removing someone hands their future bookings for the company over; nothing is cancelled (see
`membership_remove`)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record, snapshot
from bookings.models import Reservation, ReservationEvent
from sinergia.exceptions import Conflict, Forbidden, RuleViolation

from .company_selectors import future_bookings_of, heir_of
from .models import CostCentre, Member, Membership, User
from .permissions import company_fields_editable, has_any_role
from .services import tokens_revoke_all
from .tasks import send_membership_removed

COMPANY_FIELDS = ("name", "tax_id", "billing_email", "cost_centre", "tier")


class LastMemberAdmin(Conflict):
    code = "last_member_admin"


def refuse_losing_last_admin(membership: Membership) -> None:
    """Under the company's lock: a company always keeps one member admin."""
    others = Membership.objects.filter(member_id=membership.member_id, role=Membership.Role.MEMBER_ADMIN).exclude(
        id=membership.id
    )
    if membership.role == Membership.Role.MEMBER_ADMIN and not others.exists():
        raise LastMemberAdmin(
            _("%(name)s is the company's last member admin: make someone else member admin first.")
            % {"name": membership.user.get_full_name() or membership.user.username}
        )


def _locked(membership: Membership) -> Membership:
    """Lock the company's row (so two admins demoting each other cannot both succeed), then re-read the membership."""
    Member.objects.select_for_update().get(id=membership.member_id)
    return Membership.objects.select_related("user", "member").get(id=membership.id)


def membership_role_change(*, membership: Membership, role: str, by: User) -> Membership:
    """Make someone booker or member admin of the company; refused (409 last_member_admin) for its last admin."""
    with transaction.atomic():
        membership = _locked(membership)
        if role == membership.role:
            return membership
        if role != Membership.Role.MEMBER_ADMIN:
            refuse_losing_last_admin(membership)
        before = {"role": membership.role}
        membership.role = role
        membership.save(update_fields=["role"])
        record(by=by, action="membership.update", target=membership, before=before, after={"role": role},
               member=membership.member_id, label=_person(membership))  # fmt: skip
        return membership


def _person(membership: Membership) -> str:
    user = membership.user
    return f"{user.get_full_name() or user.username} @ {membership.member.name}"


def membership_remove(*, membership: Membership, by: User, now: datetime | None = None) -> dict:
    """Remove someone from the company. They lose access at once (every rule reads memberships per request); their
    future bookings for the company stay booked and pass to the member admin removing them (or, when a cluster admin
    removes, to the company's longest-standing member admin), each hand-over in the booking's history. The person
    is told by e-mail after the commit. Refused (409 last_member_admin) for the company's last admin."""
    now = now or timezone.now()
    with transaction.atomic():
        membership = _locked(membership)
        refuse_losing_last_admin(membership)
        removed, member = membership.user, membership.member
        heir = heir_of(membership, by=by)
        bookings = list(future_bookings_of(membership, now=now).select_for_update(of=("self",)))
        reason = _("%(name)s was removed from %(member)s.") % {
            "name": removed.get_full_name() or removed.username,
            "member": member.name,
        }
        for reservation in bookings:
            ReservationEvent.objects.create(
                reservation=reservation,
                by=by,
                action="handed_over",
                from_status=reservation.status,
                to_status=reservation.status,
                reason=reason,
                changes={"booked_by": [removed.username, heir.username]},
            )
        Reservation.objects.filter(id__in=[r.id for r in bookings]).update(booked_by=heir, updated_at=now)
        record(by=by, action="membership.delete", target=membership, before={"user": removed.id,
               "role": membership.role}, member=member, label=_person(membership))  # fmt: skip
        membership_id = membership.id
        membership.delete()
        if not has_any_role(removed):
            # Nothing left to reach: the person's API tokens die with the last membership. With other companies
            # or a cluster role they stay, and reach this company no more (every rule reads memberships).
            tokens_revoke_all(removed, by=by, member=member)
        outcome = {
            "membership": membership_id,
            "user": removed,
            "heir": heir,
            "bookings": bookings,
        }
        context = {
            "member": member.name,
            "removed_by": by.get_full_name() or by.username,
            "heir": heir.get_full_name() or heir.username,
            "bookings": [
                {
                    "asset": r.asset.name,
                    "title": r.title,
                    "start": r.start.isoformat(),
                    "end": r.end.isoformat(),
                    "timezone": r.asset.timezone,
                }  # fmt: skip
                for r in bookings
            ],
        }
        key = f"membership-removed:{membership_id}:{removed.id}"
        transaction.on_commit(lambda: send_membership_removed.delay(user_id=removed.id, context=context, key=key))
        return outcome


def member_update(*, member: Member, by: User, changes: dict) -> Member:
    """Change a company's details. Every field sent must be one the caller may change (403 otherwise, nothing
    changed): member admins billing_email and tax_id; cluster admins also name, tier and the default cost centre."""
    refused = sorted(set(changes) - company_fields_editable(by, member.id))
    if refused:
        raise Forbidden(
            _("You may not change these fields of the company: %(fields)s.") % {"fields": ", ".join(refused)},
            fields=refused,
        )
    if not changes:
        return member
    with transaction.atomic():
        member = Member.objects.select_for_update().get(id=member.id)
        before = snapshot(member, COMPANY_FIELDS)
        for field, value in changes.items():
            setattr(member, field, value)
        member.save(update_fields=list(changes))
        record(by=by, action="member.update", target=member, before=before,
               after=snapshot(member, COMPANY_FIELDS), member=member)  # fmt: skip
        return member


def _refuse_taken_code(member: Member, code: str, exclude_id: int | None = None) -> None:
    taken = CostCentre.objects.filter(member=member, code__iexact=code).exclude(id=exclude_id)
    if taken.exists():
        raise RuleViolation(_("The company already has a cost centre with this code."), code="code_taken", field="code")


def cost_centre_create(*, member: Member, by: User, code: str, name: str = "") -> CostCentre:
    with transaction.atomic():
        Member.objects.select_for_update().get(id=member.id)
        _refuse_taken_code(member, code)
        cost_centre = CostCentre.objects.create(member=member, code=code, name=name)
        record(by=by, action="cost_centre.create", target=cost_centre,
               after=snapshot(cost_centre, ("code", "name", "active")), member=member)  # fmt: skip
        return cost_centre


def cost_centre_update(*, cost_centre: CostCentre, by: User, changes: dict) -> CostCentre:
    """Rename, recode, deactivate or reactivate a cost centre. A code bookings already carry is kept: rename or
    deactivate it instead (400 cost_centre_used). Cost centres are never deleted."""
    with transaction.atomic():
        Member.objects.select_for_update().get(id=cost_centre.member_id)
        cost_centre = CostCentre.objects.select_related("member").get(id=cost_centre.id)
        if "code" in changes and changes["code"] != cost_centre.code:
            if cost_centre.reservations.exists():
                raise RuleViolation(
                    _("Bookings already carry this code; deactivate the cost centre and add a new one instead."),
                    code="cost_centre_used",
                    field="code",
                )
            _refuse_taken_code(cost_centre.member, changes["code"], exclude_id=cost_centre.id)
        before = snapshot(cost_centre, ("code", "name", "active"))
        for field, value in changes.items():
            setattr(cost_centre, field, value)
        cost_centre.save()
        record(by=by, action="cost_centre.update", target=cost_centre, before=before,
               after=snapshot(cost_centre, ("code", "name", "active")), member=cost_centre.member_id)  # fmt: skip
        return cost_centre
