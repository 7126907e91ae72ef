import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class User(AbstractUser):
    """A person. Cluster-wide roles live here; member roles live on Membership.

    Cluster admin is Django staff; asset managers are named on assets and groups.
    """

    is_accountant = models.BooleanField(_("accountant"), default=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    calendar_token = models.CharField(
        _("calendar feed token"), max_length=64, unique=True, default=new_calendar_token, editable=False
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Member(models.Model):
    """A member company of the cluster."""

    class Tier(models.TextChoices):
        FULL = "full", _("Full member")
        ASSOCIATE = "associate", _("Associate")
        EXTERNAL = "external", _("External")

    name = models.CharField(_("name"), max_length=200, unique=True)
    tax_id = models.CharField(_("tax id"), max_length=50, blank=True)
    billing_email = models.EmailField(_("billing e-mail"), blank=True)
    cost_centre = models.CharField(_("cost centre"), max_length=50, blank=True)
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, default=Tier.FULL)
    stripe_customer_id = models.CharField(_("Stripe customer id"), max_length=64, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="members")

    class Meta:
        ordering = ["name"]
        verbose_name = _("member company")
        verbose_name_plural = _("member companies")

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        BOOKER = "booker", _("Booker")
        MEMBER_ADMIN = "member_admin", _("Member admin")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.BOOKER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "member"], name="membership_unique_user_member")]

    def __str__(self):
        return f"{self.user} @ {self.member} ({self.get_role_display()})"


class CostCentre(models.Model):
    """A code a member company files its bookings under (a department, a production). A reservation of the member
    may name one of its active cost centres; a cost centre once used is deactivated, never deleted."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="cost_centres")
    code = models.CharField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "id"]
        verbose_name = _("cost centre")
        verbose_name_plural = _("cost centres")
        constraints = [models.UniqueConstraint(fields=["member", "code"], name="cost_centre_unique_member_code")]

    def __str__(self):
        return f"{self.code} {self.name}".strip()


class ApiToken(models.Model):
    """A named key an integration sends as `Authorization: Token <key>`. Only the key's SHA-256 is stored, with
    its first characters in clear so people tell their tokens apart; the key itself is shown once. A revoked
    token stays, for the record, and never authenticates again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_revoked")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


INVITATION_DAYS = 7


class Invitation(models.Model):
    """An e-mailed, single-use link to join: a company with a member role (member set), or the cluster as an asset
    manager or accountant (no member). Only the link's SHA-256 is stored; a resend makes a new link and kills the
    old one."""

    class Role(models.TextChoices):
        BOOKER = "booker", _("Booker")
        MEMBER_ADMIN = "member_admin", _("Member admin")
        ASSET_MANAGER = "asset_manager", _("Asset manager")
        ACCOUNTANT = "accountant", _("Accountant")

    MEMBER_ROLES = (Role.BOOKER, Role.MEMBER_ADMIN)

    email = models.EmailField(_("e-mail"))
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_accepted"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role__in=["booker", "member_admin"], member__isnull=False))
                | (models.Q(role__in=["asset_manager", "accountant"], member__isnull=True)),
                name="invitation_member_iff_member_role",
            )
        ]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"

    def state(self, now=None) -> str:
        """pending, expired, accepted or revoked."""
        if self.revoked_at:
            return "revoked"
        if self.accepted_at:
            return "accepted"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "pending"


class EmailDomain(models.Model):
    """An e-mail domain a member company owns: a person whose provider vouches for an address on it may ask to join
    the company on their first single sign-on (a JoinRequest its member admins decide). A domain belongs to at most
    one company; it is stored in lower case."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="email_domains")
    domain = models.CharField(_("domain"), max_length=253)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")
        constraints = [
            models.UniqueConstraint(Lower("domain"), name="email_domain_unique_domain"),
            models.CheckConstraint(condition=models.Q(domain=Lower("domain")), name="email_domain_lower"),
        ]

    def __str__(self):
        return self.domain


class JoinRequest(models.Model):
    """A person who signed in for the first time with an address on a company's registered domain, waiting for a
    member admin of that company to approve (with a role) or refuse. Until approved they belong to no company."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="join_requests")
    email = models.EmailField(_("e-mail"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "member"], condition=models.Q(status="pending"), name="join_request_one_pending"
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.member}"
