"""Stripe invoices through the real stripe library against a local fake server; signed webhooks."""

import hashlib
import hmac
import json
import random
import threading
import time

import pytest
from django.db import connection
from django.test import Client

from billing import services, stripe_client, tasks
from billing.models import Statement, StripeInvoice, WebhookEvent
from tests.factories import PriceRuleFactory, UserFactory

from .fake_stripe import FakeStripe
from .helpers import past_reservation, utc

SECRET = "whsec_test_secret"


@pytest.fixture
def fake_stripe(settings):
    fake = FakeStripe()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_TIMEOUT_SECONDS = 0.5
    yield fake
    fake.stop()


def close_march_with_two_currencies():
    asset = PriceRuleFactory(hourly_rate_minor=10000, vat_rate="21.00").asset
    yen = PriceRuleFactory(currency="JPY", hourly_rate_minor=3000, vat_rate="10.00").asset
    booker = UserFactory()
    from tests.factories import MemberFactory, MembershipFactory

    member = MemberFactory()
    MembershipFactory(member=member, user=booker)
    past_reservation(asset=asset, member=member, booked_by=booker, start=utc(2025, 3, 3, 9), end=utc(2025, 3, 3, 11))
    past_reservation(asset=asset, member=member, booked_by=booker, start=utc(2025, 3, 4, 9), end=utc(2025, 3, 4, 10))
    past_reservation(asset=yen, member=member, booked_by=booker, start=utc(2025, 3, 5, 9), end=utc(2025, 3, 5, 10))
    accountant = UserFactory(is_accountant=True)
    services.billing_period_close(period=services.billing_period_for(year=2025, month=3), by=accountant)
    return Statement.objects.get()


@pytest.mark.django_db(transaction=True)
def test_closing_a_period_invoices_each_statement_in_stripe_with_idempotency_keys(fake_stripe):
    statement = close_march_with_two_currencies()
    assert fake_stripe.count("customer") == 1
    assert fake_stripe.count("invoice") == 2  # one per currency
    assert fake_stripe.count("invoiceitem") == 3
    assert all(key and key.startswith("sinergia-") for _path, key in fake_stripe.requests)
    assert {i.currency: i.amount_minor for i in StripeInvoice.objects.filter(statement=statement)} == {
        "EUR": 24200 + 12100,
        "JPY": 3300,
    }
    assert statement.member.__class__.objects.get(id=statement.member_id).stripe_customer_id == "cus_1"
    statement.refresh_from_db()
    assert (statement.invoicing_state, statement.invoicing_error) == ("invoiced", "")
    # Running it again (a retry after a crash) creates nothing new.
    requests_before = len(fake_stripe.requests)
    stripe_client.statement_invoice(statement=Statement.objects.get())
    assert len(fake_stripe.requests) == requests_before


@pytest.mark.django_db(transaction=True)
def test_a_timed_out_call_is_retried_with_the_same_key_and_creates_one_invoice(fake_stripe):
    fake_stripe.slow_once.add("/v1/invoices")
    fake_stripe.delay = 1.5
    statement = close_march_with_two_currencies()  # the task runs at once here, and its first try times out
    statement.refresh_from_db()
    assert statement.invoicing_state == "failed" and statement.invoicing_error
    assert fake_stripe.count("invoice") == 1 and not StripeInvoice.objects.exists()  # made, but we never heard

    tasks.invoice_statement.delay(statement.id)  # the retry a worker makes after its backoff
    invoice_posts = [key for path, key in fake_stripe.requests if path == "/v1/invoices"]
    assert len(invoice_posts) == 3  # EUR timed out, EUR again with the same key, then JPY
    assert invoice_posts[0] == invoice_posts[1]
    assert fake_stripe.count("invoice") == 2
    statement.refresh_from_db()
    assert (statement.invoicing_state, statement.invoicing_error) == ("invoiced", "")
    assert StripeInvoice.objects.count() == 2


@pytest.mark.django_db
def test_without_a_key_stripe_is_off_and_statements_still_work(settings):
    settings.STRIPE_SECRET_KEY = ""
    statement = close_march_with_two_currencies()
    assert statement.number == "SIN-2025-000001" and not StripeInvoice.objects.exists()
    assert statement.invoicing_state == "not_sent"


def signed(payload: dict, *, secret=SECRET, at=None) -> tuple[bytes, str]:
    body = json.dumps(payload).encode()
    timestamp = int(at if at is not None else time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={signature}"


def event(event_id, kind, invoice_id, created):
    return {"id": event_id, "object": "event", "type": kind, "created": created, "data": {"object": {"id": invoice_id}}}


def post_event(client, payload, **kwargs):
    body, header = signed(payload, **kwargs)
    return client.post("/api/v1/stripe/webhook/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


@pytest.fixture
def two_invoices(settings):
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.STRIPE_SECRET_KEY = ""
    statement = close_march_with_two_currencies()
    StripeInvoice.objects.create(statement=statement, currency="EUR", stripe_id="in_eur", amount_minor=36300)
    StripeInvoice.objects.create(statement=statement, currency="JPY", stripe_id="in_jpy", amount_minor=3300)
    return statement


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["wrong secret", "too old", "tampered", "missing"])
def test_a_bad_or_old_signature_is_a_400_and_writes_nothing(two_invoices, how):
    payload = event("evt_1", "invoice.paid", "in_eur", 1)
    client = Client()
    if how == "wrong secret":
        response = post_event(client, payload, secret="whsec_other")
    elif how == "too old":
        response = post_event(client, payload, at=time.time() - 3600)
    elif how == "tampered":
        body, header = signed(payload)
        response = client.post(
            "/api/v1/stripe/webhook/", body.replace(b"in_eur", b"in_jpy"), content_type="application/json",
            HTTP_STRIPE_SIGNATURE=header,
        )  # fmt: skip
    else:
        response = client.post("/api/v1/stripe/webhook/", json.dumps(payload), content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "bad_signature"
    assert not WebhookEvent.objects.exists()
    assert Statement.objects.get().payment_status == "open"


EVENTS = [
    event("evt_1", "invoice.payment_failed", "in_eur", 100),
    event("evt_2", "invoice.paid", "in_eur", 200),
    event("evt_3", "invoice.payment_failed", "in_jpy", 150),  # a late failure after ...
    event("evt_4", "invoice.paid", "in_jpy", 300),
    event("evt_5", "customer.created", "cus_1", 50),
]


def replay(deliveries):
    return [post_event(Client(), payload).status_code for payload in deliveries]


def assert_one_effect_per_event():
    assert WebhookEvent.objects.count() == len(EVENTS)
    assert WebhookEvent.objects.filter(processed_at__isnull=False).count() == len(EVENTS)
    assert {i.stripe_id: i.status for i in StripeInvoice.objects.all()} == {"in_eur": "paid", "in_jpy": "paid"}
    assert Statement.objects.get().payment_status == "paid"


@pytest.mark.django_db
def test_webhook_events_sent_several_times_out_of_order_end_with_one_effect_each(two_invoices):
    deliveries = EVENTS * 4
    random.Random(7).shuffle(deliveries)
    assert set(replay(deliveries)) == {200}
    assert_one_effect_per_event()


@pytest.mark.django_db
def test_a_paid_invoice_stays_paid_when_a_failure_arrives_late(two_invoices):
    replay([EVENTS[1], EVENTS[0]])
    assert StripeInvoice.objects.get(stripe_id="in_eur").status == "paid"
    assert WebhookEvent.objects.get(stripe_id="evt_1").outcome == "kept paid"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_shuffled_webhook_replays_end_with_one_effect_each(two_invoices):
    deliveries = EVENTS * 6
    random.Random(11).shuffle(deliveries)
    workers = 6
    barrier = threading.Barrier(workers)
    statuses = []

    def worker(batch):
        try:
            barrier.wait(timeout=10)
            statuses.extend(post_event(Client(), payload).status_code for payload in batch)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(deliveries[n::workers],)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * len(deliveries)
    assert_one_effect_per_event()
