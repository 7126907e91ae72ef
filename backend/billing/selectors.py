"""Reads: quotes, cancellation fees, which shares and statements a user sees, what a period bills."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connection
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Member, Membership, User
from accounts.permissions import can_ask_price_for, money_member_ids, share_seen_conditions
from accounts.selectors import sole_member
from assets.models import Asset
from assets.pricing import Quote, quote
from assets.qualification_selectors import holdings
from bookings.fees import CancellationFee, cancellation_fee  # noqa: F401 (billing's callers read them here)
from bookings.models import Reservation
from bookings.rules import refuse_broken_rules
from sinergia.exceptions import Conflict, DomainError, Forbidden, InvalidTransition, RuleViolation

from .models import DUE_KINDS, BillingPeriod, CostShare, ReservationCharge, Statement, StatementLine


def price_quote(
    *,
    user: User,
    asset: Asset,
    start: datetime,
    end: datetime,
    member: Member | None = None,
    now: datetime | None = None,
) -> tuple[Member | None, Quote]:
    """Price a prospective booking without saving it, at the tier of `member` (one the user may ask prices for;
    by default its only member company, else the full tier). A broken booking rule or an asset without a price
    is a 400."""
    if member is None:
        member = sole_member(user)
    elif not can_ask_price_for(user, member):
        raise RuleViolation(_("You cannot ask prices for this member company."), code="not_a_booker", field="member")
    refuse_broken_rules(asset=asset, start=start, end=end, now=now or timezone.now(), holdings=holdings(asset, user))
    priced = quote(asset=asset, tier=member.tier if member else "full", start=start, end=end)
    if priced is None:
        raise RuleViolation(_("This asset has no price yet."), code="no_price", field="asset")
    return member, priced


def reservation_charge(reservation: Reservation) -> ReservationCharge | None:
    """What the reservation costs now (None when it has no price): the frozen total, a fee, or nothing."""
    return ReservationCharge.objects.filter(reservation=reservation).first()


def cancellation_policy_text(reservation: Reservation) -> str:
    asset = reservation.asset
    hours = int(asset.free_cancellation.total_seconds() // 3600)
    return _(
        "Free cancellation until %(hours)s hours before the start; later %(percent)s%% of the price. "
        "A no-show is charged in full."
    ) % {"hours": hours, "percent": asset.late_cancellation_fee_percent}


def cost_shares_visible_to(user) -> QuerySet:
    """All for accountants and cluster admins; a member_admin sees the shares its member pays and the shares
    of its member's reservations; a booker the shares of the reservations they booked."""
    queryset = CostShare.objects.select_related("member", "reservation__asset", "reservation__member")
    rules = share_seen_conditions(user)
    if rules is None:
        return queryset
    return queryset.filter(reduce(or_, rules))


SHARE_ORDER = ("-reservation_start", "id")
# What the list shows of a share (CostShareListSerializer); the rest of four wide rows stays in the database.
SHARE_LIST_FIELDS = (
    "weight", "amount_minor", "currency", "state", "accepted_amount_minor", "accepted_currency",
    "reservation_start", "member__name", "reservation__start",
    "reservation__end", "reservation__title", "reservation__asset__name", "reservation__member__name",
)  # fmt: skip


class SharesInReservationOrder:
    """What a paginator needs of the shares a user sees (of one state, or all), newest reservation first:
    `count()` and a slice.

    On PostgreSQL a company's shares are counted and paged one visibility rule at a time, each from its own
    covering index: the counts exclude what earlier rules counted, and a slice is the union of one
    index-ordered scan per rule cut at the slice's end. A page then costs the same whether the company has a
    hundred shares or a million. Elsewhere, and for those who see everything, it is the plain query.
    """

    def __init__(self, queryset: QuerySet, user, state: str | None = None):
        """`queryset`: the shares the user sees, of `state` if one is given (cost_shares_visible_to)."""
        self.queryset = queryset.order_by(*SHARE_ORDER).only(*SHARE_LIST_FIELDS)
        self.base = CostShare.objects.all() if state is None else CostShare.objects.filter(state=state)
        self.rules = share_seen_conditions(user)
        self.by_rule = self.rules is not None and connection.vendor == "postgresql"

    def count(self) -> int:
        if not self.by_rule:
            return self.queryset.count()
        total = 0
        for index, rule in enumerate(self.rules):
            counted = self.base.filter(rule)
            if index:
                counted = counted.exclude(reduce(or_, self.rules[:index]))
            total += counted.count()
        return total

    def __getitem__(self, window: slice) -> list[CostShare]:
        if not self.by_rule:
            return list(self.queryset[window])
        if window.stop <= (window.start or 0):
            return []  # the paginator's empty first page; a zero-length slice would make the union empty
        branches = [
            self.base.filter(rule).order_by(*SHARE_ORDER).values_list("id", "reservation_start")[: window.stop]
            for rule in self.rules
        ]
        page = branches[0].union(*branches[1:]).order_by(*SHARE_ORDER)[window]
        ids = [share_id for share_id, _start in page]
        found = self.queryset.in_bulk(ids)
        return [found[share_id] for share_id in ids if share_id in found]


def statements_visible_to(user) -> QuerySet:
    queryset = Statement.objects.select_related("member", "period")
    payers = money_member_ids(user)
    return queryset if payers is None else queryset.filter(member_id__in=payers)


def statement_totals(statement_id: int) -> list[dict]:
    """Per currency, sorted: {"currency", "net", "vat", "total"} in minor units, summed from the lines (the VAT
    breakdown: a line keeps its net and VAT, not the rate they came from)."""
    rows = (
        StatementLine.objects.filter(statement_id=statement_id)
        .values_list("currency")
        .annotate(net=Sum("net_minor"), vat=Sum("vat_minor"), total=Sum("amount_minor"))
        .order_by("currency")
    )
    return [{"currency": currency, "net": net, "vat": vat, "total": total} for currency, net, vat, total in rows]


def billing_language(member: Member) -> str:
    """The language a member's statements are written in: that of its first member admin (the one who joined
    first), else the cluster's (settings.LANGUAGE_CODE). Members have no language of their own."""
    admin = (
        Membership.objects.filter(member=member, role=Membership.Role.MEMBER_ADMIN, user__is_active=True)
        .order_by("id")
        .values_list("user__language", flat=True)
        .first()
    )
    known = {code for code, _name in settings.LANGUAGES}
    return admin if admin in known else settings.LANGUAGE_CODE


def period_last_day(period: BillingPeriod) -> date:
    """The period's last day, inclusive (its `end` is the next month's first instant)."""
    return timezone.localtime(period.end, timezone.get_default_timezone()).date() - timedelta(days=1)


def close_refusal(period: BillingPeriod, now: datetime) -> DomainError | None:
    """Why the period cannot be closed now, as the error the close answers, or None when it can: the one rule
    the close and the periods list (which offers the close only where it would be accepted) share."""
    if period.state == BillingPeriod.State.CLOSING:
        return Conflict(_("This billing period is being closed already."), code="period_closing")
    if period.state != BillingPeriod.State.OPEN:
        return InvalidTransition(_("This billing period is already closed."), state=period.state)
    if period.end > now:
        return RuleViolation(
            _("A billing period can be closed only after it ends (after %(day)s).")
            % {"day": period_last_day(period).isoformat()},
            code="period_not_over",
        )
    return None


def export_member_ids(user, member: int | None = None) -> list[int] | None:
    """The members whose cost shares the user exports: `member`, or all of them (None), for accountants and
    cluster admins; `member` or all of its own for a member admin; nobody else exports (403)."""
    own = money_member_ids(user)
    if own is None:
        return None if member is None else [member]
    if not own or (member is not None and member not in own):
        raise Forbidden(_("Only accountants, cluster admins and a member's admins may export cost shares."))
    return sorted(own) if member is None else [member]


def charges_to_bill(period: BillingPeriod) -> QuerySet:
    """Charges due before the period's end and not billed yet: this month's completions, fees and no-shows,
    plus any that became due in an earlier, already closed month (e.g. marked completed late)."""
    return ReservationCharge.objects.filter(kind__in=DUE_KINDS, due_at__lt=period.end, billed_in__isnull=True)


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    start = datetime.combine(date(year, month, 1), time(0), tzinfo=zone)
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return start, datetime.combine(next_month, time(0), tzinfo=zone)


def day_window(first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in the cluster's time zone."""
    zone = timezone.get_default_timezone()
    return datetime.combine(first, time(0), tzinfo=zone), datetime.combine(last + timedelta(days=1), time(0), zone)


def statement_sums(statement_ids) -> dict[int, dict[str, tuple[int, int]]]:
    """{statement id: {currency: (total in minor units, line count)}} in one grouped query."""
    sums: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    rows = (
        StatementLine.objects.filter(statement_id__in=statement_ids)
        .values_list("statement_id", "currency")
        .annotate(total=Sum("amount_minor"), count=Count("id"))
        .order_by()
    )
    for statement_id, currency, total, count in rows:
        sums[statement_id][currency] = (total, count)
    return sums


# A close whose task was lost, or a statement whose invoicing task was, is queued again by the sweep after this.
CLOSE_STALLED_AFTER = timedelta(minutes=15)
INVOICE_SWEEP_AFTER = timedelta(minutes=10)


def stalled_closes(now: datetime) -> QuerySet:
    """Periods `closing` whose close has not moved for CLOSE_STALLED_AFTER."""
    return BillingPeriod.objects.filter(
        state=BillingPeriod.State.CLOSING, close_progress_at__lt=now - CLOSE_STALLED_AFTER
    ).order_by("id")


def statements_to_invoice(now: datetime) -> QuerySet:
    """Statements still without their Stripe invoices INVOICE_SWEEP_AFTER after their last try (or their issue)."""
    return Statement.objects.filter(
        invoicing_state__in=[Statement.Invoicing.PENDING, Statement.Invoicing.FAILED],
        invoicing_changed_at__lt=now - INVOICE_SWEEP_AFTER,
    ).order_by("id")
