import { apiPost } from "../api";
import { getAll } from "../catalog";
import { h } from "../dom";
import { formatMoment, formatMoneyList, monthLabel } from "../format";
import { t } from "../i18n";
import {
  busyButton,
  dateSaid,
  empty,
  errorText,
  fill,
  isNotDeployed,
  notAvailable,
  pageTitle,
  statusBadge,
} from "../ui";
import type { PageContext } from "../pageContext";
import type { BillingPeriod, Statement } from "../types";

/** "2025-03-01T00:00:00+01:00" → "2025-03-01". */
const day = (iso: string) => iso.slice(0, 10);

export function exportUrl(from: string, to: string, format: "csv" | "xlsx"): string {
  return `/api/v1/exports/cost-shares/?${new URLSearchParams({ from, to, format })}`;
}

export function renderAccountingPage({ query }: Pick<PageContext, "query">): HTMLElement {
  document.title = t("accounting.docTitle");
  const body = h("div", { class: "stack" });
  const reload = () =>
    fill(
      body,
      () => getAll<BillingPeriod>("/billing-periods/"),
      (periods) => {
        if (!periods.length) return empty(t("accounting.noPeriods"));
        const sorted = [...periods].sort((a, b) => b.year - a.year || b.month - a.month);
        const selected = sorted.find((p) => p.id === Number(query.get("period"))) ?? sorted[0];
        return [periodTable(sorted, selected, reload), periodDetail(selected)];
      },
      (error) =>
        isNotDeployed(error)
          ? notAvailable(t("accounting.feature"))
          : h("div", { class: "alert alert--error", role: "alert" }, errorText(error)),
    );
  void reload();
  return h("div", { class: "stack" }, pageTitle(t("accounting.title"), t("accounting.subtitle")), body);
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
                p.state === "open"
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
                  h("th", { scope: "col" }, t("accounting.number")),
                  h("th", { scope: "col" }, t("accounting.member")),
                  h("th", { scope: "col", class: "num" }, t("accounting.total")),
                  h("th", { scope: "col" }, t("accounting.payment")),
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
                    h("td", { "data-label": t("accounting.payment") }, statusBadge(s.payment_status)),
                  ),
                ),
              ),
            ),
          )
        : h(
            "p",
            { class: "muted pad" },
            period.state === "open" ? t("accounting.statementsAfterClose") : t("accounting.noStatements"),
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
