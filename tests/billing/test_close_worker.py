"""A real Celery worker closes a period, on PostgreSQL and the local Redis: killed in the middle of the close,
a new worker resumes it, and the statements are those of an uninterrupted close, with no gap and no duplicate."""

from pathlib import Path

import pytest

from billing import services
from billing.models import BillingPeriod, Statement, StatementCounter
from tests.conftest import as_user
from tests.factories import MembershipFactory, PriceRuleFactory, UserFactory
from tests.notifications.worker import Worker

from .helpers import bookings_of_a_month, close_outcome

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def wait_until_closed(period: BillingPeriod, worker: Worker, timeout: float = 40) -> BillingPeriod:
    def closed() -> bool:
        period.refresh_from_db()
        return period.state == BillingPeriod.State.CLOSED

    worker.wait_until(closed, lambda: f"period still {period.state}", timeout=timeout)
    return period


def test_a_worker_killed_mid_close_leaves_it_to_a_new_worker_which_finishes_it_like_an_uninterrupted_close(
    celery_on_redis, mail_dir, tmp_path, api, asset
):
    PriceRuleFactory(asset=asset, hourly_rate_minor=10000, vat_rate="21.00")
    accountant = UserFactory(is_accountant=True)
    companies = [(m.member, m.user) for m in MembershipFactory.create_batch(5, role="member_admin")]
    bookings_of_a_month(asset=asset, payers=companies, year=2024)
    services.billing_period_close(period=services.billing_period_for(year=2024, month=3), by=accountant)
    bookings_of_a_month(asset=asset, payers=companies, year=2025)
    period = services.billing_period_for(year=2025, month=3)

    redis_url = celery_on_redis.conf.broker_url
    # The first worker stops inside the third statement's transaction; that is where it gets SIGKILL.
    doomed = Worker(name="doomed", app="tests.billing.slow_close", redis_url=redis_url, mail_dir=mail_dir,
                    log=tmp_path / "1.log", PYTHONPATH=str(ROOT))  # fmt: skip
    heir = None
    try:
        doomed.wait_for("ready.")
        client = as_user(api, accountant)
        queued = client.post(f"/api/v1/billing-periods/{period.id}/close/")
        assert queued.status_code == 202 and queued.json()["state"] == "closing"
        doomed.wait_for("SIN-2025-000003 made, pausing")

        shown = next(p for p in client.get("/api/v1/billing-periods/").json() if p["id"] == period.id)
        assert (shown["state"], shown["statements_made"], shown["statements_to_make"]) == ("closing", 2, 5)
        again = client.post(f"/api/v1/billing-periods/{period.id}/close/")
        assert again.status_code == 409 and again.json()["code"] == "period_closing"

        doomed.kill()
        assert Statement.objects.filter(period=period).count() == 2  # the third's transaction rolled back

        # Redis hands the unacknowledged close out again once the visibility timeout has passed.
        heir = Worker(name="heir", redis_url=redis_url, mail_dir=mail_dir, log=tmp_path / "2.log",
                      CELERY_VISIBILITY_TIMEOUT="2")  # fmt: skip
        period = wait_until_closed(period, heir)
    finally:
        doomed.stop()
        if heir:
            heir.stop()

    assert (period.statements_made, period.statements_to_make) == (5, 5)
    assert close_outcome(period) == close_outcome(services.billing_period_for(year=2024, month=3))
    assert [number for number, *_rest in close_outcome(period)] == [f"{n:06d}" for n in range(1, 6)]
    assert StatementCounter.objects.get(year=2025).last_number == 5
