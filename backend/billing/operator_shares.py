"""One price, one split: a technician's booking (bookings/operators.py) is paid like the booking it assists.

The technician's booking keeps its own charge; its shares take the main booking's payers and weights whenever the
main booking's split is set, and a payer's decision on its share of the main booking (accept or decline) decides
its proposed share of the technician's booking too. Each charge is split to the cent on its own (largest
remainder), so a payer's amounts over the booking, its technician and its items add up exactly. Reads nothing
more for a booking without technicians' bookings than one query when its split is set or decided.
"""

from datetime import datetime

from accounts.models import User
from bookings.models import BLOCKING, Reservation

from .models import CostShare


def _rows(main: Reservation):
    return Reservation.objects.filter(assists=main, status__in=BLOCKING, charge__billed_in__isnull=True).order_by("id")


def follow_split(main: Reservation, *, by: User, now: datetime) -> None:
    """Give `main`'s technician bookings (blocking, priced, not billed) its payers and weights, in its transaction.
    A payer still asked about the main booking decides both with one answer; one that already accepted the main
    booking is asked about the technician's share (its own proposal); one that declined it declines this too."""
    from . import services

    rows = list(_rows(main))
    if not rows:
        return
    main_shares = {s.member_id: s for s in CostShare.objects.filter(reservation=main)}
    weights = {member_id: share.weight for member_id, share in main_shares.items()}
    for row in rows:
        charge = services._locked_charge(row)
        services._set_weights(row, charge, dict(weights), by=by, now=now)
        shares, _grown = services._resplit(row, charge)
        declined = [s for s in shares if _state(main_shares, s) == CostShare.State.DECLINED and _asked(s)]
        to_ask = [s for s in shares if _state(main_shares, s) == CostShare.State.ACCEPTED and _asked(s)]
        for share in declined:
            services._decide(share=share, by=None, state=CostShare.State.DECLINED, notify=False)
        services._propose(row, to_ask, by=by, now=now, refuse_beyond_limit=False)


def _state(main_shares: dict, share: CostShare) -> str | None:
    main_share = main_shares.get(share.member_id)
    return main_share.state if main_share is not None else None


def _asked(share: CostShare) -> bool:
    return share.state == CostShare.State.PROPOSED


def follow_decision(share: CostShare, *, by: User | None, state: str) -> None:
    """After a payer decided its share of a main booking: its proposed shares of the booking's technicians'
    bookings get the same decision (accepted at their current amounts, or declined to the booking member)."""
    from . import services

    if share.reservation.assists_id is not None:  # a technician's booking's own share: nothing follows it
        return
    followers = CostShare.objects.filter(
        reservation__in=_rows(share.reservation_id), member_id=share.member_id, state=CostShare.State.PROPOSED
    ).order_by("reservation_id")
    for follower in followers:
        services._decide(share=follower, by=by, state=state, notify=False)
