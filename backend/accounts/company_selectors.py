"""Reads of "My company": a company and its memberships as a member admin reaches them, the bookings a removal
would hand over, and the company's month at a glance. Who may read them is decided in `accounts.permissions`."""

from collections import defaultdict
from datetime import datetime

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.pricing import money
from billing.models import CostShare, Statement
from billing.selectors import month_bounds, statement_sums
from bookings.models import BLOCKING, Reservation, Status
from sinergia.exceptions import Forbidden, NotFound

from .models import ApiToken, CostCentre, Invitation, Member, Membership
from .permissions import (
    invitation_seen_condition,
    manages_company,
    may_know_company,
    may_revoke_token,
    member_ids,
)


def _refuse(user, member_id: int, detail: str):
    """403 where the caller knows the company (its bookers, accountants), else 404: the id does not exist for it."""
    if may_know_company(user, member_id):
        return Forbidden(detail)
    return NotFound()


def company_managed_by(user, member_id: int) -> Member:
    """The company `user` runs (member admin or cluster admin); 403 or 404 otherwise."""
    member = Member.objects.filter(id=member_id).first()
    if member is None:
        raise NotFound()
    if not manages_company(user, member.id):
        raise _refuse(user, member.id, _("Only the company's member admins can do this."))
    return member


def company_seen_by(user, member_id: int) -> Member:
    """The company as its own users, accountants and cluster admins see it (its cost centres); 404 otherwise."""
    member = Member.objects.filter(id=member_id).first()
    if member is None or not may_know_company(user, member.id):
        raise NotFound()
    return member


def company_row_managed_by(user, rows: QuerySet, pk: int, refusal: str):
    """Row `pk` of `rows` (a model with a member company) when `user` runs that company; else 403 with `refusal`
    where the caller knows the company, 404 where it does not."""
    row = rows.filter(id=pk).first()
    if row is None:
        raise NotFound()
    if not manages_company(user, row.member_id):
        raise _refuse(user, row.member_id, refusal)
    return row


def membership_managed_by(user, membership_id: int) -> Membership:
    rows = Membership.objects.select_related("user", "member")
    return company_row_managed_by(
        user, rows, membership_id, _("Only the company's member admins can change its people.")
    )


def cost_centre_managed_by(user, cost_centre_id: int) -> CostCentre:
    rows = CostCentre.objects.select_related("member")
    return company_row_managed_by(
        user, rows, cost_centre_id, _("Only the company's member admins can change cost centres.")
    )


def company_tokens(member: Member) -> QuerySet:
    """The live API tokens of the company's people, by person then newest first."""
    people = Membership.objects.filter(member=member).values("user_id")
    return (
        ApiToken.objects.filter(user_id__in=people, revoked_at__isnull=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username", "-created_at", "-id")
    )


def token_revocable_by(user, token_id: int) -> ApiToken:
    """A live token the user may revoke (its own, its people's); 404 otherwise, so an id confirms nothing."""
    token = ApiToken.objects.select_related("user").filter(id=token_id, revoked_at__isnull=True).first()
    if token is None or not may_revoke_token(user, token):
        raise NotFound()
    return token


def invitations_seen_by(user, *, member_id: int | None = None) -> QuerySet:
    """The invitations the user manages (its companies', or all for cluster admins), newest first; `member_id`
    narrows to one company (an id the user does not manage gives none)."""
    condition = invitation_seen_condition(user)
    invitations = Invitation.objects.select_related("member", "invited_by")
    if condition is not None:
        invitations = invitations.filter(condition)
    if member_id is not None:
        invitations = invitations.filter(member_id=member_id)
    return invitations.order_by("-sent_at", "-id")


def invitation_managed_by(user, invitation_id: int) -> Invitation:
    """An invitation the user may resend or revoke; 404 otherwise."""
    invitation = invitations_seen_by(user).filter(id=invitation_id).first()
    if invitation is None:
        raise NotFound()
    return invitation


def company_people(member: Member) -> QuerySet:
    """The company's memberships with their users, member admins first, then by name."""
    return (
        Membership.objects.filter(member=member)
        .select_related("user")
        .order_by("-role", "user__first_name", "user__last_name", "user__username")
    )


def cost_centres_of(member: Member) -> QuerySet:
    return CostCentre.objects.filter(member=member).order_by("-active", "code", "id")


def active_cost_centres(user) -> QuerySet:
    """The active cost centres of the user's companies (what the booking form offers)."""
    return CostCentre.objects.filter(member_id__in=member_ids(user), active=True)


def future_bookings_of(membership: Membership, *, now: datetime) -> QuerySet:
    """The person's pending and approved bookings for the company that have not ended: what a removal hands over."""
    return (
        Reservation.objects.filter(
            member_id=membership.member_id, booked_by_id=membership.user_id, status__in=BLOCKING, end__gt=now
        )
        .select_related("asset")
        .order_by("start", "id")
    )


def heir_of(membership: Membership, *, by) -> object:
    """Who keeps a removed person's future bookings: the member admin removing them; else (a cluster admin acting)
    the company's longest-standing other member admin; else the cluster admin."""
    admins = Membership.objects.filter(member_id=membership.member_id, role=Membership.Role.MEMBER_ADMIN).exclude(
        id=membership.id
    )
    if admins.filter(user_id=by.id).exists():
        return by
    first = admins.select_related("user").order_by("id").first()
    return first.user if first is not None else by


# --- Overview -----------------------------------------------------------------------------------------------


def _month_figures(member: Member, start: datetime, end: datetime) -> dict:
    used = (Status.PENDING, Status.APPROVED, Status.COMPLETED, Status.NO_SHOW)
    bookings = Reservation.objects.filter(member=member, status__in=used, start__gte=start, start__lt=end)
    seconds = sum((r_end - r_start).total_seconds() for r_start, r_end in bookings.values_list("start", "end"))
    spend: dict[str, int] = defaultdict(int)
    shares = (
        CostShare.objects.filter(
            member=member,
            state=CostShare.State.ACCEPTED,
            reservation__start__gte=start,
            reservation__start__lt=end,
        )
        .exclude(reservation__charge__kind="none")
        .values_list("currency")
        .annotate(total=Sum("amount_minor"))
        .order_by("currency")
    )
    for currency, total in shares:
        spend[currency] += total
    return {
        "start": start,
        "end": end,
        "bookings": bookings.count(),
        "hours": round(seconds / 3600, 2),
        "spend": [money(total, currency) for currency, total in sorted(spend.items())],
    }


def company_overview(member: Member, *, now: datetime | None = None) -> dict:
    """This month and last (in the cluster's time zone): bookings that use time (count, hours) and what the company
    pays for them (its accepted cost shares, per currency, free cancellations left out); its pending consents; its
    latest statements with their totals."""
    now = timezone.localtime(now or timezone.now())
    this_start, this_end = month_bounds(now.year, now.month)
    last_year, last_month = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
    last_start, last_end = month_bounds(last_year, last_month)
    statements = list(Statement.objects.filter(member=member).select_related("period").order_by("-issued_at")[:6])
    sums = statement_sums([s.id for s in statements])
    return {
        "member": member,
        "this_month": _month_figures(member, this_start, this_end),
        "last_month": _month_figures(member, last_start, last_end),
        "pending_consents": CostShare.objects.filter(member=member, state=CostShare.State.PROPOSED).count(),
        "statements": [
            {
                "id": s.id,
                "number": s.number,
                "year": s.period.year,
                "month": s.period.month,
                "payment_status": s.payment_status,
                "totals": [money(total, currency) for currency, (total, _count) in sorted(sums[s.id].items())],
            }
            for s in statements
        ],
    }
