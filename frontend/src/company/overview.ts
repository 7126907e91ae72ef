// The company at a glance: this month and last, pending consents, latest statements.

import { h } from "../dom";
import { formatMoneyList, formatNumber, monthLabel } from "../format";
import { t, tn } from "../i18n";
import { statementPath } from "../router";
import { errorBox, fill, statusBadge } from "../ui";
import { getOverview, type Month, type Overview } from "./data";
import "../messages/company"; // this area's strings

function monthCard(title: string, month: Month, testid: string): HTMLElement {
  const fact = (label: string, value: string, key: string) =>
    h("div", null, h("dt", { class: "muted small" }, label), h("dd", { class: "strong", "data-testid": key }, value));
  return h(
    "section",
    { class: "card stack", "data-testid": testid, "aria-labelledby": `${testid}-title` },
    h("h3", { class: "card__title", id: `${testid}-title` }, title),
    h(
      "dl",
      { class: "company-facts" },
      fact(t("company.bookings"), formatNumber(month.bookings), `${testid}-bookings`),
      fact(t("company.hours"), formatNumber(month.hours, { maximumFractionDigits: 2 }), `${testid}-hours`),
      fact(
        t("company.spend"),
        month.spend.length ? formatMoneyList(month.spend) : t("company.nothingSpent"),
        `${testid}-spend`,
      ),
    ),
  );
}

function statementsCard(overview: Overview): HTMLElement {
  const rows = overview.statements;
  return h(
    "section",
    { class: "card card--flush", "aria-labelledby": "company-statements-title" },
    h("h3", { class: "card__title pad", id: "company-statements-title" }, t("company.statements")),
    rows.length
      ? h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { class: "table table--stack", "data-testid": "company-statements" },
            h(
              "thead",
              null,
              h(
                "tr",
                null,
                h("th", { scope: "col" }, t("company.statement")),
                h("th", { scope: "col" }, t("company.period")),
                h("th", { scope: "col", class: "num" }, t("company.total")),
                h("th", { scope: "col" }, t("company.paymentStatus")),
              ),
            ),
            h(
              "tbody",
              null,
              rows.map((s) =>
                h(
                  "tr",
                  null,
                  h(
                    "td",
                    { "data-label": t("company.statement") },
                    h("a", { href: `#${statementPath(s.id)}` }, s.number),
                  ),
                  h("td", { "data-label": t("company.period") }, monthLabel(s.year, s.month)),
                  h("td", { class: "num", "data-label": t("company.total") }, formatMoneyList(s.totals)),
                  h("td", { "data-label": t("company.paymentStatus") }, statusBadge(s.payment_status)),
                ),
              ),
            ),
          ),
        )
      : h("p", { class: "muted pad" }, t("company.statementsNone")),
  );
}

export function overviewSection(member: number): HTMLElement {
  const body = h("div", { class: "stack" });
  void fill(
    body,
    () => getOverview(member),
    (overview) => [
      h(
        "div",
        { class: "company-months" },
        monthCard(t("company.thisMonth"), overview.this_month, "company-this-month"),
        monthCard(t("company.lastMonth"), overview.last_month, "company-last-month"),
      ),
      h("p", { class: "muted small" }, t("company.spendHelp")),
      h(
        "section",
        { class: "card stack", "data-testid": "company-consents" },
        h("h3", { class: "card__title" }, t("company.consents")),
        overview.pending_consents
          ? h(
              "p",
              null,
              tn("company.consentsSome", overview.pending_consents),
              " ",
              h("a", { href: "#/consent" }, t("company.consentsOpen")),
            )
          : h("p", { class: "muted" }, t("company.consentsNone")),
      ),
      statementsCard(overview),
    ],
    (error) => errorBox(error, "company-overview-error"),
  );
  return body;
}
