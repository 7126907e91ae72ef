"""Who may do what: every authorization rule of Sinergia, side by side.

Views, services, selectors, list filters and feeds ask here and decide nothing of their own (as Indico's room
booking keeps can_accept, can_reject, can_cancel and can_edit next to each other). A rule about which rows a user
sees is a condition or a set of member ids, so a list and a detail lookup apply the same rule and another
member's objects are simply absent (404). The memberships themselves are read in `accounts.selectors`.
"""

from django.db.models import Q

from assets.models import Asset, AssetGroup

from .models import Member, Membership
from .selectors import member_ids, member_roles

# --- Cluster roles ------------------------------------------------------------------------------------------


def is_cluster_admin(user) -> bool:
    """Django staff: everything, everywhere."""
    return bool(user.is_authenticated and user.is_staff)


def is_accountant(user) -> bool:
    return bool(user.is_authenticated and user.is_accountant)


def is_accountant_or_admin(user) -> bool:
    """Reads every member's reservations, billing and insights; closes periods and records adjustments."""
    return is_accountant(user) or is_cluster_admin(user)


def is_asset_manager(user) -> bool:
    """Named manager of at least one asset or asset group."""
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


def must_enrol_second_factor(user) -> bool:
    """Whether the user holds a role of MFA_REQUIRED_ROLES (cluster or company roles) and has no authenticator
    app yet: until they set one up, the API answers them 403 `mfa_enrolment_required` but for /me/."""
    from django.conf import settings

    required = settings.MFA_REQUIRED_ROLES
    if not required or not user.is_authenticated:
        return False
    # Only the roles required are checked, cheapest first: with the default (cluster admin, accountant) a request
    # by anyone else costs no query here.
    checks = {"cluster_admin": is_cluster_admin, "accountant": is_accountant, "asset_manager": is_asset_manager}
    if not any(checks[role](user) for role in required if role in checks):
        company_roles = [role for role in required if role not in checks]
        if not company_roles or not user.memberships.filter(role__in=company_roles).exists():
            return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# --- Running the cluster (member companies, groups, quotas, rates, cluster roles) ---------------------------


def can_run_cluster(user) -> bool:
    """Create and deactivate member companies, set fair shares, quotas and standalone rates, create asset groups
    and name their managers, make accountants and cluster admins: cluster admins only."""
    return is_cluster_admin(user)


def cluster_admin_ids() -> set[int]:
    """The active users who are cluster admins (the last one cannot be demoted)."""
    from .models import User

    return set(User.objects.filter(is_staff=True, is_active=True).values_list("id", flat=True))


def role_flags(user) -> dict:
    """The cluster roles a cluster admin sets on a user, as stored."""
    return {"is_accountant": bool(user.is_accountant), "is_staff": bool(user.is_staff)}


def quota_seen_condition(user) -> Q | None:
    """The quotas a user reads: every one for accountants and cluster admins (None); else its own companies'."""
    if is_accountant_or_admin(user):
        return None
    return Q(member_id__in=member_ids(user))


# --- Member companies ---------------------------------------------------------------------------------------


def is_member_admin_of(user, member_id: int) -> bool:
    return member_roles(user).get(member_id) == Membership.Role.MEMBER_ADMIN


def sees_member_details(user, member: Member) -> bool:
    """A company's tax id, billing e-mail, cost centre, tier and calendar feed: its own users, accountants and
    cluster admins. Its name is listed to everyone (co-payers are chosen from the directory)."""
    return is_accountant_or_admin(user) or member.id in member_ids(user)


def can_book_for(user, member: Member) -> bool:
    """A user books (and asks for series) for an active member it belongs to; a cluster admin for any member."""
    return is_cluster_admin(user) or (member.is_active and member.id in member_ids(user))


def can_ask_price_for(user, member: Member) -> bool:
    """Prices at a member's tier: for its own users, accountants and cluster admins."""
    return member.id in member_ids(user) or is_accountant_or_admin(user)


def money_member_ids(user) -> set[int] | None:
    """The members whose statements, exports and insights figures the user reads: the ones it is member admin
    of; None for every member (accountants and cluster admins)."""
    return None if is_accountant_or_admin(user) else member_ids(user, role=Membership.Role.MEMBER_ADMIN)


def may_see_insights(user) -> bool:
    return is_accountant_or_admin(user) or bool(member_ids(user, role=Membership.Role.MEMBER_ADMIN))


# --- Assets -------------------------------------------------------------------------------------------------


def managed_asset_ids(user) -> set[int]:
    """The assets the user is named manager of, directly or through their group; cached on the user."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_sinergia_managed_assets", None)
    if cached is None:
        cached = set(
            Asset.objects.filter(Q(managers=user) | Q(group__managers=user)).values_list("id", flat=True).distinct()
        )
        user._sinergia_managed_assets = cached
    return cached


def manages_asset(user, asset: Asset) -> bool:
    """Runs the asset day to day: decides its requests, closes it, changes its everyday rules and opening hours,
    moves its bookings without a late-change fee, sees its bookings in full."""
    return is_cluster_admin(user) or asset.id in managed_asset_ids(user)


def manages_group(user, group: AssetGroup | None) -> bool:
    """Adds assets to the group and decides who manages them and which members' rules apply: a cluster admin
    manages every group and the absence of one; anyone else only the groups it is named for."""
    if is_cluster_admin(user):
        return True
    return group is not None and group.managers.filter(id=user.id).exists()


# --- Reservations and series --------------------------------------------------------------------------------


def booking_seen_in_full(user) -> Q | None:
    """The reservations (and series) the user sees in full: its members', its managed assets'; None for all of
    them (accountants and cluster admins). Everyone else's blocking bookings are busy blocks."""
    if is_accountant_or_admin(user):
        return None
    return Q(member_id__in=member_ids(user)) | Q(asset_id__in=managed_asset_ids(user))


def bundle_seen_condition(user) -> Q | None:
    """The bundles the user sees: its members' (in full), those with a part on an asset it manages (a summary
    without the member's notes and payers); None for all of them (accountants and cluster admins)."""
    if is_accountant_or_admin(user):
        return None
    return Q(member_id__in=member_ids(user)) | Q(parts__asset_id__in=managed_asset_ids(user))


def reservation_seen_in_full(user) -> Q | None:
    """booking_seen_in_full, and a technician's booking by the managers of the asset whose booking it assists."""
    condition = booking_seen_in_full(user)
    managed = managed_asset_ids(user) if condition is not None else None
    return condition | Q(assists__asset_id__in=managed) if managed else condition


def sees_asset_bookings_in_full(user, asset: Asset) -> bool:
    """Every booking of the asset in full (its calendar feed): its managers, accountants and cluster admins."""
    return manages_asset(user, asset) or is_accountant(user)


def can_decide(user, reservation) -> bool:
    """Approve, reject or mark as a no-show a reservation (or a whole series): the asset's managers."""
    return manages_asset(user, reservation.asset)


def can_change(user, reservation) -> bool:
    """Edit or cancel a reservation: its booker, a member admin of its member, the asset's managers."""
    return (
        (reservation.booked_by_id == user.id and reservation.member_id in member_ids(user))
        or is_member_admin_of(user, reservation.member_id)
        or manages_asset(user, reservation.asset)
    )


def can_check_in(user, reservation) -> bool:
    """Check in to and out of a booking (at the door or on the kiosk): the same people who may change it."""
    return can_change(user, reservation)


# --- Incidents (breakdowns) ----------------------------------------------------------------------------------


def can_book_asset(user, asset: Asset) -> bool:
    """Whoever could book the asset: a user of an active member company (every active asset is open to every
    member), its managers and cluster admins."""
    if not asset.is_active and not manages_asset(user, asset):
        return False
    return bool(member_ids(user)) or manages_asset(user, asset)


def can_report_incident(user, asset: Asset) -> bool:
    """Report a problem with an asset, out of service included: anyone who can book it."""
    return can_book_asset(user, asset)


def can_resolve_incident(user, incident) -> bool:
    """Resolve an incident or change when an out-of-service asset is expected back: the asset's managers."""
    return manages_asset(user, incident.asset)


def incident_seen_condition(user) -> Q | None:
    """The incidents a user reads: all of them for accountants and cluster admins (None); the managers, those of
    their assets; a member company's user, its own reports and those on every active asset (any of which it can
    book: a broken tank is everyone's business). Who reported one is told only to its reporter and managers."""
    if is_accountant_or_admin(user):
        return None
    condition = Q(reported_by_id=user.id) | Q(asset_id__in=managed_asset_ids(user))
    if member_ids(user):
        condition |= Q(asset__is_active=True)
    return condition


def sees_incident_reporter(user, incident) -> bool:
    return incident.reported_by_id == user.id or manages_asset(user, incident.asset) or is_accountant_or_admin(user)


# --- Ratings (what members think of a booking) -------------------------------------------------------------


def can_rate(user, reservation) -> bool:
    """Rate a completed booking and change the rating: its booker, while it belongs to the booking's company."""
    return reservation.booked_by_id == user.id and reservation.member_id in member_ids(user)


def can_change_rating(user, rating) -> bool:
    """Change a rating's scores or comment: the person who gave it, while it belongs to the booking's company."""
    return rating.rated_by_id == user.id and can_rate(user, rating.reservation)


def can_answer_rating(user, rating) -> bool:
    """Answer a rating (once): the managers of the rated asset."""
    return manages_asset(user, rating.reservation.asset)


def rating_seen_condition(user) -> Q | None:
    """The ratings a user reads: all of them for cluster admins (None); else its own (while in the booking's
    company), those of the assets it manages, and those of the companies it is member admin of. The steering
    committee reads them only as averages (insights)."""
    if is_cluster_admin(user):
        return None
    return (
        Q(rated_by_id=user.id, reservation__member_id__in=member_ids(user))
        | Q(reservation__asset_id__in=managed_asset_ids(user))
        | Q(reservation__member_id__in=member_ids(user, role=Membership.Role.MEMBER_ADMIN))
    )


# --- Waitlist ------------------------------------------------------------------------------------------------


def waitlist_seen_condition(user) -> Q | None:
    """The waitlist entries a user reads: its member companies' and, for managers, those on their assets (the
    queue for a period); all of them for cluster admins (None). Accountants have no business with the queue."""
    if is_cluster_admin(user):
        return None
    return Q(member_id__in=member_ids(user)) | Q(asset_id__in=managed_asset_ids(user))


def can_act_on_entry(user, entry) -> bool:
    """Accept an offer or withdraw from the waitlist: whoever joined, while still a user of the member company,
    and the member's admins. (A manager sees the queue but does not book or leave it for a member.)"""
    return (entry.user_id == user.id and entry.member_id in member_ids(user)) or is_member_admin_of(
        user, entry.member_id
    )


# --- Changes (the audit trail of how the cluster runs) -----------------------------------------------------


def change_seen_condition(user) -> Q | None:
    """The recorded changes a user reads: every one for cluster admins and accountants (None); else those of the
    assets it manages and of the member companies it is member admin of."""
    if is_accountant_or_admin(user):
        return None
    return Q(asset_id__in=managed_asset_ids(user)) | Q(
        member_id__in=member_ids(user, role=Membership.Role.MEMBER_ADMIN)
    )


# --- Cost shares --------------------------------------------------------------------------------------------


def can_set_shares(user, reservation) -> bool:
    """Split a reservation's cost: its booker, a member admin of its member, a cluster admin."""
    return (
        (reservation.booked_by_id == user.id and reservation.member_id in member_ids(user))
        or is_member_admin_of(user, reservation.member_id)
        or is_cluster_admin(user)
    )


def can_decide_share(user, share) -> bool:
    """Accept or decline a share: a member admin of the paying member."""
    return is_member_admin_of(user, share.member_id)


def share_seen_conditions(user) -> list[Q] | None:
    """Who sees a cost share, as one condition per index: None for accountants and cluster admins (everything);
    else the shares its member_admin companies pay, those of their reservations, and those of reservations the
    user booked."""
    if is_accountant_or_admin(user):
        return None
    admin_of = member_ids(user, role=Membership.Role.MEMBER_ADMIN)
    # A booker sees the shares of its bookings while it belongs to their company: removed, it sees none of them.
    own_booking = Q(reservation_booked_by_id=user.id, reservation_member_id__in=member_ids(user))
    return [Q(member_id__in=admin_of), Q(reservation_member_id__in=admin_of), own_booking]


# --- My company: people, details and cost centres (member admins) -----------------------------------------


def manages_company(user, member_id: int) -> bool:
    """Change a company's roles, people, details and cost centres: its member admins and cluster admins."""
    return is_cluster_admin(user) or is_member_admin_of(user, member_id)


def may_know_company(user, member_id: int) -> bool:
    """Whether a refusal about this company may say so (403) rather than hide it (404): its own users, accountants
    and cluster admins know it; for everyone else another company's ids do not exist."""
    return is_accountant_or_admin(user) or member_id in member_ids(user)


def has_any_role(user) -> bool:
    """Whether the user still reaches anything: a membership of any company, or a cluster role."""
    return bool(
        user.is_staff or user.is_accountant or is_asset_manager(user) or Membership.objects.filter(user=user).exists()
    )


# --- API tokens ---------------------------------------------------------------------------------------------


def token_owner_ids_managed_by(user) -> set[int] | None:
    """Whose API tokens the user sees and revokes besides its own: the people of the companies it is member admin
    of; None for everyone's (cluster admins). A person in two companies is reachable from both: a token is the
    person's key to every company it belongs to."""
    if is_cluster_admin(user):
        return None
    admin_of = member_ids(user, role=Membership.Role.MEMBER_ADMIN)
    return set(Membership.objects.filter(member_id__in=admin_of).values_list("user_id", flat=True))


def shared_company_run_by(user, owner_id: int) -> int | None:
    """A company the owner belongs to and the user is member admin of (the first by id), or None."""
    admin_of = member_ids(user, role=Membership.Role.MEMBER_ADMIN)
    shared = Membership.objects.filter(user_id=owner_id, member_id__in=admin_of).order_by("member_id").first()
    return shared.member_id if shared else None


def may_revoke_token(user, token) -> bool:
    """Revoke an API token: its owner, a member admin of a company the owner belongs to, a cluster admin."""
    if token.user_id == user.id:
        return True
    managed = token_owner_ids_managed_by(user)
    return managed is None or token.user_id in managed


# --- Invitations ------------------------------------------------------------------------------------------

INVITATION_MEMBER_ROLES = frozenset({"booker", "member_admin"})


def may_invite(user, role: str, member_id: int | None) -> bool:
    """Invite someone: cluster admins to a company with a member role, or to the cluster as asset manager or
    accountant; member admins to their own company with a member role."""
    if is_cluster_admin(user):
        return True
    return role in INVITATION_MEMBER_ROLES and member_id is not None and is_member_admin_of(user, member_id)


def invitation_seen_condition(user) -> Q | None:
    """The invitations a user lists, resends and revokes: every one for cluster admins (None); else those of the
    companies it is member admin of."""
    if is_cluster_admin(user):
        return None
    return Q(member_id__in=member_ids(user, role=Membership.Role.MEMBER_ADMIN))


# The fields of a member company each role may change (PATCH /members/{id}/); any other field sent is a 403.
COMPANY_FIELDS_FOR_MEMBER_ADMINS = frozenset({"billing_email", "tax_id"})
COMPANY_FIELDS_FOR_CLUSTER_ADMINS = COMPANY_FIELDS_FOR_MEMBER_ADMINS | {"name", "tier", "cost_centre"}


def company_fields_editable(user, member_id: int) -> frozenset[str]:
    if is_cluster_admin(user):
        return COMPANY_FIELDS_FOR_CLUSTER_ADMINS
    if is_member_admin_of(user, member_id):
        return COMPANY_FIELDS_FOR_MEMBER_ADMINS
    return frozenset()


# --- Qualifications -------------------------------------------------------------------------------------------


def can_define_qualifications(user) -> bool:
    """Creates qualifications (a training or certificate assets may require): cluster admins and asset managers."""
    return is_cluster_admin(user) or (user.is_authenticated and is_asset_manager(user))


def can_grant(user, qualification) -> bool:
    """Grants and revokes a qualification, and sees who holds it: cluster admins, and the managers of an asset that
    requires it (itself or through its group)."""
    grantable = grantable_qualification_ids(user)
    return grantable is None or qualification.id in grantable


def grantable_qualification_ids(user) -> set[int] | None:
    """The qualifications `user` may grant (None: all, for cluster admins): those its managed assets require."""
    if is_cluster_admin(user):
        return None
    managed = managed_asset_ids(user)
    if not managed:
        return set()
    assets = Asset.objects.filter(id__in=managed)
    own = assets.values_list("required_qualifications", flat=True)
    by_group = assets.values_list("group__required_qualifications", flat=True)
    return {qualification_id for qualification_id in (*own, *by_group) if qualification_id is not None}
