from django.conf import settings
from django.db import transaction

from .services import NOTIFYING_ACTIONS


def on_reservation_changed(sender, reservation, event, **kwargs):
    """Queue the e-mails of a reservation change once its transaction commits; a rollback sends nothing."""
    if event.action not in NOTIFYING_ACTIONS:
        return
    from .tasks import send_reservation_emails

    event_id = event.id
    # robust: with eager tasks (no Redis) a mail failure is logged, never turned into an error for a committed change.
    transaction.on_commit(lambda: send_reservation_emails.delay(event_id), robust=True)


# --- Billing events: e-mail the payers and the booker once the billing transaction commits ---------------


def _member_admins(member_id: int):
    from accounts.models import Membership, User

    return list(User.objects.filter(memberships__member_id=member_id, memberships__role=Membership.Role.MEMBER_ADMIN))


def _share_data(share) -> dict:
    """A share for the e-mail context: instants and minor units, formatted when each e-mail is rendered."""
    reservation = share.reservation
    return {
        "id": share.id,
        "reservation_id": reservation.id,
        "title": reservation.title,
        "asset": reservation.asset.name,
        "timezone": reservation.asset.timezone,
        "start": reservation.start,
        "end": reservation.end,
        "payer": share.member.name,
        "amount_minor": share.amount_minor,
        "currency": share.currency,
        "accepted_amount_minor": share.accepted_amount_minor,
        "accepted_currency": share.accepted_currency,
    }


def _name(user) -> str:
    return user.get_full_name() or user.username


def on_cost_share_proposed(sender, share, by, proposal_id, **kwargs):
    from . import services

    data = {**_share_data(share), "proposed_by": _name(by or share.reservation.booked_by)}
    services.cost_share_proposed(recipients=_member_admins(share.member_id), share=data, proposal_id=proposal_id)


def _series_shares_data(series, shares) -> dict:
    """One payer's shares of a series as one occasion: the first occurrence's details, the count and the sum."""
    first = min(shares, key=lambda share: share.reservation.start)
    return {
        **_share_data(first),
        "series_id": series.id,
        "occurrences": len(shares),
        "amount_minor": sum(share.amount_minor for share in shares),
    }


def on_series_shares_proposed(sender, series, shares, by, **kwargs):
    """One e-mail to the payer's admins for all its proposed shares in a new series."""
    from . import services

    data = {**_series_shares_data(series, shares), "proposed_by": _name(by)}
    services.series_shares_proposed(recipients=_member_admins(shares[0].member_id), share=data)


def on_series_shares_decided(sender, series, shares, by, **kwargs):
    """One e-mail to the booker and its member's admins when a payer decides all its shares of a series."""
    from billing.models import CostShare

    from . import services

    recipients = {series.booked_by, *_member_admins(series.member_id)}
    recipients.discard(by)
    data = {**_series_shares_data(series, shares), "decided_by": _name(by)}
    services.series_shares_decided(
        recipients=list(recipients), share=data, accepted=shares[0].state == CostShare.State.ACCEPTED
    )


def on_cost_share_decided(sender, share, by, **kwargs):
    from billing.models import CostShare

    from . import services

    if share.state not in (CostShare.State.ACCEPTED, CostShare.State.DECLINED):
        return
    reservation = share.reservation
    recipients = {reservation.booked_by, *_member_admins(reservation.member_id)}
    recipients.discard(by)
    decided_by = _name(by) if by else ""
    services.cost_share_decided(
        recipients=list(recipients),
        share={**_share_data(share), "decided_by": decided_by},
        accepted=share.state == CostShare.State.ACCEPTED,
    )


def _billing_language(member_id: int) -> str:
    """The language of a member's billing e-mail, which is nobody's account: the one most of the member's active
    users chose (ties go to the site's default, then alphabetically), or the site's default when it has none."""
    from collections import Counter

    from accounts.models import User

    users = User.objects.filter(memberships__member_id=member_id, is_active=True)
    counts = Counter(users.values_list("language", flat=True))
    if not counts:
        return settings.LANGUAGE_CODE
    top = max(counts.values())
    chosen = sorted(language for language, count in counts.items() if count == top)
    return settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in chosen else chosen[0]


def on_statement_issued(sender, statement, **kwargs):
    from . import services

    member = statement.member
    admins = [user for user in _member_admins(member.id) if user.is_active and user.email]
    # A member without an admin who can read e-mail still hears of its statement, at its billing e-mail.
    addresses = []
    if not admins and member.billing_email:
        addresses = [(member.billing_email, _billing_language(member.id), member.name)]
    # The totals the close summed ({currency: [minor units, lines]}): a statement may have a million lines.
    totals = statement.totals
    services.statement_issued(
        recipients=admins,
        addresses=addresses,
        statement={
            "id": statement.id,
            "member": member.name,
            "period": f"{statement.period.year}-{statement.period.month:02d}",
            "totals": {currency: amount for currency, (amount, _lines) in totals.items()},
            "lines": sum(count for _amount, count in totals.values()),
        },
    )
