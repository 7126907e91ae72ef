"""E-mail domain rules and the join requests they open: a member company registers the domains it owns; a person
whose OpenID Connect provider vouches for an address on one of them, signing in for the first time, waits as a
JoinRequest until a member admin of the company approves (choosing the role) or refuses. One transaction per
operation, each in the audit trail with the company as its history; the e-mail telling the person the decision
(approved or refused) goes after the commit."""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from sinergia.exceptions import Conflict, RuleViolation

from .company_selectors import company_row_managed_by
from .models import EmailDomain, JoinRequest, Member, Membership, User
from .tasks import send_join_approved, send_join_refused

DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Addresses anyone can open: registering one would let the whole world ask to join.
PUBLIC_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.es",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.net",
        "mail.com",
        "yandex.com",
        "zoho.com",
        "hotmail.es",
        "outlook.es",
    }
)


class DomainTaken(Conflict):
    code = "domain_taken"


class JoinRequestClosed(Conflict):
    code = "join_request_closed"


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def clean_domain(raw: str) -> str:
    """The domain in lower case, without a leading @; 400 `invalid_domain` or `public_domain`."""
    domain = raw.strip().lower().removeprefix("@").rstrip(".")
    if not DOMAIN.match(domain):
        raise RuleViolation(_("Write a domain such as example.com."), code="invalid_domain", field="domain")
    if domain in PUBLIC_DOMAINS:
        raise RuleViolation(
            _("%(domain)s is a public e-mail service: anyone can have an address on it.") % {"domain": domain},
            code="public_domain",
            field="domain",
        )
    return domain


# --- Reads ------------------------------------------------------------------------------------------------------


def email_domains_of(member: Member):
    return EmailDomain.objects.filter(member=member).order_by("domain")


def member_for_domain(domain: str) -> Member | None:
    """The active company that registered `domain`, if any."""
    found = EmailDomain.objects.select_related("member").filter(domain=domain.lower(), member__is_active=True).first()
    return found.member if found else None


def email_domain_managed_by(user, domain_id: int) -> EmailDomain:
    rows = EmailDomain.objects.select_related("member")
    refusal = _("Only the company's member admins can change its e-mail domains.")
    return company_row_managed_by(user, rows, domain_id, refusal)


def join_requests_waiting(member: Member):
    return JoinRequest.objects.select_related("user").filter(member=member, status=JoinRequest.Status.PENDING)


def join_request_managed_by(user, request_id: int) -> JoinRequest:
    rows = JoinRequest.objects.select_related("user", "member")
    refusal = _("Only the company's member admins can decide who joins it.")
    return company_row_managed_by(user, rows, request_id, refusal)


def join_requests_of(user: User):
    """The caller's own requests, newest first (the "waiting for approval" page)."""
    return JoinRequest.objects.select_related("member").filter(user=user).order_by("-created_at", "-id")


# --- Changes ----------------------------------------------------------------------------------------------------


def email_domain_add(*, member: Member, domain: str, by: User) -> EmailDomain:
    """Register `domain` for the company; 409 `domain_taken` when a company (this or another) already has it."""
    domain = clean_domain(domain)
    taken = _("The domain %(domain)s is already registered by a company.") % {"domain": domain}
    if EmailDomain.objects.filter(domain=domain).exists():
        raise DomainTaken(taken)
    try:
        with transaction.atomic():
            email_domain = EmailDomain.objects.create(member=member, domain=domain, created_by=by)
            record(by=by, action="email_domain.add", target=email_domain, after={"domain": domain},
                   member=member.id, label=domain)  # fmt: skip
    except IntegrityError as error:  # the same domain registered at the same moment
        raise DomainTaken(taken) from error
    return email_domain


def email_domain_remove(*, email_domain: EmailDomain, by: User) -> None:
    """New people on the domain can no longer ask to join; requests already waiting stay for the admins to decide."""
    with transaction.atomic():
        record(by=by, action="email_domain.remove", target=email_domain, before={"domain": email_domain.domain},
               member=email_domain.member_id, label=email_domain.domain)  # fmt: skip
        EmailDomain.objects.filter(id=email_domain.id).delete()


def join_request_open(*, user: User, member: Member, email: str) -> JoinRequest:
    """The person waits for the company's approval (called inside the sign-up's transaction)."""
    join_request, _created = JoinRequest.objects.get_or_create(
        user=user, member=member, status=JoinRequest.Status.PENDING, defaults={"email": email}
    )
    record(by=user, action="join_request.open", target=join_request, after={"email": email},
           member=member.id, label=email)  # fmt: skip
    return join_request


def _decide(join_request: JoinRequest) -> JoinRequest:
    locked = JoinRequest.objects.select_for_update(of=("self",)).select_related("user", "member")
    join_request = locked.get(id=join_request.id)
    if join_request.status != JoinRequest.Status.PENDING:
        raise JoinRequestClosed(_("This request was already decided."))
    return join_request


def join_request_approve(*, join_request: JoinRequest, role: str, by: User) -> Membership:
    """The person joins the company with `role` and is told by e-mail in their language; 409 once decided."""
    with transaction.atomic():
        join_request = _decide(join_request)
        membership, _created = Membership.objects.get_or_create(
            user=join_request.user, member=join_request.member, defaults={"role": role}
        )
        join_request.status, join_request.decided_at, join_request.decided_by = "approved", timezone.now(), by
        join_request.save(update_fields=["status", "decided_at", "decided_by"])
        record(by=by, action="join_request.approve", target=join_request, before={"status": "pending"},
               after={"status": "approved", "role": membership.role}, member=join_request.member_id,
               label=join_request.email)  # fmt: skip
        key = f"join_approved:{join_request.id}"
        transaction.on_commit(lambda: send_join_approved.delay(join_request_id=join_request.id, key=key))
    return membership


def join_request_refuse(*, join_request: JoinRequest, by: User) -> JoinRequest:
    """The person stays outside the company (they may still be invited later) and is told by e-mail in their
    language; 409 once decided."""
    with transaction.atomic():
        join_request = _decide(join_request)
        join_request.status, join_request.decided_at, join_request.decided_by = "refused", timezone.now(), by
        join_request.save(update_fields=["status", "decided_at", "decided_by"])
        record(by=by, action="join_request.refuse", target=join_request, before={"status": "pending"},
               after={"status": "refused"}, member=join_request.member_id, label=join_request.email)  # fmt: skip
        key = f"join_refused:{join_request.id}"
        transaction.on_commit(lambda: send_join_refused.delay(join_request_id=join_request.id, key=key))
    return join_request
