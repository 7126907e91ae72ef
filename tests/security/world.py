"""One small cluster in which every role and every object-addressed thing exists once.

Member "Norte" owns the objects (reservation, series, cost share, statement) on asset A; every other role is
someone who must not reach them, plus the owner as the positive control.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from ratings.models import Rating
from waitlist import services as waitlist

from accounts.models import Membership
from assets.models import Blackout
from billing import services as billing
from billing.models import CostShare, Statement
from bookings import series_services
from bookings import services as bookings
from incidents import services as incidents
from tests.billing.helpers import past_reservation, utc
from tests.conftest import future_day, local
from tests.factories import (
    AssetFactory,
    AssetGroupFactory,
    MemberFactory,
    MembershipFactory,
    PriceRuleFactory,
    UserFactory,
)

ROLES = [
    "anonymous",
    "owner",
    "owner_admin",
    "other_booker",
    "other_admin",
    "other_manager",
    "accountant",
    "cluster_admin",
]


@dataclass
class World:
    users: dict
    member: object
    other_member: object
    asset: object
    other_asset: object
    group: object
    reservation: object
    series: object
    shared_series: object
    share: object
    period: object
    statement: object
    blackout: object
    incident: object = None
    rating: object = None
    waitlist_entry: object = None

    def user(self, role: str):
        return self.users.get(role)


def build_world() -> World:
    group = AssetGroupFactory(name="Stages")
    asset = AssetFactory(name="Plató A", group=group, requires_approval=True)
    other_asset = AssetFactory(name="Plató B", group=group)
    for each in (asset, other_asset):
        PriceRuleFactory(asset=each, hourly_rate_minor=10000, vat_rate="21.00")
    member, other_member, third = MemberFactory(name="Norte"), MemberFactory(name="Sur"), MemberFactory(name="Este")
    owner = MembershipFactory(member=member, role=Membership.Role.BOOKER, user=UserFactory(username="ana")).user
    owner_admin = MembershipFactory(member=member, role=Membership.Role.MEMBER_ADMIN).user
    third_admin = MembershipFactory(member=third, role=Membership.Role.MEMBER_ADMIN).user
    users = {
        "anonymous": None,
        "owner": owner,
        "owner_admin": owner_admin,
        "other_booker": MembershipFactory(member=other_member, role=Membership.Role.BOOKER).user,
        "other_admin": MembershipFactory(member=other_member, role=Membership.Role.MEMBER_ADMIN).user,
        "other_manager": UserFactory(username="manager_b"),
        "accountant": UserFactory(username="accountant", is_accountant=True),
        "cluster_admin": UserFactory(username="admin", is_staff=True),
    }
    other_asset.managers.add(users["other_manager"])
    asset.managers.add(UserFactory(username="manager"))

    day = future_day(0)
    reservation = bookings.reservation_create(
        asset=asset, member=member, by=owner, start=local(day, 10), end=local(day, 12), title="Shoot"
    )
    series, _report = series_services.series_create(
        asset=asset,
        member=member,
        by=owner,
        start=local(day, 14),
        end=local(day, 15),
        rrule="FREQ=WEEKLY;COUNT=3",
        title="Weekly",
    )
    # A share the owner's member pays on a third member's booking: the owner decides it (accept/decline).
    third_booking = bookings.reservation_create(
        asset=other_asset, member=third, by=third_admin, start=local(day, 16), end=local(day, 17), title="Co"
    )
    billing.cost_shares_set(
        reservation=third_booking, payers=[(third, Decimal(1)), (member, Decimal(1))], by=third_admin
    )
    share = CostShare.objects.get(reservation=third_booking, member=member)
    # A third member's series the owner's member is asked to share: the owner's admin decides it all at once.
    shared_series, _report = billing.series_create_with_shares(
        asset=other_asset, member=third, by=third_admin, start=local(day, 18), end=local(day, 19),
        rrule="FREQ=WEEKLY;COUNT=2", title="Shared", payers=[(third, Decimal(1)), (member, Decimal(1))],
    )  # fmt: skip
    completed = past_reservation(asset=asset, member=member, booked_by=owner, start=utc(2025, 3, 3, 9),
                                 end=utc(2025, 3, 3, 11))  # fmt: skip
    period = billing.billing_period_for(year=2025, month=3)
    billing.billing_period_close(period=period, by=users["accountant"])
    statement = Statement.objects.get(member=member, period=period)
    open_period = billing.billing_period_for(year=2025, month=4)
    blackout = Blackout.objects.create(
        asset=asset, start=local(day, 20) + timedelta(days=1), end=local(day, 22) + timedelta(days=1), reason="Fix"
    )
    # The owner reports the asset out of service: closed from now for a day, before any booking of the world.
    incident = incidents.incident_report(asset=asset, by=owner, severity="out_of_service", description="Broken")
    # The owner rated its completed booking just now (still editable; unanswered).
    now = timezone.now()
    rating = Rating.objects.create(reservation=completed, asset_score=4, service_score=3, comment="Fine",
                                   rated_by=owner, rated_at=now, updated_at=now)  # fmt: skip
    # The owner's company waits for a period of asset A taken (by its own booking; any booking makes it taken).
    waitlist_entry = waitlist.waitlist_join(asset=asset, member=member, by=owner, start=local(day, 10),
                                            end=local(day, 12))  # fmt: skip
    for user in users.values():
        if user is not None:
            user.calendar_token = f"token-{user.username}"
            user.save(update_fields=["calendar_token"])
    return World(
        users=users,
        member=member,
        other_member=other_member,
        asset=asset,
        other_asset=other_asset,
        group=group,
        reservation=reservation,
        series=series,
        shared_series=shared_series,
        share=share,
        period=open_period,
        statement=statement,
        blackout=blackout,
        incident=incident,
        rating=rating,
        waitlist_entry=waitlist_entry,
    )
