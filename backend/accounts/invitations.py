"""Invitations: who may invite whom (`permissions.may_invite`), the e-mailed single-use link, resending, revoking
and accepting. One transaction per operation, each recorded in the audit trail; the e-mail goes after the commit.

A link is 256 random bits written as lowercase hex (the browser's hash router lowercases paths); only its SHA-256
is stored. Accepting either makes the account (name, language, password under Django's validators) or, when a
person with the invitation's e-mail already exists, adds the new role to that account once they prove who they
are (signed in as them, or their password): nobody gets a second account.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status

from audit.services import record
from sinergia.exceptions import Conflict, DomainError, Forbidden, NotFound, RuleViolation

from .models import INVITATION_DAYS, Invitation, Member, Membership, User
from .permissions import may_invite
from .services import LockedOut
from .tasks import send_invitation


class InvitationGone(DomainError):
    """The link was good once: expired, revoked or used (410 with the reason as its code)."""

    status_code = status.HTTP_410_GONE
    code = "invitation_gone"
    default_detail = gettext_lazy("This invitation link no longer works.")


def new_link_token() -> str:
    return secrets.token_hex(32)


def hash_link_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _label(invitation: Invitation) -> str:
    where = invitation.member.name if invitation.member_id else "Sinergia"
    return f"{invitation.email} → {where} ({invitation.role})"


def _send(invitation: Invitation, token: str) -> None:
    key = f"invitation:{invitation.id}:{invitation.token_hash[:16]}"
    transaction.on_commit(lambda: send_invitation.delay(invitation_id=invitation.id, token=token, key=key))


def invitation_create(
    *, by: User, email: str, role: str, member: Member | None = None, language: str | None = None
) -> tuple[Invitation, str]:
    """Invite `email` with `role` (to `member` for a member role); the link is e-mailed after the commit in
    `language` (the inviter's by default). 403 for a role or company the inviter may not give; 409 when the person
    already belongs to the company (`already_member`) or has a pending invitation to it (`already_invited`)."""
    email = email.strip().lower()
    member_id = member.id if member else None
    if not may_invite(by, role, member_id):
        raise Forbidden(_("You may not invite people with this role here."))
    with transaction.atomic():
        if member is not None:
            Member.objects.select_for_update().get(id=member.id)
            if Membership.objects.filter(member=member, user__email__iexact=email).exists():
                raise Conflict(_("This person already belongs to the company."), code="already_member")
        now = timezone.now()
        pending = Invitation.objects.filter(
            email__iexact=email,
            member_id=member_id,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        if member is None:
            pending = pending.filter(role=role)
        if pending.exists():
            raise Conflict(
                _("This person already has a pending invitation: resend it instead."), code="already_invited"
            )
        token = new_link_token()
        invitation = Invitation.objects.create(
            email=email,
            member=member,
            role=role,
            language=language or by.language,
            invited_by=by,
            token_hash=hash_link_token(token),
            sent_at=now,
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
        record(
            by=by,
            action="invitation.create",
            target=invitation,
            after={"email": email, "role": role, "member": member_id, "language": invitation.language},
            member=member_id,
            label=_label(invitation),
        )
        _send(invitation, token)
    return invitation, token


def _locked(invitation: Invitation) -> Invitation:
    return Invitation.objects.select_for_update(of=("self",)).select_related("member").get(id=invitation.id)


def invitation_resend(*, invitation: Invitation, by: User) -> tuple[Invitation, str]:
    """A new link, valid seven days from now; the old one stops working. 409 once accepted or revoked."""
    with transaction.atomic():
        invitation = _locked(invitation)
        if invitation.accepted_at or invitation.revoked_at:
            raise Conflict(_("This invitation was already used or revoked."), code="invitation_closed")
        token, now = new_link_token(), timezone.now()
        before = {"expires_at": invitation.expires_at}
        invitation.token_hash = hash_link_token(token)
        invitation.sent_at, invitation.expires_at = now, now + timedelta(days=INVITATION_DAYS)
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
        record(
            by=by,
            action="invitation.resend",
            target=invitation,
            before=before,
            after={"expires_at": invitation.expires_at},
            member=invitation.member_id,
            label=_label(invitation),
        )
        _send(invitation, token)
    return invitation, token


def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """The link stops working at once. 409 once accepted; revoking a revoked invitation changes nothing."""
    with transaction.atomic():
        invitation = _locked(invitation)
        if invitation.accepted_at:
            raise Conflict(_("This invitation was already accepted."), code="invitation_closed")
        if invitation.revoked_at:
            return invitation
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(
            by=by,
            action="invitation.revoke",
            target=invitation,
            before={"revoked_at": None},
            after={"revoked_at": invitation.revoked_at},
            member=invitation.member_id,
            label=_label(invitation),
        )
    return invitation


def _refuse_unusable(invitation: Invitation | None) -> Invitation:
    if invitation is None:
        raise NotFound(_("This invitation link is not valid."), code="invitation_not_found")
    state = invitation.state()
    if state == "revoked":
        raise InvitationGone(_("This invitation was withdrawn. Ask for a new one."), code="invitation_revoked")
    if state == "accepted":
        raise InvitationGone(_("This invitation was already used. Sign in instead."), code="invitation_used")
    if state == "expired":
        raise InvitationGone(_("This invitation has expired. Ask for a new one."), code="invitation_expired")
    return invitation


def invitation_for_link(token: str) -> Invitation:
    """The pending invitation of a link; 404 `invitation_not_found`, or 410 `invitation_expired`,
    `invitation_revoked`, `invitation_used`."""
    found = Invitation.objects.select_related("member", "invited_by").filter(token_hash=hash_link_token(token)).first()
    return _refuse_unusable(found)


def account_for(invitation: Invitation) -> User | None:
    """The active person the invitation's e-mail already belongs to (the oldest, should there be several)."""
    return User.objects.filter(email__iexact=invitation.email, is_active=True).order_by("id").first()


def _password_problems(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise RuleViolation(" ".join(error.messages), code="invalid_password", field="password") from error


def _free_username(email: str) -> str:
    base = email[:150]
    if not User.objects.filter(username__iexact=base).exists():
        return base
    return f"{base[:140]}-{secrets.token_hex(4)}"


def invitation_accept(
    *, request, token: str, password: str = "", first_name: str = "", last_name: str = "", language: str = ""
) -> User:
    """Accept a link: a new person sets name, language and password; a known one (same e-mail) proves it is them
    (signed in as them, or their password) and gains the role on the same account. The caller signs the person in."""
    with transaction.atomic():
        found = Invitation.objects.select_for_update().filter(token_hash=hash_link_token(token)).first()
        invitation = _refuse_unusable(found)
        user = account_for(invitation)
        if user is not None:
            signed_in = getattr(request, "user", None)
            if not (signed_in and signed_in.is_authenticated and signed_in.pk == user.pk):
                confirmed = authenticate(request, username=user.get_username(), password=password)
                if getattr(request, "axes_locked_out", False):
                    raise LockedOut()
                if confirmed is None or confirmed.pk != user.pk:
                    raise RuleViolation(
                        _("Sign in with the password of your Sinergia account to accept."),
                        code="wrong_password",
                        field="password",
                    )
        else:
            if not first_name.strip():
                raise RuleViolation(_("Tell us your name."), code="name_required", field="first_name")
            user = User(
                username=_free_username(invitation.email),
                email=invitation.email,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                language=language or invitation.language,
            )
            _password_problems(password, user)
            user.set_password(password)
            user.save()
        if invitation.member_id:
            Membership.objects.get_or_create(
                user=user, member_id=invitation.member_id, defaults={"role": invitation.role}
            )
        elif invitation.role == Invitation.Role.ACCOUNTANT:
            User.objects.filter(id=user.id).update(is_accountant=True)
            user.refresh_from_db(fields=["is_accountant"])
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record(
            by=user,
            action="invitation.accept",
            target=invitation,
            before={"accepted_at": None},
            after={"accepted_at": invitation.accepted_at, "user": user.id},
            member=invitation.member_id,
            label=_label(invitation),
        )
    return user


def invitations_to_purge(now=None) -> list[int]:
    """Ids of invitations never accepted whose link expired more than INVITATION_RETENTION_DAYS ago."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.INVITATION_RETENTION_DAYS)
    unused = Invitation.objects.filter(accepted_at__isnull=True, expires_at__lte=cutoff)
    return list(unused.values_list("id", flat=True))


def invitation_purge(*, invitation_id: int, now=None) -> bool:
    """Delete an unused invitation past its retention (the e-mail address of someone who never joined is not kept),
    recorded in the audit trail. A conditional delete: with two beats, one deletes and records it, the other finds
    nothing (False)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.INVITATION_RETENTION_DAYS)
    with transaction.atomic():
        invitation = Invitation.objects.filter(id=invitation_id).first()
        if invitation is None:
            return False
        state, label = invitation.state(), _label(invitation)
        gone = Invitation.objects.filter(id=invitation_id, accepted_at__isnull=True, expires_at__lte=cutoff)
        deleted, _rows = gone.delete()
        if not deleted:
            return False
        record(
            by=None,
            action="invitation.purge",
            target=invitation,
            before={"state": state, "expires_at": invitation.expires_at},
            member=invitation.member_id,
            label=label,
        )
    return True
