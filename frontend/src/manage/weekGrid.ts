// A week of local-time ranges (opening hours, peak windows): per weekday several ranges or closed.

import { h } from "../dom";
import { t } from "../i18n";
import { fieldId } from "./fields";
import { hhmm, WEEKDAYS, weekdayName, type FieldErrors } from "./model";
import "../messages/manage"; // this area's strings

export interface Range {
  weekday: number;
  begins: string; // "HH:MM"
  finishes: string;
}

export interface WeekGrid {
  element: HTMLElement;
  /** The ranges in the order they are sent, with the error-line name of each. */
  ranges: () => { range: Range; name: string }[];
}

interface Labels {
  begins: string;
  finishes: string;
  closed: string;
}

/** `prefix` names the error lines ("opening_hours"), `testid` the grid. */
export function weekGrid(errors: FieldErrors, prefix: string, initial: Range[], labels: Labels): WeekGrid {
  const days = new Map<number, HTMLElement>();
  const rangesOf = new Map<number, { begins: HTMLInputElement; finishes: HTMLInputElement; name: string }[]>();

  const renderDay = (weekday: number, ranges: Range[]) => {
    const row = days.get(weekday)!;
    errors.forget(`${prefix}.${weekday}.`);
    const dayName = weekdayName(weekday);
    const inputs: { begins: HTMLInputElement; finishes: HTMLInputElement; name: string }[] = [];
    const list = h("div", { class: "week-grid__ranges" });
    ranges.forEach((range, index) => {
      const name = `${prefix}.${weekday}.${index}`;
      const beginsId = fieldId(`${name}-begins`);
      const finishesId = fieldId(`${name}-finishes`);
      const begins = h("input", {
        class: "input input--compact",
        type: "time",
        id: beginsId,
        value: range.begins,
        "data-testid": `${prefix}-${weekday}-${index}-begins`,
      });
      const finishes = h("input", {
        class: "input input--compact",
        type: "time",
        id: finishesId,
        value: range.finishes,
        "data-testid": `${prefix}-${weekday}-${index}-finishes`,
      });
      const error = h("div", null);
      // The API names the row's field ("opens"/"starts" or "closes"/"ends"); both land on the row's line.
      const line = errors.node(name, begins);
      error.append(line);
      finishes.setAttribute("aria-describedby", line.id);
      inputs.push({ begins, finishes, name });
      list.append(
        h(
          "div",
          { class: "week-grid__range", "data-testid": `${prefix}-range` },
          h("label", { class: "visually-hidden", for: beginsId }, `${dayName}, ${labels.begins} ${index + 1}`),
          begins,
          h("span", { "aria-hidden": "true" }, "–"),
          h("label", { class: "visually-hidden", for: finishesId }, `${dayName}, ${labels.finishes} ${index + 1}`),
          finishes,
          h(
            "button",
            {
              type: "button",
              class: "btn btn--ghost btn--small",
              "aria-label": t("manage.hours.remove", { n: index + 1, day: dayName }),
              "data-testid": `${prefix}-${weekday}-${index}-remove`,
              onClick: () =>
                renderDay(
                  weekday,
                  current(weekday).filter((_item, i) => i !== index),
                ),
            },
            "✕",
          ),
          error,
        ),
      );
    });
    rangesOf.set(weekday, inputs);
    const closedId = fieldId(`${prefix}-${weekday}-closed`);
    const closed = h("input", {
      type: "checkbox",
      id: closedId,
      checked: ranges.length === 0,
      "data-testid": `${prefix}-${weekday}-closed`,
      onChange: () => renderDay(weekday, closed.checked ? [] : [{ weekday, begins: "09:00", finishes: "18:00" }]),
    });
    const add = h(
      "button",
      {
        type: "button",
        class: "btn btn--ghost btn--small",
        "data-testid": `${prefix}-${weekday}-add`,
        onClick: () => {
          const last = current(weekday).at(-1);
          const begins = last && last.finishes !== "00:00" ? last.finishes : "09:00";
          renderDay(weekday, [
            ...current(weekday),
            { weekday, begins, finishes: begins < "22:00" ? "23:00" : "00:00" },
          ]);
        },
      },
      `+ ${t("manage.hours.add")}`,
    );
    row.replaceChildren(
      h("div", { class: "week-grid__day strong" }, dayName),
      h("label", { class: "check week-grid__closed", for: closedId }, closed, h("span", null, labels.closed)),
      ranges.length ? list : h("p", { class: "muted week-grid__ranges" }, labels.closed),
      h("div", { class: "week-grid__add" }, add),
    );
  };

  const current = (weekday: number): Range[] =>
    (rangesOf.get(weekday) ?? []).map((item) => ({
      weekday,
      begins: item.begins.value,
      finishes: item.finishes.value,
    }));

  const element = h("div", { class: "week-grid", "data-testid": `${prefix}-grid` });
  for (const weekday of WEEKDAYS) {
    const row = h("div", { class: "week-grid__row", "data-testid": `${prefix}-day-${weekday}` });
    days.set(weekday, row);
    element.append(row);
    renderDay(
      weekday,
      initial
        .filter((range) => range.weekday === weekday)
        .map((range) => ({ ...range, begins: hhmm(range.begins), finishes: hhmm(range.finishes) })),
    );
  }
  return {
    element,
    ranges: () =>
      WEEKDAYS.flatMap((weekday) =>
        (rangesOf.get(weekday) ?? []).map((item) => ({
          range: { weekday, begins: item.begins.value, finishes: item.finishes.value },
          name: item.name,
        })),
      ),
  };
}
