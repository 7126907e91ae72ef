// A statement's own page (#/statements/{id}): what one member owes for one closed month, line by line, with
// its VAT breakdown and totals per currency, where its invoice and payment are, and its PDF.

import { ApiError, apiGet } from "../api";
import { h } from "../dom";
import { formatDate, formatMoney, formatMoneyList, monthLabel, userZone } from "../format";
import { t, tn } from "../i18n";
import { isAccountant } from "../roles";
import { invoicingBadge, paymentBadge, periodDays, statementPdfUrl } from "../statement/display";
import { errorText, fill, pageTitle } from "../ui";
import type { PageContext } from "../pageContext";
import type { StatementDetail } from "../types";
import "../messages/accounting"; // this area's strings

export function renderStatementPage({ id, user }: Pick<PageContext, "id" | "user">): HTMLElement {
  document.title = t("statement.docTitle");
  const body = h("div", { class: "stack", "data-testid": "statement-page" });
  const back = isAccountant(user)
    ? h("a", { href: "#/accounting", class: "back-link", "data-testid": "statement-back" }, t("statement.back"))
    : h("a", { href: "#/company", class: "back-link", "data-testid": "statement-back" }, t("statement.backCompany"));
  void fill(
    body,
    () => apiGet<StatementDetail>(`/statements/${id}/`),
    (statement) => {
      if (isAccountant(user)) back.setAttribute("href", `#/accounting?period=${statement.period.id}`);
      document.title = `${statement.number} · ${t("statement.docTitle")}`;
      return statementView(statement);
    },
    (error) =>
      h(
        "div",
        { class: "alert alert--error", role: "alert", "data-testid": "statement-error" },
        error instanceof ApiError && error.status === 404 ? t("statement.notFound") : errorText(error),
      ),
  );
  return h("div", { class: "stack" }, h("p", null, back), body);
}

function facts(rows: [string, Node | string][]): HTMLElement {
  return h(
    "dl",
    { class: "facts" },
    rows.map(([label, value]) => [h("dt", null, label), h("dd", null, value)]),
  );
}

function statementView(statement: StatementDetail): HTMLElement[] {
  const period = statement.period;
  const pdf = h(
    "a",
    { class: "btn btn--primary", href: statementPdfUrl(statement.id), download: "", "data-testid": "statement-pdf" },
    t("statement.pdf"),
  );
  const head = pageTitle(
    t("statement.heading", { number: statement.number }),
    `${statement.member.name} · ${monthLabel(period.year, period.month)}`,
    pdf,
  );
  const details = h(
    "section",
    { class: "card stack", "aria-labelledby": "statement-details" },
    h("h2", { class: "card__title", id: "statement-details" }, t("statement.details")),
    facts([
      [t("statement.company"), statement.member.name],
      [t("statement.taxId"), statement.member.tax_id || "—"],
      [t("statement.period"), h("span", { "data-testid": "statement-period" }, periodDays(period))],
      [t("statement.issued"), formatDate(statement.issued_at, userZone())],
      [t("statement.payment"), paymentBadge(statement.payment_status)],
      [t("statement.invoice"), invoicingBadge(statement)],
      [t("statement.totalDue"), h("strong", { "data-testid": "statement-total" }, formatMoneyList(statement.totals))],
    ]),
  );
  return [
    head,
    h("div", { class: "acc-grid" }, h("div", { class: "stack" }, linesCard(statement), vatCard(statement)), details),
  ];
}

function linesCard(statement: StatementDetail): HTMLElement {
  const columns = [t("statement.description"), t("statement.net"), t("statement.vat"), t("statement.amount")];
  return h(
    "section",
    { class: "card card--flush", "aria-labelledby": "statement-lines" },
    h(
      "div",
      { class: "pad" },
      h("h2", { class: "card__title", id: "statement-lines" }, t("statement.lines")),
      h("p", { class: "muted small" }, tn("statement.lineCount", statement.line_count)),
    ),
    statement.lines.length
      ? h(
          "div",
          { class: "table-wrap", tabindex: "0", role: "region", "aria-label": t("statement.lines") },
          h(
            "table",
            { class: "table table--stack", "data-testid": "statement-lines" },
            h(
              "thead",
              null,
              h(
                "tr",
                null,
                columns.map((label, index) => h("th", { scope: "col", class: index ? "num" : null }, label)),
              ),
            ),
            h(
              "tbody",
              null,
              statement.lines.map((line) =>
                h(
                  "tr",
                  { "data-testid": "statement-line" },
                  h("td", { "data-label": columns[0] }, line.description),
                  h("td", { class: "num", "data-label": columns[1] }, formatMoney(line.net)),
                  h("td", { class: "num", "data-label": columns[2] }, formatMoney(line.vat)),
                  h("td", { class: "num", "data-label": columns[3] }, formatMoney(line.amount)),
                ),
              ),
            ),
          ),
        )
      : h("p", { class: "muted pad" }, t("statement.noLines")),
  );
}

function vatCard(statement: StatementDetail): HTMLElement {
  const columns = [t("statement.currency"), t("statement.net"), t("statement.vat"), t("statement.total")];
  return h(
    "section",
    { class: "card card--flush", "aria-labelledby": "statement-vat" },
    h("h2", { class: "card__title pad", id: "statement-vat" }, t("statement.vatBreakdown")),
    h(
      "div",
      { class: "table-wrap", tabindex: "0", role: "region", "aria-label": t("statement.vatBreakdown") },
      h(
        "table",
        { class: "table table--stack", "data-testid": "statement-vat" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            columns.map((label, index) => h("th", { scope: "col", class: index ? "num" : null }, label)),
          ),
        ),
        h(
          "tbody",
          null,
          statement.vat_breakdown.map((row) =>
            h(
              "tr",
              { "data-testid": "vat-row" },
              h("td", { "data-label": columns[0] }, row.currency),
              h("td", { class: "num", "data-label": columns[1] }, formatMoney(row.net)),
              h("td", { class: "num", "data-label": columns[2] }, formatMoney(row.vat)),
              h("td", { class: "num", "data-label": columns[3] }, h("strong", null, formatMoney(row.total))),
            ),
          ),
        ),
      ),
    ),
  );
}
