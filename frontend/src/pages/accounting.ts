import { apiPost } from "../api";
import { getAll } from "../catalog";
import { h } from "../dom";
import { formatDate, formatDay, formatMoneyList, monthLabel, userZone } from "../format";
import { getLanguage, t, type MessageKey } from "../i18n";
import { isAccountant } from "../roles";
import { statementPath } from "../router";
import { day, invoicingBadge, paymentBadge, periodDays, statementPdfUrl } from "../statement/display";
import { addDays } from "../tz";
import { busyButton, dateSaid, empty, errorBox, errorText, fill, pageTitle, statusBadge } from "../ui";
import type { PageContext } from "../pageContext";
import type { BillingPeriod, Statement } from "../types";
import "../messages/accounting"; // this area's strings

export { invoicingBadge } from "../statement/display";

const STATEMENT_COLUMNS: MessageKey[] = [
  "accounting.number",
  "accounting.member",
  "accounting.total",
  "accounting.invoice",
  "accounting.payment",
];

/** How often the page asks how a close is getting on while one runs in the worker. */
const CLOSE_POLL_MS = 2000;

/** The export's choices: two CSV dialects (see the README's Exports), the workbook and JSON. */
export const EXPORT_FORMATS = ["excel-es", "standard", "xlsx", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The format offered first: the CSV a spreadsheet in the user's language opens by double-click. */
export function defaultExportFormat(language: string): ExportFormat {
  return language === "es" ? "excel-es" : "standard";
}

/** The export's address; the file's headers and labels are in `language`, the page's. */
export function exportUrl(from: string, to: string, format: ExportFormat, language: string): string {
  const params: Record<string, string> =
    format === "excel-es" || format === "standard"
      ? { from, to, format: "csv", dialect: format, language }
      : { from, to, format, language };
  return `/api/v1/exports/cost-shares/?${new URLSearchParams(params)}`;
}

/**
 * The period the page opens on: the one asked for, else the newest that can be closed now or has been
 * (closing or closed), else the newest. `sorted` is newest first.
 */
export function defaultPeriod(sorted: BillingPeriod[], asked: number | null): BillingPeriod | undefined {
  return sorted.find((p) => p.id === asked) ?? sorted.find((p) => p.state !== "open" || !p.close_refusal) ?? sorted[0];
}

/** Why the close is not offered, in the user's words: a month not over yet says from when it can be closed. */
export function closeRefusalText(period: BillingPeriod): string {
  const refusal = period.close_refusal;
  if (!refusal) return "";
  if (refusal.code === "period_not_over")
    return t("accounting.notOver", { last: formatDay(period.last_day), next: formatDay(addDays(period.last_day, 1)) });
  return refusal.detail;
}

export function renderAccountingPage({ query, user }: Pick<PageContext, "query" | "user">): HTMLElement {
  document.title = t("accounting.docTitle");
  if (!isAccountant(user)) return ownStatementsPage();
  const body = h("div", { class: "stack" });
  const sortedPeriods = (periods: BillingPeriod[]) => [...periods].sort((a, b) => b.year - a.year || b.month - a.month);
  const selectedOf = (sorted: BillingPeriod[]) =>
    defaultPeriod(sorted, query.has("period") ? Number(query.get("period")) : null)!;
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
                h(
                  "a",
                  {
                    href: `#/accounting?period=${p.id}`,
                    class: `btn btn--small ${p.id === selected.id ? "btn--primary" : "btn--ghost"}`,
                    "aria-current": p.id === selected.id ? "page" : null,
                    "data-testid": "period-link",
                  },
                  monthLabel(p.year, p.month),
                ),
              ),
              h("td", { "data-label": t("accounting.state") }, statusBadge(p.state)),
              h(
                "td",
                { class: "num", "data-label": "" },
                p.state === "closing"
                  ? closeProgress(p)
                  : p.state === "closed"
                    ? h(
                        "span",
                        { class: "muted small" },
                        p.closed_at ? t("accounting.closedOn", { date: formatDate(p.closed_at, userZone()) }) : "",
                      )
                    : closeControl(p, error, reload),
                error,
              ),
            );
          }),
        ),
      ),
    ),
  );
}

/** The close button: offered where the API would accept it, else disabled with the reason next to it. */
function closeControl(p: BillingPeriod, error: HTMLElement, reload: () => Promise<void>): HTMLElement {
  const reasonId = `close-reason-${p.id}`;
  const button = busyButton(
    t("accounting.close"),
    { class: "btn btn--ghost btn--small", "data-testid": "close-period" },
    async () => {
      if (!window.confirm(t("accounting.confirmClose", { period: monthLabel(p.year, p.month) }))) return;
      error.hidden = true;
      try {
        await apiPost(`/billing-periods/${p.id}/close/`);
        await reload();
      } catch (err) {
        error.textContent = errorText(err);
        error.hidden = false;
      }
    },
  );
  if (!p.close_refusal) return button;
  button.disabled = true;
  button.setAttribute("aria-describedby", reasonId);
  return h(
    "span",
    { class: "close-refused" },
    button,
    h("span", { class: "muted small", id: reasonId, "data-testid": "close-reason" }, closeRefusalText(p)),
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
    value: period.last_day,
    "data-testid": "export-to",
  });
  const chosen = defaultExportFormat(getLanguage());
  const format = h(
    "select",
    { id: "export-format", class: "input", "data-testid": "export-format", "aria-describedby": "export-format-help" },
    EXPORT_FORMATS.map((value) =>
      h("option", { value, selected: value === chosen }, t(`accounting.format.${value}` as MessageKey)),
    ),
  ) as HTMLSelectElement;
  const download = h(
    "a",
    { class: "btn btn--primary", download: "", "data-testid": "export-download" },
    t("accounting.download"),
  );
  const sync = () => {
    download.setAttribute("href", exportUrl(from.value, to.value, format.value as ExportFormat, getLanguage()));
  };
  from.addEventListener("change", sync);
  to.addEventListener("change", sync);
  format.addEventListener("change", sync);
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
                    h(
                      "td",
                      { "data-label": t("accounting.number") },
                      h("a", { href: `#${statementPath(s.id)}`, "data-testid": "statement-link" }, s.number),
                    ),
                    h("td", { "data-label": t("accounting.member") }, s.member.name),
                    h("td", { class: "num", "data-label": t("accounting.total") }, formatMoneyList(s.totals)),
                    h("td", { "data-label": t("accounting.invoice") }, invoicingBadge(s)),
                    h("td", { "data-label": t("accounting.payment") }, paymentBadge(s.payment_status)),
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
        "div",
        { class: "pad" },
        h(
          "h2",
          { class: "card__title" },
          t("accounting.statements", { period: monthLabel(period.year, period.month) }),
        ),
        h("p", { class: "muted small", "data-testid": "period-days" }, periodDays(period)),
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
      h(
        "div",
        { class: "field" },
        h("label", { class: "field__label", for: format.id }, t("accounting.format")),
        format,
        h("p", { class: "muted small", id: "export-format-help" }, t("accounting.formatHelp")),
      ),
      h("div", { class: "actions" }, download),
    ),
  );
}

/** What a member admin who opens Accounting sees: its companies' statements, each with its page and PDF. */
function ownStatementsPage(): HTMLElement {
  const body = h("section", { class: "card card--flush", "data-testid": "own-statements" });
  void fill(
    body,
    () => getAll<Statement>("/statements/"),
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
                  h("th", { scope: "col" }, t("accounting.period")),
                  h("th", { scope: "col", class: "num" }, t("accounting.total")),
                  h("th", { scope: "col" }, t("accounting.payment")),
                  h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, t("accounting.actions"))),
                ),
              ),
              h(
                "tbody",
                null,
                rows.map((s) =>
                  h(
                    "tr",
                    { "data-testid": "statement" },
                    h(
                      "td",
                      { "data-label": t("accounting.number") },
                      h("a", { href: `#${statementPath(s.id)}`, "data-testid": "statement-link" }, s.number),
                    ),
                    h("td", { "data-label": t("accounting.period") }, monthLabel(s.period.year, s.period.month)),
                    h("td", { class: "num", "data-label": t("accounting.total") }, formatMoneyList(s.totals)),
                    h("td", { "data-label": t("accounting.payment") }, paymentBadge(s.payment_status)),
                    h(
                      "td",
                      { "data-label": "" },
                      h(
                        "a",
                        {
                          class: "btn btn--ghost btn--small",
                          href: statementPdfUrl(s.id),
                          download: "",
                          "aria-label": t("statement.pdfOf", { number: s.number }),
                        },
                        t("statement.pdf"),
                      ),
                    ),
                  ),
                ),
              ),
            ),
          )
        : empty(t("accounting.noOwnStatements")),
    (error) => errorBox(error, "accounting-error"),
  );
  return h("div", { class: "stack" }, pageTitle(t("accounting.ownTitle"), t("accounting.ownSubtitle")), body);
}
