// How a statement's period, invoicing (our call to Stripe) and payment (Stripe's webhooks) are shown, on the
// Accounting page and on the statement's own page.

import { h } from "../dom";
import { formatDay } from "../format";
import { t, type MessageKey } from "../i18n";
import type { BillingPeriod, InvoicingState, Statement } from "../types";
import "../messages/accounting"; // this area's strings

/** "2025-03-01T00:00:00+01:00" → "2025-03-01". */
export const day = (iso: string) => iso.slice(0, 10);

/** "Sun, 1 Nov 2026 to Mon, 30 Nov 2026": a period's days, the last one included. */
export function periodDays(period: Pick<BillingPeriod, "start" | "last_day">): string {
  return t("accounting.periodDays", { from: formatDay(day(period.start)), to: formatDay(period.last_day) });
}

/** The badge colour of each invoicing state: invoiced like paid, failed like declined. */
const INVOICING_COLOUR: Record<InvoicingState, string> = {
  pending: "pending",
  invoiced: "paid",
  failed: "declined",
  not_sent: "none",
};

/** Where a statement's Stripe invoice is, with Stripe's last error when the caller may read it. */
export function invoicingBadge(statement: Pick<Statement, "invoicing">): HTMLElement {
  const { state, error } = statement.invoicing;
  const label = t(`accounting.invoicing.${state}` as MessageKey);
  return h(
    "span",
    { class: "invoicing", "data-testid": "invoicing" },
    h("span", { class: `status-badge status-badge--${INVOICING_COLOUR[state]}`, "data-state": state }, label),
    error ? h("span", { class: "muted small", "data-testid": "invoicing-error" }, error) : null,
  );
}

const PAYMENT_COLOUR: Record<Statement["payment_status"], string> = {
  open: "pending",
  paid: "paid",
  failed: "declined",
  void: "none",
};

/** Whether the member has paid: awaiting payment, paid, payment failed or void. */
export function paymentBadge(status: Statement["payment_status"]): HTMLElement {
  return h(
    "span",
    { class: `status-badge status-badge--${PAYMENT_COLOUR[status]}`, "data-testid": "payment", "data-state": status },
    t(`accounting.payment.${status}` as MessageKey),
  );
}

/** "/api/v1/statements/12/pdf/": the statement's PDF, an attachment. */
export function statementPdfUrl(id: number): string {
  return `/api/v1/statements/${id}/pdf/`;
}
