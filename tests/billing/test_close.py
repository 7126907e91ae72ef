"""Closing a period in the worker: 202 and `closing` with its progress, 409 while it closes, a close interrupted
midway resumes without a gap or a duplicate in the numbers, and the sweep queues a close whose task was lost."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from billing import services, signals, tasks
from billing.models import BillingPeriod, Statement, StatementCounter
from tests.conftest import as_user
from tests.factories import MembershipFactory, PriceRuleFactory, UserFactory

from .helpers import bookings_of_a_month, close_outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def priced_asset(asset):
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="21.00")
    return asset


@pytest.fixture
def accountant():
    return UserFactory(username="accountant", is_accountant=True)


def payers(count: int) -> list[tuple]:
    return [(membership.member, membership.user) for membership in MembershipFactory.create_batch(count)]


def march(year: int) -> BillingPeriod:
    return services.billing_period_for(year=year, month=3)


def period_json(api, accountant, period) -> dict:
    listed = as_user(api, accountant).get("/api/v1/billing-periods/").json()
    return next(entry for entry in listed if entry["id"] == period.id)


def test_a_close_is_queued_with_202_and_a_second_close_while_it_runs_is_a_409(
    api, priced_asset, accountant, django_capture_on_commit_callbacks
):
    bookings_of_a_month(asset=priced_asset, payers=payers(3), year=2025)
    period = march(2025)
    with django_capture_on_commit_callbacks() as queued:  # not run: no worker has taken the close yet
        response = as_user(api, accountant).post(f"/api/v1/billing-periods/{period.id}/close/")
    assert response.status_code == 202
    assert {key: response.json()[key] for key in ("state", "statements_made", "statements_to_make")} == {
        "state": "closing", "statements_made": 0, "statements_to_make": None,
    }  # fmt: skip
    assert len(queued) == 1 and not Statement.objects.exists()

    again = as_user(api, accountant).post(f"/api/v1/billing-periods/{period.id}/close/")
    assert again.status_code == 409
    assert again.json()["code"] == "period_closing" and again.json()["detail"]

    queued[0]()  # the worker runs the close task
    shown = period_json(api, accountant, period)
    assert (shown["state"], shown["statements_made"], shown["statements_to_make"]) == ("closed", 3, 3)
    assert shown["closed_at"]


class WorkerLost(Exception):
    """Stands for the worker's death in the middle of a statement's transaction."""


def test_a_close_interrupted_midway_resumes_without_a_gap_or_a_duplicate_in_the_numbers(api, priced_asset, accountant):
    companies = payers(4)
    bookings_of_a_month(asset=priced_asset, payers=companies, year=2024)
    services.billing_period_close(period=march(2024), by=accountant)  # the same month, closed in one go
    bookings_of_a_month(asset=priced_asset, payers=companies, year=2025)

    made = []

    def die_at_the_third(sender, statement, **kwargs):
        made.append(statement.number)
        if len(made) == 3:
            raise WorkerLost

    signals.statement_issued.connect(die_at_the_third, dispatch_uid="test-worker-lost")
    try:
        with pytest.raises(WorkerLost):
            services.billing_period_close(period=march(2025), by=accountant)
    finally:
        signals.statement_issued.disconnect(dispatch_uid="test-worker-lost")

    period = march(2025)
    assert period.state == "closing" and (period.statements_made, period.statements_to_make) == (2, 4)
    shown = period_json(api, accountant, period)
    assert (shown["state"], shown["statements_made"], shown["statements_to_make"]) == ("closing", 2, 4)
    assert sorted(Statement.objects.filter(period=period).values_list("number", flat=True)) == [
        "SIN-2025-000001", "SIN-2025-000002",
    ]  # fmt: skip

    services.billing_period_close_run(period_id=period.id)  # the task, delivered again
    services.billing_period_close_run(period_id=period.id)  # and once more: nothing changes

    period.refresh_from_db()
    assert period.state == "closed" and (period.statements_made, period.statements_to_make) == (4, 4)
    assert close_outcome(period) == close_outcome(march(2024))
    assert [number for number, *_rest in close_outcome(period)] == ["000001", "000002", "000003", "000004"]
    assert StatementCounter.objects.get(year=2025).last_number == 4


def test_the_sweep_queues_again_a_close_whose_task_was_lost(
    priced_asset, accountant, django_capture_on_commit_callbacks
):
    bookings_of_a_month(asset=priced_asset, payers=payers(2), year=2025)
    period = march(2025)
    with django_capture_on_commit_callbacks() as lost:
        services.billing_period_close_request(period=period, by=accountant)
    assert len(lost) == 1  # never run: the broker lost it

    assert tasks.sweep_billing() == 0  # a close just asked for is not stalled
    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        assert tasks.sweep_billing() == 1  # queued again (run at once here: tasks are eager in the tests)
        assert tasks.sweep_billing() == 0
    period.refresh_from_db()
    assert period.state == "closed" and Statement.objects.filter(period=period).count() == 2


def test_a_period_cannot_be_closed_twice_nor_before_it_ends(priced_asset, accountant, api):
    period = march(2025)
    services.billing_period_close(period=period, by=accountant)
    period.refresh_from_db()
    assert (period.state, period.statements_made, period.statements_to_make) == ("closed", 0, 0)
    closed_again = as_user(api, accountant).post(f"/api/v1/billing-periods/{period.id}/close/")
    assert closed_again.status_code == 409 and closed_again.json()["code"] == "invalid_transition"
    future = services.billing_period_for(year=timezone.now().year + 1, month=1)
    early = as_user(api, accountant).post(f"/api/v1/billing-periods/{future.id}/close/")
    assert early.status_code == 400 and early.json()["code"] == "period_not_over"
    future.refresh_from_db()
    assert future.state == "open"
