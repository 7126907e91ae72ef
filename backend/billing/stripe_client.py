"""Stripe: one invoice per statement and currency, and the webhook events that report their payment.

Every POST carries an idempotency key derived from our ids, so a retry (the library's own after a timeout,
or ours after a crash) returns the first result instead of creating a second customer, item or invoice.
"""

import json
import logging
from collections import defaultdict
from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import signals
from .models import Statement, StatementLine, StripeInvoice, WebhookEvent

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20
NETWORK_RETRIES = 2


def is_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=base,
        max_network_retries=NETWORK_RETRIES,
        http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
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


def statement_invoice(*, statement: Statement, api: stripe.StripeClient | None = None) -> list[StripeInvoice]:
    """Create, fill and finalise the Stripe invoices of `statement` (one per currency) that do not exist yet.

    Called after the closing transaction commits, never inside it; safe to call again after a failure.
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
        done[currency] = StripeInvoice.objects.get_or_create(
            stripe_id=invoice.id,
            defaults={"statement": statement, "currency": currency, "amount_minor": sum(x.amount_minor for x in lines)},
        )[0]
    return list(done.values())


# --- Webhooks ----------------------------------------------------------------------------------------------

# Where an invoice event moves our invoice. Paid and void are final: a late "payment failed" does not undo them.
INVOICE_EVENTS = {
    "invoice.paid": "paid",
    "invoice.payment_succeeded": "paid",
    "invoice.payment_failed": "failed",
    "invoice.voided": "void",
    "invoice.marked_uncollectible": "failed",
}
FINAL = {"paid", "void"}


def verified_event(payload: bytes, signature: str) -> dict:
    """The event if the signature is valid and recent; raises ValueError or SignatureVerificationError."""
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise ValueError("STRIPE_WEBHOOK_SECRET is not set")
    stripe.WebhookSignature.verify_header(payload.decode("utf-8"), signature, settings.STRIPE_WEBHOOK_SECRET, 300)
    event = json.loads(payload)
    if not isinstance(event, dict) or not isinstance(event.get("id"), str):
        raise ValueError("not an event")
    return event


def _statement_status(invoices: list[StripeInvoice]) -> str:
    statuses = {invoice.status for invoice in invoices}
    if statuses == {"paid"}:
        return Statement.PaymentStatus.PAID
    if statuses == {"void"}:
        return Statement.PaymentStatus.VOID
    if "failed" in statuses:
        return Statement.PaymentStatus.FAILED
    return Statement.PaymentStatus.OPEN


def webhook_event_record(event: dict) -> WebhookEvent:
    """Store the event once by id and apply it once; a repeat (even a parallel one) changes nothing."""
    created = datetime.fromtimestamp(event.get("created", 0), tz=UTC)
    try:
        with transaction.atomic():
            record, is_new = WebhookEvent.objects.get_or_create(
                stripe_id=event["id"], defaults={"type": event.get("type", ""), "created": created, "payload": event}
            )
            if not is_new:
                return record
            record.outcome = _apply(event)
            record.processed_at = timezone.now()
            record.save(update_fields=["outcome", "processed_at"])
            return record
    except IntegrityError:
        # A parallel delivery of the same event committed first.
        return WebhookEvent.objects.get(stripe_id=event["id"])


def _apply(event: dict) -> str:
    target = INVOICE_EVENTS.get(event.get("type", ""))
    if target is None:
        return "ignored"
    stripe_id = (event.get("data", {}).get("object") or {}).get("id", "")
    invoice = StripeInvoice.objects.select_for_update().filter(stripe_id=stripe_id).first()
    if invoice is None:
        return "unknown invoice"
    statement = Statement.objects.select_for_update().get(id=invoice.statement_id)
    if invoice.status in FINAL or invoice.status == target:
        return f"kept {invoice.status}"
    invoice.status = target
    invoice.save(update_fields=["status"])
    status = _statement_status(list(statement.stripe_invoices.all()))
    if status != statement.payment_status:
        statement.payment_status = status
        statement.save(update_fields=["payment_status"])
        signals.statement_payment_changed.send(sender=Statement, statement=statement, payment_status=status)
    return f"invoice {target}"
