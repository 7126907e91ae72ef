"""Stripe invoicing from the worker: the statement shows its invoicing state, a real worker retries a timeout and a
500 until exactly one invoice exists, and the sweep invoices a statement whose task was lost."""

from datetime import timedelta

import pytest
import redis
import time_machine
from django.utils import timezone

from billing import services, tasks
from billing.models import Statement, StripeInvoice
from tests.conftest import as_user
from tests.factories import MembershipFactory, PriceRuleFactory, UserFactory
from tests.notifications.worker import Worker

from .fake_stripe import FakeStripe
from .helpers import past_reservation, utc

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fake_stripe(settings):
    fake = FakeStripe()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_TIMEOUT_SECONDS = 0.5
    yield fake
    fake.stop()


def close_march_with_one_statement(accountant=None) -> Statement:
    asset = PriceRuleFactory(hourly_rate_minor=10000, vat_rate="21.00").asset
    membership = MembershipFactory(role="member_admin")
    for day in (3, 4):
        past_reservation(
            asset=asset, member=membership.member, booked_by=membership.user,
            start=utc(2025, 3, day, 9), end=utc(2025, 3, day, 11),
        )  # fmt: skip
    accountant = accountant or UserFactory(is_accountant=True)
    services.billing_period_close(period=services.billing_period_for(year=2025, month=3), by=accountant)
    return Statement.objects.get()


def stripe_worker(fake: FakeStripe, redis_url: str, tmp_path, mail_dir) -> Worker:
    return Worker(name="stripe", redis_url=redis_url, mail_dir=mail_dir, log=tmp_path / "worker.log",
                  STRIPE_SECRET_KEY="sk_test_fake", STRIPE_API_BASE=fake.url, STRIPE_TIMEOUT_SECONDS="0.5")  # fmt: skip


def wait_until_invoiced(statement: Statement, worker: Worker, timeout: float = 30) -> Statement:
    def invoiced() -> bool:
        statement.refresh_from_db()
        return statement.invoicing_state == Statement.Invoicing.INVOICED

    worker.wait_until(invoiced, lambda: f"statement {statement.invoicing_state}", timeout=timeout)
    return statement


def test_a_timeout_then_a_500_then_success_make_exactly_one_invoice(fake_stripe, celery_on_redis, tmp_path, mail_dir):
    fake_stripe.script["/v1/invoices"] = ["slow", 500]
    fake_stripe.delay = 2
    worker = stripe_worker(fake_stripe, celery_on_redis.conf.broker_url, tmp_path, mail_dir)
    try:
        worker.wait_for("ready.")
        statement = wait_until_invoiced(close_march_with_one_statement(), worker)
        worker.wait_for("retry: Retry in", count=2)
    finally:
        worker.stop()
    invoice_posts = [key for path, key in fake_stripe.requests if path == "/v1/invoices"]
    assert len(invoice_posts) == 3 and len(set(invoice_posts)) == 1  # timed out, 500, then answered: one key
    assert (fake_stripe.count("customer"), fake_stripe.count("invoice"), fake_stripe.count("invoiceitem")) == (1, 1, 2)
    invoice = StripeInvoice.objects.get()
    assert (invoice.statement_id, invoice.amount_minor) == (statement.id, 2 * 24200)
    assert statement.invoicing_error == ""


def test_the_sweep_invoices_a_statement_whose_task_was_lost(fake_stripe, celery_on_redis, tmp_path, mail_dir):
    redis_url = celery_on_redis.conf.broker_url
    statement = close_march_with_one_statement()  # its invoice task waits in Redis: no worker runs yet
    redis.Redis.from_url(redis_url).flushdb()  # ... and is lost
    statement.refresh_from_db()
    assert statement.invoicing_state == Statement.Invoicing.PENDING

    worker = stripe_worker(fake_stripe, redis_url, tmp_path, mail_dir)
    try:
        worker.wait_for("ready.")
        assert tasks.sweep_billing() == 0  # too early: its task may still be on its way
        with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
            assert tasks.sweep_billing() == 1
            assert tasks.sweep_billing() == 0  # queued once, not at every sweep
        wait_until_invoiced(statement, worker)
    finally:
        worker.stop()
    assert fake_stripe.count("invoice") == 1 and StripeInvoice.objects.get().statement_id == statement.id


def test_a_statement_stripe_keeps_refusing_shows_failed_with_the_last_error_to_accountants_only(fake_stripe, api):
    fake_stripe.script["/v1/invoices"] = [500] * 2  # tasks run at once in these tests: one try, no retry
    accountant = UserFactory(is_accountant=True)
    statement = close_march_with_one_statement(accountant)
    assert statement.invoicing_state == Statement.Invoicing.FAILED
    assert "Fake Stripe answered 500" in statement.invoicing_error
    assert len([path for path, _key in fake_stripe.requests if path == "/v1/invoices"]) == 1
    assert not StripeInvoice.objects.exists()

    seen = as_user(api, accountant).get("/api/v1/statements/").json()["results"][0]["invoicing"]
    assert seen["state"] == "failed" and "Fake Stripe answered 500" in seen["error"]
    admin = statement.member.memberships.get().user
    own = as_user(api, admin).get(f"/api/v1/statements/{statement.id}/").json()["invoicing"]
    assert own == {"state": "failed", "error": None}

    fake_stripe.script.clear()
    tasks.invoice_statement.delay(statement.id)  # what a retry, or the sweep, does later
    statement.refresh_from_db()
    assert (statement.invoicing_state, statement.invoicing_error) == ("invoiced", "")
    assert fake_stripe.count("invoice") == 1
