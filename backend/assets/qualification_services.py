"""Qualifications and their grants: one transaction each, every change audited (who may: `accounts.permissions`).

A grant gives a user a qualification through `expires_on` (inclusive; by default `validity_months` from today). A
user holds at most one standing grant of a qualification: granting again replaces it (a renewal), revoking ends it
now. Bookings check the grants (`bookings.rules`); a new requirement applies to bookings made from then on.
"""

import calendar
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_define_qualifications, can_grant
from audit import services as audit
from sinergia.exceptions import Conflict, Forbidden, RuleViolation

from .models import Qualification, QualificationGrant

QUALIFICATION_FIELDS = ("name", "description", "validity_months")
LONGEST_GRANT_YEARS = 50


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, on the month's last day when it has fewer days (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def qualification_create(*, by: User, name: str, description: str = "", validity_months: int = 12) -> Qualification:
    if not can_define_qualifications(by):
        raise Forbidden(_("Only cluster admins and asset managers can define qualifications."))
    with transaction.atomic():
        qualification = Qualification.objects.create(
            name=name, description=description, validity_months=validity_months
        )
        audit.record(by=by, action="qualification.create", target=qualification,
                     after=audit.snapshot(qualification, QUALIFICATION_FIELDS))  # fmt: skip
    return qualification


def _grant_snapshot(grant: QualificationGrant) -> dict:
    return {
        "qualification": grant.qualification.name,
        "user": grant.user.username,
        "granted_on": grant.granted_on,
        "expires_on": grant.expires_on,
    }


def grant_create(
    *, qualification: Qualification, by: User, user: User, expires_on: date | None = None, today: date | None = None
) -> QualificationGrant:
    """Give `user` the qualification until `expires_on` (default: today + its validity), replacing a standing
    grant. Cluster admins and the managers of an asset that requires it."""
    if not can_grant(by, qualification):
        raise Forbidden(_("Only cluster admins and the managers of an asset that requires it can grant it."))
    today = today or timezone.localdate()
    expires_on = expires_on or add_months(today, qualification.validity_months)
    if expires_on < today:
        raise RuleViolation(_("The expiry date is in the past."), code="expired", field="expires_on")
    if expires_on.year > today.year + LONGEST_GRANT_YEARS:
        raise RuleViolation(
            _("A grant lasts at most %(years)s years.") % {"years": LONGEST_GRANT_YEARS},
            code="too_long",
            field="expires_on",
        )
    try:
        return _grant(qualification=qualification, by=by, user=user, expires_on=expires_on, today=today)
    except IntegrityError as error:  # another grant of the same person was made at the same moment
        if "grant_one_standing" not in str(error) and "assets_qualificationgrant" not in str(error):
            raise
        raise Conflict(
            _("This person was granted it at the same moment; reload to see the grant."), code="grant_changed"
        ) from error


def _grant(*, qualification, by, user, expires_on, today) -> QualificationGrant:
    """The grant's one transaction: the standing grant, if any, is locked and replaced."""
    with transaction.atomic():
        replaced = list(
            QualificationGrant.objects.select_for_update()
            .filter(qualification=qualification, user=user, revoked_at__isnull=True)
            .select_related("qualification", "user")
        )
        before = _grant_snapshot(replaced[0]) if replaced else None
        for old in replaced:
            old.revoked_at, old.revoked_by = timezone.now(), by
            old.save(update_fields=["revoked_at", "revoked_by"])
        grant = QualificationGrant.objects.create(
            qualification=qualification, user=user, granted_by=by, granted_on=today, expires_on=expires_on
        )
        audit.record(by=by, action="qualification.grant", target=grant, before=before, after=_grant_snapshot(grant),
                     label=f"{qualification.name}: {user.username}")  # fmt: skip
    return grant


def grant_revoke(*, grant: QualificationGrant, by: User, now: datetime | None = None) -> QualificationGrant:
    """End a standing grant now; bookings made earlier stay (like a new requirement, it applies from now on)."""
    if not can_grant(by, grant.qualification):
        raise Forbidden(_("Only cluster admins and the managers of an asset that requires it can revoke it."))
    with transaction.atomic():
        grant = QualificationGrant.objects.select_for_update().select_related("qualification", "user").get(id=grant.id)
        if grant.revoked_at is not None:
            raise Conflict(_("This grant is already revoked."), code="already_revoked")
        grant.revoked_at, grant.revoked_by = now or timezone.now(), by
        grant.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(
            by=by,
            action="qualification.revoke",
            target=grant,
            before=_grant_snapshot(grant),
            after={"revoked_at": grant.revoked_at},
            label=f"{grant.qualification.name}: {grant.user.username}",
        )
    return grant
