// Repeating a booking: the rule (weekly or monthly, a number of times or until a date), a dry run that
// reports every occurrence, and the series created from that report on confirmation.

import { apiPost } from "../api";
import { draftInterval, repeatRule, type BookingDraft, type RepeatKind } from "../booking";
import { h } from "../dom";
import { formatMoney, formatRange } from "../format";
import { t } from "../i18n";
import { errorText, statusBadge } from "../ui";
import type { Asset, Occurrence } from "../types";

export interface RepeatFieldset {
  element: HTMLElement;
  /** The RFC 5545 rule, or null for a single booking. */
  rule: () => string | null;
  /** "Ends on" is chosen without a date. */
  untilMissing: () => boolean;
  skipConflicts: () => boolean;
}

export function repeatFieldset(error: HTMLElement, onChange: () => void): RepeatFieldset {
  const repeatSelect = h(
    "select",
    {
      id: "book-repeat",
      name: "repeat",
      class: "input",
      "data-testid": "book-repeat",
      "aria-labelledby": "book-repeat-legend",
    },
    h("option", { value: "none" }, t("book.repeatNone")),
    h("option", { value: "weekly" }, t("book.repeatWeekly")),
    h("option", { value: "monthly" }, t("book.repeatMonthly")),
  );
  const countInput = h("input", {
    id: "book-count",
    type: "number",
    min: "2",
    max: "52",
    value: "4",
    class: "input input--narrow",
    "data-testid": "book-count",
    "aria-label": t("book.repeatCount"),
  });
  const untilInput = h("input", {
    id: "book-until",
    type: "date",
    class: "input",
    "data-testid": "book-until",
    "aria-label": t("book.repeatUntil"),
  });
  const endsSelect = h(
    "select",
    { id: "book-ends", class: "input", "data-testid": "book-ends", "aria-label": t("book.repeatEnds") },
    h("option", { value: "count" }, t("book.endsAfter")),
    h("option", { value: "until" }, t("book.endsOn")),
  );
  const skipConflicts = h("input", { id: "book-skip", type: "checkbox", checked: true, "data-testid": "book-skip" });
  const times = h("span", { class: "muted repeat-times" }, t("book.times"));
  const repeatDetails = h(
    "div",
    { class: "repeat-details", hidden: true },
    h("div", { class: "inline-fields" }, endsSelect, countInput, times, untilInput),
    h("label", { class: "check" }, skipConflicts, h("span", null, t("book.skipConflicts"))),
  );
  repeatSelect.addEventListener("change", () => {
    repeatDetails.hidden = repeatSelect.value === "none";
    onChange();
  });
  const syncEnds = () => {
    countInput.hidden = endsSelect.value !== "count";
    times.hidden = endsSelect.value !== "count";
    untilInput.hidden = endsSelect.value !== "until";
  };
  endsSelect.addEventListener("change", syncEnds);
  syncEnds();

  const until = () => endsSelect.value === "until";
  return {
    element: h(
      "fieldset",
      { class: "fieldset" },
      h("legend", { class: "field__label", id: "book-repeat-legend" }, t("book.repeat")),
      repeatSelect,
      repeatDetails,
      error,
    ),
    rule: () =>
      repeatRule(
        repeatSelect.value as RepeatKind,
        until() ? { until: untilInput.value } : { count: Number(countInput.value) },
      ),
    untilMissing: () => until() && !untilInput.value,
    skipConflicts: () => skipConflicts.checked,
  };
}

export function occurrenceTable(occurrences: Occurrence[], zone: string): HTMLElement {
  return h(
    "ul",
    { class: "occurrences", "data-testid": "occurrences" },
    occurrences.map((o) =>
      h(
        "li",
        {
          class: `occurrence ${o.ok || o.reservation ? "occurrence--ok" : "occurrence--bad"}`,
          "data-testid": "occurrence",
        },
        h("span", { class: "occurrence__when" }, formatRange(o.start, o.end, zone)),
        o.status
          ? statusBadge(o.status)
          : h("span", { class: "occurrence__state" }, o.ok ? t("book.occurrenceFree") : t("book.occurrenceBlocked")),
        o.problems.length
          ? h("span", { class: "occurrence__problems" }, o.problems.map((p) => p.detail).join(" "))
          : null,
        o.shares?.length
          ? h(
              "span",
              { class: "occurrence__shares", "data-testid": "occurrence-shares" },
              o.shares.map((s) =>
                h(
                  "span",
                  { "data-testid": `occurrence-share-${s.member.id}` },
                  `${s.member.name}: ${formatMoney(s.amount)} `,
                  statusBadge(s.state),
                ),
              ),
            )
          : null,
      ),
    ),
  );
}

export interface SeriesPreview {
  asset: Asset;
  draft: BookingDraft;
  rrule: string;
  skip: boolean;
  /** The split sent with the series (every occurrence), or undefined when not split. */
  shares?: { member: number; weight: string }[];
  /** Where the report and then the created series are shown. */
  result: HTMLElement;
  /** The series was created: the form can go. */
  created: () => void;
}

/** Dry-run the series, show the per-occurrence report, and create the series when confirmed. An error of the
 * dry run is thrown to the form, which shows it next to its field. */
export async function previewSeries({
  asset: a,
  draft: d,
  rrule,
  skip,
  shares,
  result,
  created: onCreated,
}: SeriesPreview): Promise<void> {
  const { start, end } = draftInterval(d, a);
  const payload = {
    asset: a.id,
    start,
    end,
    rrule,
    title: d.title.trim(),
    notes: d.notes,
    member: d.member ?? undefined,
    on_conflict: skip ? "skip" : "reject",
    shares,
  };
  const report = await apiPost<{ occurrences: Occurrence[] }>("/series/", { ...payload, dry_run: true });
  const confirm = h(
    "button",
    { type: "button", class: "btn btn--primary", "data-testid": "series-confirm" },
    h("span", { class: "spinner", "aria-hidden": "true" }),
    t("book.seriesConfirm"),
  );
  const seriesError = h("div", {
    class: "alert alert--error",
    role: "alert",
    hidden: true,
    "data-testid": "series-error",
  });
  const okCount = report.occurrences.filter((o) => o.ok).length;
  const table = occurrenceTable(report.occurrences, a.timezone);
  confirm.disabled = okCount === 0 || (!skip && okCount < report.occurrences.length);
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    confirm.classList.add("is-loading");
    seriesError.hidden = true;
    try {
      const created = await apiPost<{ id: number; occurrences: Occurrence[] }>("/series/", payload);
      result.replaceChildren(
        h(
          "section",
          { class: "card result-card result-card--ok", "data-testid": "series-success" },
          h(
            "h2",
            { class: "card__title", tabindex: "-1" },
            t("book.seriesCreated", { count: created.occurrences.filter((o) => o.reservation).length }),
          ),
          occurrenceTable(created.occurrences, a.timezone),
          h(
            "div",
            { class: "actions" },
            h("a", { class: "btn btn--ghost", href: "#/reservations" }, t("book.viewMine")),
          ),
        ),
      );
      onCreated();
      result.querySelector<HTMLElement>("h2")?.focus();
    } catch (error) {
      const problems = (error as { body?: { occurrences?: Occurrence[] } }).body?.occurrences;
      if (problems) table.replaceWith(occurrenceTable(problems, a.timezone));
      seriesError.textContent = errorText(error);
      seriesError.hidden = false;
      confirm.disabled = false;
      confirm.classList.remove("is-loading");
    }
  });
  result.replaceChildren(
    h(
      "section",
      { class: "card result-card", "data-testid": "series-report" },
      h("h2", { class: "card__title", tabindex: "-1" }, t("book.seriesReportTitle")),
      h("p", { class: "muted" }, t("book.seriesReportSummary", { ok: okCount, total: report.occurrences.length })),
      table,
      seriesError,
      h("div", { class: "actions" }, confirm),
    ),
  );
  result.querySelector<HTMLElement>("h2")?.focus();
}
