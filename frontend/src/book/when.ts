// The "when" of a booking. An asset open only part of the day takes a date, a start and an end; an asset
// that takes bookings across midnight takes a start day and time and an end day and time, or whole days.
// A time handed over from the calendar is kept as it was drawn, even when it breaks a rule (the form then
// says which).

import { defaultEnd, spansDays, type BookingField } from "../booking";
import { append, h } from "../dom";
import { dateSaid } from "../ui";
import { t } from "../i18n";
import { endTimes, fromMinutes, openIntervals, startTimes, wallClock, weekdayOf, zonedToInstant } from "../tz";
import type { Asset } from "../types";

export interface When {
  date: string;
  start: string;
  endDate: string; // "" for an asset booked within one day
  end: string;
  wholeDays: boolean;
}

export interface WhenFields {
  element: HTMLElement;
  /** The controls a field error marks as invalid. */
  controls: Record<"date" | "start" | "end", HTMLElement>;
  read: () => When;
  setAsset: (asset: Asset | undefined) => void;
  set: (value: Partial<When>) => void;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

function option(value: string, label: string, selected: boolean): HTMLOptionElement {
  return h("option", { value, selected }, label);
}

/** `times` as options, plus `keep` (a time from the calendar) when it is a time the list lacks. */
function timeOptions(
  times: string[],
  keep: string,
  empty: string,
  label: (time: string) => string = (time) => time,
): HTMLOptionElement[] {
  const options = times.map((time) => option(time, label(time), time === keep));
  if (TIME.test(keep) && !times.includes(keep))
    options.push(option(keep, t("book.asDrawn", { time: label(keep) }), true));
  return options.length ? options : [option("", empty, true)];
}

/** Slot times of a day's opening hours, as ends: after an opening, up to its close. */
function dayEnds(asset: Asset, day: string): string[] {
  const out: string[] = [];
  for (const [opens, closes] of openIntervals(asset.opening_hours, weekdayOf(day))) {
    for (let m = opens === 0 ? 0 : opens + asset.slot_minutes; m < Math.min(closes, 1440); m += asset.slot_minutes)
      out.push(fromMinutes(m));
  }
  return out;
}

export function whenFields(
  initial: Partial<When>,
  errors: Record<BookingField, HTMLElement>,
  onChange: () => void,
): WhenFields {
  let asset: Asset | undefined;
  let multi = false;
  const dateInput = h("input", {
    id: "book-date",
    name: "date",
    type: "date",
    class: "input",
    "data-testid": "book-date",
    value: initial.date ?? "",
  });
  const endDateInput = h("input", {
    id: "book-end-date",
    name: "end_date",
    type: "date",
    class: "input",
    "data-testid": "book-end-date",
    value: initial.endDate ?? "",
  });
  const startSelect = h("select", { id: "book-start", name: "start", class: "input", "data-testid": "book-start" });
  const endSelect = h("select", { id: "book-end", name: "end", class: "input", "data-testid": "book-end" });
  const wholeBox = h("input", {
    id: "book-whole-days",
    type: "checkbox",
    checked: initial.wholeDays ?? false,
    "data-testid": "book-whole-days",
  });
  const dateHint = dateSaid(dateInput);
  const endDateHint = dateSaid(endDateInput);
  const element = h("div", { class: "when" });
  let keep = { start: initial.start ?? "", end: initial.end ?? "" };
  /** The person picked the end themselves: moving the start no longer moves it. */
  let endChosen = Boolean(initial.endDate);

  const field = (name: BookingField | null, label: string, control: HTMLElement, ...after: (HTMLElement | null)[]) =>
    h(
      "div",
      { class: "field" },
      h("label", { class: "field__label", for: control.id }, label),
      control,
      ...after,
      name ? errors[name] : null,
    );

  function fillSingleDay(): void {
    if (!asset) return;
    const date = dateInput.value;
    const starts = DAY.test(date) ? startTimes(asset.opening_hours, date, asset.slot_minutes, asset.min_duration) : [];
    startSelect.replaceChildren(
      ...timeOptions(starts, keep.start || startSelect.value, date ? t("book.closedThatDay") : t("book.pickDate")),
    );
    const start = startSelect.value;
    const ends = start
      ? endTimes(asset.opening_hours, date, start, asset.slot_minutes, asset.min_duration, asset.max_duration)
      : [];
    const wanted = keep.end || endSelect.value;
    const preferred =
      ends.includes(wanted) || (TIME.test(keep.end) && keep.end) ? wanted : start ? defaultEnd(asset, date, start) : "";
    endSelect.replaceChildren(
      ...timeOptions(ends, preferred, "", (time) => (time === "00:00" ? t("book.midnight") : time)),
    );
  }

  /** `startMoved`: the start day or time changed, so an end not chosen yet follows it. */
  function fillAcrossDays(startMoved: boolean): void {
    if (!asset) return;
    const date = dateInput.value;
    if (DAY.test(date) && (!DAY.test(endDateInput.value) || endDateInput.value < date)) endDateInput.value = date;
    const starts = DAY.test(date) ? startTimes(asset.opening_hours, date, asset.slot_minutes, asset.slot_minutes) : [];
    startSelect.replaceChildren(
      ...timeOptions(starts, keep.start || startSelect.value, date ? t("book.closedThatDay") : t("book.pickDate")),
    );
    const endDay = endDateInput.value;
    let wanted = keep.end || endSelect.value;
    if (startMoved && !endChosen && !keep.end && startSelect.value && DAY.test(date)) {
      // A new booking ends its minimum (or two hours) after the start, maybe on the next day.
      const at =
        zonedToInstant(date, startSelect.value, asset.timezone).getTime() + Math.max(asset.min_duration, 120) * 60000;
      const end = wallClock(new Date(at), asset.timezone);
      endDateInput.value = end.date;
      wanted = end.time;
    }
    const ends = DAY.test(endDateInput.value) ? dayEnds(asset, endDateInput.value) : [];
    endSelect.replaceChildren(...timeOptions(ends, wanted, endDay ? t("book.closedThatDay") : t("book.pickDate")));
  }

  function fill(startMoved = false): void {
    if (multi) fillAcrossDays(startMoved);
    else fillSingleDay();
    keep = { start: "", end: "" };
    // Values set here (a start day moving the end day) fire no event: say the days again.
    [dateInput, endDateInput].forEach((input) => input.dispatchEvent(new Event("input")));
  }

  function layout(): void {
    const whole = multi && wholeBox.checked;
    if (!multi) {
      element.replaceChildren(
        h(
          "div",
          { class: "row3" },
          field("date", t("book.date"), dateInput, dateHint),
          field("start", t("book.start"), startSelect),
          field("end", t("book.end"), endSelect),
        ),
      );
      return;
    }
    element.replaceChildren();
    append(element, [
      h("label", { class: "check" }, wholeBox, h("span", null, t("book.wholeDays"))),
      whole ? h("p", { class: "field__hint muted" }, t("book.wholeDaysHint")) : null,
      h(
        "div",
        { class: "row2" },
        field("date", whole ? t("book.firstDay") : t("book.startDate"), dateInput, dateHint),
        whole ? h("div", { hidden: true }, startSelect) : field("start", t("book.startTime"), startSelect),
      ),
      h(
        "div",
        { class: "row2" },
        field(whole ? "end" : null, whole ? t("book.lastDay") : t("book.endDate"), endDateInput, endDateHint),
        whole ? h("div", { hidden: true }, endSelect) : field("end", t("book.endTime"), endSelect),
      ),
    ]);
  }

  const changed = (startMoved: boolean) => {
    fill(startMoved);
    onChange();
  };
  dateInput.addEventListener("change", () => changed(true));
  endDateInput.addEventListener("change", () => {
    endChosen = true;
    keep.end = endSelect.value || "00:00";
    changed(false);
  });
  startSelect.addEventListener("change", () => {
    if (!multi) endSelect.value = "";
    keep.start = startSelect.value;
    changed(true);
  });
  endSelect.addEventListener("change", () => {
    endChosen = true;
    onChange();
  });
  wholeBox.addEventListener("change", () => {
    layout();
    onChange();
  });

  return {
    element,
    controls: { date: dateInput, start: startSelect, end: endSelect },
    read: () => {
      const whole = multi && wholeBox.checked;
      return {
        date: dateInput.value,
        start: whole ? "00:00" : startSelect.value,
        endDate: multi ? endDateInput.value : "",
        end: whole ? "00:00" : endSelect.value,
        wholeDays: whole,
      };
    },
    setAsset: (next) => {
      const wasMulti = multi;
      asset = next;
      multi = next ? spansDays(next) : false;
      if (!multi) endDateInput.value = "";
      if (multi && !wasMulti && !endDateInput.value && DAY.test(dateInput.value)) endDateInput.value = dateInput.value;
      layout();
      fill();
    },
    set: (value) => {
      if (value.date !== undefined) dateInput.value = value.date;
      if (value.endDate !== undefined) endDateInput.value = value.endDate;
      if (value.wholeDays !== undefined) wholeBox.checked = value.wholeDays;
      keep = { start: value.start ?? "", end: value.end ?? "" };
      layout();
      fill();
    },
  };
}
