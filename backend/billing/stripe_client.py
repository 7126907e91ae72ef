"""Stripe: the calls that make one invoice per statement and currency, and the webhook signature check.

Only the worker calls Stripe (billing.tasks.invoice_statement); a failed call is the task's to retry, with
backoff. Every POST carries an idempotency key derived from our ids, so a retry (after a timeout, a 500 or a
crash) returns the first result instead of creating a second customer, item or invoice. What the webhooks
change is in billing/services.py.
"""

import json
from collections import defaultdict

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from .models import Statement, StatementLine, StripeInvoice


def client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=base,
        max_network_retries=0,
        http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT_SECONDS),
    )


def _customer_id(api: stripe.StripeClient, member) -> str:
    if member.stripe_customer_id:
        return member.stripe_customer_id
    customer = api.v1.customers.create(
        params={"name": member.name, "email": member.billing_email or None, "metadata": {"sinergia_member": member.id}},
        options={"idempotency_key": f"sinergia-member-{member.id}-customer"},
    )
    type(member).objects.filter(id=member.id, stripe_customer_id="").update(stripe_customer_id=customer.id)
    member.stripe_customer_id = customer.id
    return customer.id


def _recorded(statement: Statement, currency: str, invoice_id: str, amount_minor: int) -> StripeInvoice:
    """Our row of a finalised invoice, made once even when two tasks of the same statement finish together."""
    try:
        with transaction.atomic():
            values = {"statement": statement, "currency": currency, "amount_minor": amount_minor}
            return StripeInvoice.objects.get_or_create(stripe_id=invoice_id, defaults=values)[0]
    except IntegrityError:
        return StripeInvoice.objects.get(stripe_id=invoice_id)


def statement_invoice(*, statement: Statement, api: stripe.StripeClient | None = None) -> list[StripeInvoice]:
    """Create, fill and finalise the Stripe invoices of `statement` (one per currency) that do not exist yet.

    Called by the worker after the statement is committed, never inside a request; safe to call again.
    """
    api = api or client()
    customer = _customer_id(api, statement.member)
    lines_by_currency: dict[str, list[StatementLine]] = defaultdict(list)
    for line in statement.lines.order_by("id"):
        lines_by_currency[line.currency].append(line)
    done = {invoice.currency: invoice for invoice in statement.stripe_invoices.all()}
    for currency, lines in sorted(lines_by_currency.items()):
        if currency in done:
            continue
        key = f"sinergia-statement-{statement.id}-{currency.lower()}"
        invoice = api.v1.invoices.create(
            params={
                "customer": customer,
                "currency": currency.lower(),
                "collection_method": "send_invoice",
                "days_until_due": 30,
                "auto_advance": False,
                "description": statement.number,
                "metadata": {"sinergia_statement": statement.id, "number": statement.number},
            },
            options={"idempotency_key": f"{key}-invoice"},
        )
        for line in lines:
            api.v1.invoice_items.create(
                params={
                    "customer": customer,
                    "invoice": invoice.id,
                    "currency": currency.lower(),
                    "amount": line.amount_minor,
                    "description": line.description,
                    "metadata": {"sinergia_line": line.id},
                },
                options={"idempotency_key": f"{key}-line-{line.id}"},
            )
        api.v1.invoices.finalize_invoice(invoice.id, options={"idempotency_key": f"{key}-finalize"})
        done[currency] = _recorded(statement, currency, invoice.id, sum(line.amount_minor for line in lines))
    return list(done.values())


def verified_event(payload: bytes, signature: str) -> dict:
    """The event if the signature is valid and recent; raises ValueError or SignatureVerificationError."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise ValueError("STRIPE_WEBHOOK_SECRET is not set")
    stripe.WebhookSignature.verify_header(payload.decode("utf-8"), signature, settings.STRIPE_WEBHOOK_SECRET, 300)
    event = json.loads(payload)
    if not isinstance(event, dict) or not isinstance(event.get("id"), str):
        raise ValueError("not an event")
    return event
