"""Setting the inputs of the insights: fair-share weights (with history) and standalone rates. Cluster admins only."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Member, User
from accounts.permissions import is_cluster_admin
from assets.models import CURRENCY_EXPONENTS, Asset
from audit import services as audit
from sinergia.exceptions import Forbidden, RuleViolation

from . import stale
from .models import AssetStandaloneRate, FairShare


def _check_admin(user: User) -> None:
    if not is_cluster_admin(user):
        raise Forbidden(_("Only cluster admins set fair shares and standalone rates."))


def fair_share_set(*, member: Member, weight: Decimal, valid_from: date, by: User) -> FairShare:
    """The member's weight from `valid_from` on; earlier periods keep the weights they had."""
    _check_admin(by)
    if weight < 0:
        raise RuleViolation(_("A fair-share weight cannot be negative."), code="invalid_weight", field="weight")
    with transaction.atomic():
        earlier = FairShare.objects.filter(member=member, valid_from__lte=valid_from).order_by("-valid_from").first()
        share, _created = FairShare.objects.update_or_create(
            member=member, valid_from=valid_from, defaults={"weight": weight, "set_by": by}
        )
        before = {"weight": earlier.weight, "valid_from": earlier.valid_from} if earlier else {"weight": "1"}
        audit.record(by=by, action="fair_share.set", target=member, member=member, before=before,
                     after={"weight": share.weight, "valid_from": share.valid_from})  # fmt: skip
    return share


def standalone_rate_set(*, asset: Asset, hourly_rate_minor: int | None, currency: str, by: User):
    """Set (or, with None, remove) what renting a comparable asset alone costs per hour."""
    _check_admin(by)
    with transaction.atomic():
        stale.everything_changed()  # the rate applies to every hour already booked on the asset
        current = AssetStandaloneRate.objects.filter(asset=asset).first()
        before = {"hourly_rate_minor": current.hourly_rate_minor, "currency": current.currency} if current else {}
        if hourly_rate_minor is None:
            AssetStandaloneRate.objects.filter(asset=asset).delete()
            if current:
                audit.record(by=by, action="standalone_rate.remove", target=asset, asset=asset, before=before)
            return None
        if currency not in CURRENCY_EXPONENTS:
            raise RuleViolation(_("Unsupported currency."), code="invalid_currency", field="currency")
        rate, _created = AssetStandaloneRate.objects.update_or_create(
            asset=asset, defaults={"hourly_rate_minor": hourly_rate_minor, "currency": currency}
        )
        audit.record(by=by, action="standalone_rate.set", target=asset, asset=asset, before=before,
                     after={"hourly_rate_minor": hourly_rate_minor, "currency": currency})  # fmt: skip
    return rate
