"""Billing events reach the right people by e-mail once the billing transaction commits."""

from decimal import Decimal

import pytest
from django.core import mail

from accounts.models import Membership
from billing import services as billing
from bookings import services as bookings
from tests.billing.helpers import past_reservation, utc
from tests.conftest import future_day, local
from tests.factories import MemberFactory, MembershipFactory, PriceRuleFactory, UserFactory

from .helpers import subject_time

pytestmark = pytest.mark.django_db


@pytest.fixture
def payer():
    member = MemberFactory(name="Bodega Altiplano")
    admin = MembershipFactory(member=member, role=Membership.Role.MEMBER_ADMIN, user=UserFactory(username="diego"))
    return member, admin.user


def test_a_proposed_share_mails_the_payers_admin_and_the_decision_mails_the_booker(
    asset, member, booker, payer, django_capture_on_commit_callbacks
):
    payer_member, diego = payer
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="0")
    day = future_day(1)
    reservation = bookings.reservation_create(
        asset=asset, member=member, by=booker, start=local(day, 10), end=local(day, 12), title="Rodaje"
    )
    with django_capture_on_commit_callbacks(execute=True):
        shares = billing.cost_shares_set(
            reservation=reservation, payers=[(member, Decimal(1)), (payer_member, Decimal(1))], by=booker
        )
    assert [m.to for m in mail.outbox] == [[diego.email]]
    when = subject_time(reservation.start, reservation.end)
    assert mail.outbox[0].subject == f"Please confirm your share of Plató A on {when}"
    assert "€100.00" in mail.outbox[0].body

    mail.outbox.clear()
    theirs = next(share for share in shares if share.member_id == payer_member.id)
    with django_capture_on_commit_callbacks(execute=True):
        billing.cost_share_accept(share=theirs, by=diego)
    assert [m.to for m in mail.outbox] == [[booker.email]]
    assert mail.outbox[0].subject == f"Share accepted: Plató A on {subject_time(reservation.start, reservation.end)}"


def test_closing_a_period_mails_each_members_admins_its_statement(
    asset, member, booker, member_admin, django_capture_on_commit_callbacks
):
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="0")
    past_reservation(asset=asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 11))
    accountant = UserFactory(is_accountant=True)
    period = billing.billing_period_for(year=2025, month=3)
    with django_capture_on_commit_callbacks(execute=True):
        billing.billing_period_close(period=period, by=accountant, now=utc(2025, 4, 2))
    statement_mails = [m for m in mail.outbox if m.subject.startswith("Statement")]
    assert [m.to for m in statement_mails] == [[member_admin.email]]
    assert "€200.00" in statement_mails[0].body


def test_a_recurring_request_mails_the_managers_once_not_once_per_occurrence(
    asset, member, booker, manager, django_capture_on_commit_callbacks
):
    from bookings import series_services

    asset.requires_approval = True
    asset.save()
    day = future_day(1)
    with django_capture_on_commit_callbacks(execute=True):
        series, _report = series_services.series_create(
            asset=asset, member=member, by=booker, start=local(day, 10), end=local(day, 12),
            rrule="FREQ=WEEKLY;COUNT=4", title="Clase semanal",
        )  # fmt: skip
    assert series.occurrences.count() == 4
    assert [m.to for m in mail.outbox] == [[manager.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        series_services.series_approve(series=series, by=manager)
    assert [m.to for m in mail.outbox] == [[booker.email]]
