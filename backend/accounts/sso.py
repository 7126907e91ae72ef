"""Who single sign-on lets in (django-allauth's social account adapter, OpenID Connect providers only).

The provider must vouch for the address (`email_verified`); then, in this order: the person who already has that
address signs in (the provider is linked to their account); an address with pending invitations gets an account
and accepts them; an address on a company's registered domain gets an account that waits for the company's
approval (`accounts.domains`). Anyone else is refused. A refusal is a ValidationError whose code the browser app
reads from the `error` of its callback URL: `email_unverified`, `invitation_expired`, `unknown_domain`.
"""

from allauth.core.internal.httpkit import add_query_params
from allauth.headless.socialaccount.forms import RedirectToProviderForm
from allauth.headless.socialaccount.views import RedirectToProviderView
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from requests import RequestException

from audit.services import record

from .domains import domain_of, join_request_open, member_for_domain
from .models import Invitation, Membership, User


def verified_email(sociallogin) -> str:
    """The address the provider vouches for, lower case; refused (`email_unverified`) when there is none."""
    for address in sociallogin.email_addresses:
        if address.verified and address.email:
            return address.email.strip().lower()
    raise ValidationError(
        _("Your sign-in provider did not confirm your e-mail address, so Sinergia cannot tell who you are."),
        code="email_unverified",
    )


def pending_invitations(email: str):
    now = timezone.now()
    return Invitation.objects.select_for_update().filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    )


def invitations_accept_by_sso(*, user: User, email: str) -> int:
    """Accept every pending invitation for `email` as `user`: the provider proved the address, as the link would."""
    accepted = 0
    with transaction.atomic():
        for invitation in pending_invitations(email):
            if invitation.member_id:
                Membership.objects.get_or_create(
                    user=user, member_id=invitation.member_id, defaults={"role": invitation.role}
                )
            elif invitation.role == Invitation.Role.ACCOUNTANT:
                User.objects.filter(id=user.id).update(is_accountant=True)
            invitation.accepted_at, invitation.accepted_by = timezone.now(), user
            invitation.save(update_fields=["accepted_at", "accepted_by"])
            record(by=user, action="invitation.accept", target=invitation, before={"accepted_at": None},
                   after={"accepted_at": invitation.accepted_at, "user": user.id, "via": "sso"},
                   member=invitation.member_id, label=f"{invitation.email} ({invitation.role})")  # fmt: skip
            accepted += 1
    return accepted


def signup_decision(email: str) -> str:
    """For an address nobody has yet: `invited`, `domain`, or a refusal: `invitation_expired` when its only
    invitations have expired (so the person knows to ask for a new one), else `unknown_domain`."""
    now = timezone.now()
    invited = Invitation.objects.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    )
    if invited.exists():
        return "invited"
    if member_for_domain(domain_of(email)) is not None:
        return "domain"
    expired = Invitation.objects.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now
    )
    if expired.exists():
        raise ValidationError(
            _("Your invitation to Sinergia has expired. Ask the person who invited you to send a new one."),
            code="invitation_expired",
        )
    raise ValidationError(
        _("No company in Sinergia has invited %(email)s or registered its domain. Ask your company for an invitation.")
        % {"email": email},
        code="unknown_domain",
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin) -> None:
        """Link the provider to the person who has the verified address, accept their pending invitations, or
        check that a new account is allowed; refuse anything else before allauth signs anyone in."""
        email = verified_email(sociallogin)
        user = sociallogin.user if sociallogin.is_existing else None
        if user is None:
            user = User.objects.filter(email__iexact=email, is_active=True).order_by("id").first()
            if user is not None:
                sociallogin.connect(request, user)
        if user is None:
            signup_decision(email)
            return
        invitations_accept_by_sso(user=user, email=email)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        """Only for an address that pre_social_login let through (invited, or on a registered domain)."""
        try:
            signup_decision(verified_email(sociallogin))
        except ValidationError:
            return False
        return True

    def populate_user(self, request, sociallogin, data):
        """Called as the provider's answer is read, before any rule: the verified address, lower case, if any."""
        user = super().populate_user(request, sociallogin, data)
        verified = [a.email for a in sociallogin.email_addresses if a.verified and a.email]
        user.email = verified[0].strip().lower() if verified else ""
        language = getattr(request, "LANGUAGE_CODE", "") or ""
        if language[:2] in {"en", "es"}:
            user.language = language[:2]
        return user

    def save_user(self, request, sociallogin, form=None):
        """The new account, without a password (they sign in with their provider), and what let it in: its
        invitations accepted, or a request to join the company of its domain."""
        email = verified_email(sociallogin)
        with transaction.atomic():
            user = super().save_user(request, sociallogin, form)
            if not invitations_accept_by_sso(user=user, email=email):
                member = member_for_domain(domain_of(email))
                if member is None:  # the domain went away since pre_social_login
                    raise ValidationError(_("Your company's domain is no longer registered."), code="unknown_domain")
                join_request_open(user=user, member=member, email=email)
        return user


class ProviderRedirect(RedirectToProviderView):
    """allauth's "redirect to the provider" (a form POST from the browser app), except that a provider that is down
    (its discovery document unreachable or not JSON) sends the browser back to the app's callback URL with
    `error=provider_unavailable` instead of a server error."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except (RequestException, ValueError, KeyError):
            form = RedirectToProviderForm(request.POST)
            if not form.is_valid():
                raise
            params = {"error": "provider_unavailable", "error_process": form.cleaned_data["process"]}
            return HttpResponseRedirect(add_query_params(form.cleaned_data["callback_url"], params))
