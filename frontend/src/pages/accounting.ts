import { apiPost } from "../api";
import { getAll } from "../catalog";
import { h } from "../dom";
import { formatMoment, formatMoneyList, monthLabel } from "../format";
import { t, type MessageKey } from "../i18n";
import { busyButton, dateSaid, empty, errorBox, errorText, fill, pageTitle, statusBadge } from "../ui";
import type { PageContext } from "../pageContext";
import type { BillingPeriod, InvoicingState, Statement } from "../types";

const STATEMENT_COLUMNS: MessageKey[] = [
  "accounting.number",
  "accounting.member",
  "accounting.total",
  "accounting.invoice",
  "accounting.payment",
];

/** How often the page asks how a close is getting on while one runs in the worker. */
const CLOSE_POLL_MS = 2000;

/** "2025-03-01T00:00:00+01:00" → "2025-03-01". */
const day = (iso: string) => iso.slice(0, 10);

export function exportUrl(from: string, to: string, format: "csv" | "xlsx"): string {
  return `/api/v1/exports/cost-shares/?${new URLSearchParams({ from, to, format })}`;
}

export function renderAccountingPage({ query }: Pick<PageContext, "query">): HTMLElement {
  document.title = t("accounting.docTitle");
  const body = h("div", { class: "stack" });
  const sortedPeriods = (periods: BillingPeriod[]) => [...periods].sort((a, b) => b.year - a.year || b.month - a.month);
  const selectedOf = (sorted: BillingPeriod[]) => sorted.find((p) => p.id === Number(query.get("period"))) ?? sorted[0];
  const closing = (periods: BillingPeriod[]) => periods.some((p) => p.state === "closing");
  let table: HTMLElement | null = null;
  let timer = 0;
  // While a close runs, only the periods table follows its progress; once it is over, the page reloads.
  const follow = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(async () => {
      if (!body.isConnected || !table) return;
      try {
        const periods = await getAll<BillingPeriod>("/billing-periods/");
        if (!closing(periods)) return void reload();
        const sorted = sortedPeriods(periods);
        const fresh = periodTable(sorted, selectedOf(sorted), reload);
        table.replaceWith(fresh);
        table = fresh;
      } catch {
        // A missed answer is asked again at the next tick.
      }
      follow();
    }, CLOSE_POLL_MS);
  };
  const reload = (): Promise<void> =>
    fill(
      body,
      () => getAll<BillingPeriod>("/billing-periods/"),
      (periods) => {
        if (!periods.length) return empty(t("accounting.noPeriods"));
        const sorted = sortedPeriods(periods);
        const selected = selectedOf(sorted);
        table = periodTable(sorted, selected, reload);
        if (closing(periods)) follow();
        return [table, periodDetail(selected)];
      },
      (error) => errorBox(error, "accounting-error"),
    );
  void reload();
  return h("div", { class: "stack" }, pageTitle(t("accounting.title"), t("accounting.subtitle")), body);
}

/** "3 of 10 statements made", with a progress bar, while the worker closes the period. */
export function closeProgress(period: BillingPeriod): HTMLElement {
  const total = period.statements_to_make;
  const label =
    total === null ? t("accounting.closingStarted") : t("accounting.closing", { made: period.statements_made, total });
  const bar = h("progress", {
    class: "close-progress__bar",
    max: String(total || 1),
    value: total === null ? null : String(period.statements_made),
    "aria-label": t("accounting.closingProgress"),
  });
  return h(
    "span",
    { class: "close-progress", "data-testid": "close-progress" },
    bar,
    h("span", { class: "muted small", role: "status" }, label),
  );
}

/** The badge colour of each invoicing state: invoiced like paid, failed like declined. */
const INVOICING_COLOUR: Record<InvoicingState, string> = {
  pending: "pending",
  invoiced: "paid",
  failed: "declined",
  not_sent: "none",
};

/** Where a statement's Stripe invoice is, with Stripe's last error when the caller may read it. */
export function invoicingBadge(statement: Statement): HTMLElement {
  const { state, error } = statement.invoicing;
  const label = t(`accounting.invoicing.${state}` as MessageKey);
  return h(
    "span",
    { class: "invoicing", "data-testid": "invoicing" },
    h("span", { class: `status-badge status-badge--${INVOICING_COLOUR[state]}`, "data-state": state }, label),
    error ? h("span", { class: "muted small", "data-testid": "invoicing-error" }, error) : null,
  );
}

function periodTable(periods: BillingPeriod[], selected: BillingPeriod, reload: () => Promise<void>): HTMLElement {
  return h(
    "section",
    { class: "card card--flush" },
    h("h2", { class: "card__title pad" }, t("accounting.periods")),
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "table table--stack", "data-testid": "periods" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", { scope: "col" }, t("accounting.period")),
            h("th", { scope: "col" }, t("accounting.state")),
            h("th", { scope: "col", class: "num" }, h("span", { class: "visually-hidden" }, t("accounting.actions"))),
          ),
        ),
        h(
          "tbody",
          null,
          periods.map((p) => {
            const error = h("span", { class: "field__error", role: "alert", hidden: true });
            return h(
              "tr",
              { "data-testid": "period", "aria-current": p.id === selected.id ? "true" : null },
              h(
                "td",
                { "data-label": t("accounting.period") },
                h("a", { href: `#/accounting?period=${p.id}` }, monthLabel(p.year, p.month)),
              ),
              h("td", { "data-label": t("accounting.state") }, statusBadge(p.state)),
              h(
                "td",
                { class: "num", "data-label": "" },
                p.state === "closing"
                  ? closeProgress(p)
                  : p.state === "open"
                    ? busyButton(
                        t("accounting.close"),
                        { class: "btn btn--ghost btn--small", "data-testid": "close-period" },
                        async () => {
                          if (!window.confirm(t("accounting.confirmClose", { period: monthLabel(p.year, p.month) })))
                            return;
                          error.hidden = true;
                          try {
                            await apiPost(`/billing-periods/${p.id}/close/`);
                            await reload();
                          } catch (err) {
                            error.textContent = errorText(err);
                            error.hidden = false;
                          }
                        },
                      )
                    : h(
                        "span",
                        { class: "muted small" },
                        p.closed_at ? t("accounting.closedOn", { date: formatMoment(p.closed_at) }) : "",
                      ),
                error,
              ),
            );
          }),
        ),
      ),
    ),
  );
}

function periodDetail(period: BillingPeriod): HTMLElement {
  const from = h("input", {
    type: "date",
    class: "input",
    id: "export-from",
    value: day(period.start),
    "data-testid": "export-from",
  });
  const to = h("input", {
    type: "date",
    class: "input",
    id: "export-to",
    value: day(period.end),
    "data-testid": "export-to",
  });
  const csv = h("a", { class: "btn btn--primary", download: "", "data-testid": "export-csv" }, t("accounting.csv"));
  const xlsx = h("a", { class: "btn btn--ghost", download: "", "data-testid": "export-xlsx" }, t("accounting.xlsx"));
  const sync = () => {
    csv.href = exportUrl(from.value, to.value, "csv");
    xlsx.href = exportUrl(from.value, to.value, "xlsx");
  };
  from.addEventListener("change", sync);
  to.addEventListener("change", sync);
  sync();
  const statements = h("div", { "data-testid": "statements" });
  void fill(
    statements,
    () => getAll<Statement>(`/statements/?period=${period.id}`),
    (rows) =>
      rows.length
        ? h(
            "div",
            { class: "table-wrap" },
            h(
              "table",
              { class: "table table--stack" },
              h(
                "thead",
                null,
                h(
                  "tr",
                  null,
                  STATEMENT_COLUMNS.map((key) =>
                    h("th", { scope: "col", class: key === "accounting.total" ? "num" : null }, t(key)),
                  ),
                ),
              ),
              h(
                "tbody",
                null,
                rows.map((s) =>
                  h(
                    "tr",
                    { "data-testid": "statement" },
                    h("td", { "data-label": t("accounting.number") }, s.number),
                    h("td", { "data-label": t("accounting.member") }, s.member.name),
                    h("td", { class: "num", "data-label": t("accounting.total") }, formatMoneyList(s.totals)),
                    h("td", { "data-label": t("accounting.invoice") }, invoicingBadge(s)),
                    h("td", { "data-label": t("accounting.payment") }, statusBadge(s.payment_status)),
                  ),
                ),
              ),
            ),
          )
        : h(
            "p",
            { class: "muted pad" },
            period.state === "closed" ? t("accounting.noStatements") : t("accounting.statementsAfterClose"),
          ),
    (error) => h("p", { class: "field__error pad" }, errorText(error)),
  );
  return h(
    "div",
    { class: "acc-grid" },
    h(
      "section",
      { class: "card card--flush" },
      h(
        "h2",
        { class: "card__title pad" },
        t("accounting.statements", { period: monthLabel(period.year, period.month) }),
      ),
      statements,
    ),
    h(
      "section",
      { class: "card stack" },
      h("h2", { class: "card__title" }, t("accounting.export")),
      h("p", { class: "muted small" }, t("accounting.exportHelp")),
      h(
        "div",
        { class: "row2" },
        h(
          "div",
          { class: "field" },
          h("label", { class: "field__label", for: from.id }, t("accounting.from")),
          from,
          dateSaid(from),
        ),
        h(
          "div",
          { class: "field" },
          h("label", { class: "field__label", for: to.id }, t("accounting.to")),
          to,
          dateSaid(to),
        ),
      ),
      h("div", { class: "actions" }, csv, xlsx),
    ),
  );
}
