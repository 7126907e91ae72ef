// The price card: the quote of the period being drafted and, before anything is booked, what cancelling
// it would cost (a booking made inside the late window costs its fee from the first minute).

import { apiPost } from "../api";
import { draftInterval, percentOf, validateDraft, type BookingDraft } from "../booking";
import { h } from "../dom";
import { formatDate, formatMoney, formatTime, zoneSuffix } from "../format";
import { t } from "../i18n";
import { errorText } from "../ui";
import type { Asset, Quote } from "../types";

export interface QuoteBox {
  element: HTMLElement;
  /** Price the draft again (debounced); a draft that breaks a rule shows a hint instead. */
  refresh: (asset: Asset | undefined, draft: BookingDraft) => void;
}

function quoteTable(quote: Quote): HTMLElement {
  return h(
    "table",
    { class: "quote__table" },
    h(
      "tbody",
      null,
      quote.lines.map((line) =>
        h("tr", null, h("td", null, line.description), h("td", { class: "num" }, formatMoney(line.amount))),
      ),
      h("tr", { class: "quote__sub" }, h("td", null, t("book.net")), h("td", { class: "num" }, formatMoney(quote.net))),
      h(
        "tr",
        { class: "quote__sub" },
        h("td", null, t("book.vat", { rate: Number(quote.vat_rate) })),
        h("td", { class: "num" }, formatMoney(quote.vat)),
      ),
      h(
        "tr",
        { class: "quote__total" },
        h("td", null, t("book.total")),
        h("td", { class: "num", "data-testid": "quote-total" }, formatMoney(quote.total)),
      ),
    ),
  );
}

/** The cancellation policy of this asset for this start, in money. */
export function policyText(
  asset: Asset,
  start: string,
  total: Quote["total"],
  member: number | null,
  now: Date = new Date(),
): string[] {
  const percent = asset.late_cancellation_fee_percent ?? 0;
  const freeMinutes = asset.free_cancellation ?? 0;
  const fee = formatMoney(percentOf(total, percent));
  const lines: string[] = [];
  if (asset.requires_approval && !(member !== null && asset.auto_approved_members?.includes(member)))
    lines.push(t("book.policyPending"));
  if (!percent) return lines;
  const freeUntil = new Date(new Date(start).getTime() - freeMinutes * 60000);
  if (freeUntil > now) {
    const when = `${formatDate(freeUntil, asset.timezone)}, ${formatTime(freeUntil, asset.timezone)}${zoneSuffix(asset.timezone)}`;
    lines.push(t("book.policyFree", { when, percent, fee }));
  } else {
    lines.push(t("book.policyLate", { hours: Math.round(freeMinutes / 60), percent, fee }));
  }
  return lines;
}

export function quoteBox(): QuoteBox {
  const element = h("div", { class: "quote", "data-testid": "quote", "aria-live": "polite" });
  let timer: number | undefined;
  let seq = 0;
  const refresh = (asset: Asset | undefined, draft: BookingDraft) => {
    window.clearTimeout(timer);
    if (!asset || Object.keys(validateDraft({ ...draft, title: draft.title || "x" }, asset)).length) {
      element.replaceChildren(h("p", { class: "muted small" }, t("book.quoteHint")));
      return;
    }
    timer = window.setTimeout(async () => {
      const mine = ++seq;
      element.replaceChildren(
        h("p", { class: "loading small" }, h("span", { class: "spinner spinner--dark" }), t("book.quoteLoading")),
      );
      const { start, end } = draftInterval(draft, asset);
      try {
        const quote = await apiPost<Quote>("/quotes/", {
          asset: asset.id,
          start,
          end,
          member: draft.member ?? undefined,
        });
        if (mine !== seq) return;
        const policy = policyText(asset, start, quote.total, draft.member);
        element.replaceChildren(quoteTable(quote));
        if (policy.length) {
          element.append(
            h(
              "div",
              { class: "quote__policy", "data-testid": "quote-policy" },
              h("p", { class: "small strong" }, t("book.policyTitle")),
              policy.map((line) => h("p", { class: "small" }, line)),
            ),
          );
        }
      } catch (error) {
        if (mine !== seq) return;
        element.replaceChildren(h("p", { class: "field__error" }, errorText(error)));
      }
    }, 250);
  };
  return { element, refresh };
}
