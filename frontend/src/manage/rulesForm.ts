// The editable sections of one asset (booking rules, opening hours, prices, cancellation) and the body they send.

import { h } from "../dom";
import { t } from "../i18n";
import type { Member } from "../types";
import { checkField, numberField, section, type NumberField } from "./fields";
import type { AssetPatch, FieldErrors, ManagedAsset } from "./model";
import { pricesEditor } from "./prices";
import { weekGrid } from "./weekGrid";
import "../messages/manage"; // this area's strings
import "../messages/units"; // the capacity field's

export interface RulesForm {
  rules: HTMLElement;
  hours: HTMLElement;
  prices: HTMLElement;
  cancellation: HTMLElement;
  /** The PATCH body, and per list which error line each row reports to; null when a number is unreadable. */
  body: () => { patch: AssetPatch; rows: Record<string, string[]> } | null;
}

/** API minutes shown in `unit` minutes (60: hours, 1440: days). */
type Scaled = { field: NumberField; unit: number; key: keyof AssetPatch };

export function rulesForm(asset: ManagedAsset, members: Member[], errors: FieldErrors): RulesForm {
  const scaled: Scaled[] = [];
  const number = (
    key: keyof AssetPatch & keyof ManagedAsset,
    label: string,
    unit = 1,
    options: { min?: number; max?: number; hint?: string } = {},
  ) => {
    const minutes = asset[key] as number | undefined;
    const field = numberField(
      errors,
      key,
      label,
      minutes === undefined ? undefined : Math.round(minutes / unit),
      options,
    );
    scaled.push({ field, unit, key });
    return field.element;
  };

  const approval = checkField("requires_approval", t("manage.rules.approval"), Boolean(asset.requires_approval));
  const kioskPin = checkField("kiosk_pin", t("manage.rules.kioskPin"), Boolean(asset.kiosk_pin));
  const autoApproved = new Set(asset.auto_approved_members ?? []);
  const memberBoxes = members.map((member) => ({
    id: member.id,
    ...checkField(`auto_approved_${member.id}`, member.name, autoApproved.has(member.id)),
  }));
  const autoList = h(
    "fieldset",
    { class: "fieldset", "data-testid": "auto-approved" },
    h("legend", { class: "field__label" }, t("manage.rules.autoApproved")),
    h("p", { class: "field__hint muted" }, t("manage.rules.autoApprovedHint")),
    h(
      "div",
      { class: "chips-list" },
      memberBoxes.map((box) => box.element),
    ),
  );
  autoList.append(errors.node("auto_approved_members"));

  const rules = section(
    "manage-rules",
    t("manage.rules.title"),
    h(
      "div",
      { class: "manage-grid" },
      number("slot_minutes", t("manage.rules.slot"), 1, { min: 1, max: 1440 }),
      number("min_duration", t("manage.rules.minDuration"), 1, { min: 1 }),
      number("max_duration", t("manage.rules.maxDuration"), 1, { min: 1 }),
      number("min_notice", t("manage.rules.minNotice")),
      number("max_horizon", t("manage.rules.horizon"), 1440, { min: 1 }),
    ),
    h(
      "div",
      { class: "manage-grid" },
      number("setup_buffer", t("manage.rules.setup")),
      number("cleanup_buffer", t("manage.rules.cleanup")),
    ),
    h("p", { class: "field__hint muted" }, t("manage.rules.buffersHint")),
    h("div", { class: "stack" }, approval.element, errors.node("requires_approval", approval.input)),
    h(
      "div",
      { class: "manage-grid" },
      number("approval_deadline", t("manage.rules.deadline"), 60),
      number("capacity", t("units.capacity"), 1, { min: 1, max: 200, hint: t("units.capacityHint") }),
      number("waitlist_hold_minutes", t("manage.rules.waitlistHold"), 1, {
        min: 1,
        max: 1440,
        hint: t("manage.rules.waitlistHoldHint"),
      }),
    ),
    members.length ? autoList : null,
    h("div", { class: "stack" }, kioskPin.element, errors.node("kiosk_pin", kioskPin.input)),
  );

  const hoursGrid = weekGrid(
    errors,
    "opening_hours",
    (asset.opening_hours ?? []).map((row) => ({ weekday: row.weekday, begins: row.opens, finishes: row.closes })),
    { begins: t("manage.hours.opens"), finishes: t("manage.hours.closes"), closed: t("manage.hours.closed") },
  );
  const hours = section(
    "manage-hours",
    t("manage.hours.title"),
    h("p", { class: "muted" }, t("manage.hours.hint")),
    hoursGrid.element,
    errors.node("opening_hours"),
  );

  const priceEditor = pricesEditor(errors, asset.price_rules ?? []);
  const peakGrid = weekGrid(
    errors,
    "peak_windows",
    (asset.peak_windows ?? []).map((row) => ({ weekday: row.weekday, begins: row.starts, finishes: row.ends })),
    { begins: t("manage.hours.from"), finishes: t("manage.hours.to"), closed: t("manage.prices.noPeak") },
  );
  const prices = section(
    "manage-prices",
    t("manage.prices.title"),
    h("p", { class: "muted" }, t("manage.prices.hint")),
    priceEditor.element,
    errors.node("price_rules"),
    h("h3", { class: "card__subtitle" }, t("manage.prices.peakWindows")),
    h("p", { class: "muted" }, t("manage.prices.peakWindowsHint")),
    peakGrid.element,
    errors.node("peak_windows"),
  );

  const cancellation = section(
    "manage-cancellation",
    t("manage.cancel.title"),
    h(
      "div",
      { class: "manage-grid" },
      number("free_cancellation", t("manage.cancel.free"), 60),
      number("late_cancellation_fee_percent", t("manage.cancel.fee"), 1, { max: 100 }),
    ),
  );

  return {
    rules,
    hours,
    prices,
    cancellation,
    body: () => {
      const patch: Record<string, unknown> = {};
      let readable = true;
      for (const { field, unit, key } of scaled) {
        const value = field.value();
        if (value === null) {
          errors.show(key, [t("manage.number")]);
          readable = false;
        } else patch[key] = value * unit;
      }
      if (!readable) return null;
      patch.requires_approval = approval.input.checked;
      patch.kiosk_pin = kioskPin.input.checked;
      patch.auto_approved_members = memberBoxes.filter((box) => box.input.checked).map((box) => box.id);
      const hoursRows = hoursGrid.ranges();
      patch.opening_hours = hoursRows.map(({ range }) => ({
        weekday: range.weekday,
        opens: range.begins,
        closes: range.finishes,
      }));
      const peakRows = peakGrid.ranges();
      patch.peak_windows = peakRows.map(({ range }) => ({
        weekday: range.weekday,
        starts: range.begins,
        ends: range.finishes,
      }));
      const priceRows = priceEditor.rules();
      patch.price_rules = priceRows.map(({ rule }) => rule);
      return {
        patch: patch as AssetPatch,
        rows: {
          opening_hours: hoursRows.map((row) => row.name),
          peak_windows: peakRows.map((row) => row.name),
          price_rules: priceRows.map((row) => row.name),
        },
      };
    },
  };
}
