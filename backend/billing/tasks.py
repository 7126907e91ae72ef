"""Billing's Celery tasks: a period's close, one Stripe invoice per statement, and the sweep that queues again
what a lost task left undone. Each task is safe to run twice (acks_late: a task whose worker dies runs again)."""

import stripe
from celery import shared_task
from django.utils import timezone

from . import services

# A call Stripe refused for its content, or our key, fails the same way on a retry; the sweep tries it later.
PERMANENT = (stripe.InvalidRequestError, stripe.AuthenticationError, stripe.PermissionError)


@shared_task
def close_billing_period(period_id: int) -> str:
    return services.billing_period_close_run(period_id=period_id).state


@shared_task(
    autoretry_for=(stripe.StripeError,),
    dont_autoretry_for=PERMANENT,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=6,
)
def invoice_statement(statement_id: int) -> str:
    return services.statement_invoice_send(statement_id=statement_id).invoicing_state


@shared_task
def sweep_billing() -> int:
    now = timezone.now()
    closes = services.billing_closes_to_resume(now=now)
    statements = services.statements_to_invoice_again(now=now)
    for period_id in closes:
        close_billing_period.delay(period_id)
    for statement_id in statements:
        invoice_statement.delay(statement_id)
    return len(closes) + len(statements)
