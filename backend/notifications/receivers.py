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
    from assets.pricing import money

    reservation = share.reservation
    accepted = share.accepted_amount_minor
    return {
        "id": share.id,
        "reservation_id": reservation.id,
        "title": reservation.title,
        "asset": reservation.asset.name,
        "timezone": reservation.asset.timezone,
        "start": reservation.start,
        "payer": share.member.name,
        "amount": money(share.amount_minor, share.currency)["amount"],
        "currency": share.currency,
        "accepted_amount": money(accepted, share.accepted_currency)["amount"] if accepted is not None else "",
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
    from assets.pricing import money

    first = min(shares, key=lambda share: share.reservation.start)
    return {
        **_share_data(first),
        "series_id": series.id,
        "occurrences": len(shares),
        "amount": money(sum(share.amount_minor for share in shares), first.currency)["amount"],
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


def on_statement_issued(sender, statement, **kwargs):
    from assets.pricing import money

    from . import services

    # The totals the close summed ({currency: [minor units, lines]}): a statement may have a million lines.
    totals = statement.totals
    total = ", ".join(
        f"{money(amount, currency)['amount']} {currency}" for currency, (amount, _lines) in sorted(totals.items())
    )
    services.statement_issued(
        recipients=_member_admins(statement.member_id),
        statement={
            "id": statement.id,
            "member": statement.member.name,
            "period": f"{statement.period.year}-{statement.period.month:02d}",
            "total": total,
            "currency": "",
            "lines": sum(count for _amount, count in totals.values()),
        },
    )
