// A recorded change in words: its action, and each field's value before → after.

import { h } from "../dom";
import { formatDay, formatNumber } from "../format";
import { t, type MessageKey } from "../i18n";
import "../messages/cluster"; // this area's strings

/** A message when the key has one, else the fallback (other areas record actions this page has no words for). */
function known(key: string, fallback: string): string {
  const said = t(key as MessageKey);
  return said === key ? fallback : said;
}

export function actionLabel(action: string): string {
  return known(`changes.action.${action}`, action);
}

export function fieldLabel(name: string): string {
  return known(`changes.field.${name}`, name.replace(/_/g, " "));
}

export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return t(value ? "changes.yes" : "changes.no");
  if (Array.isArray(value)) return value.length ? value.map(valueText).join(", ") : t("changes.nobody");
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDay(value);
  if (typeof value === "string" && /^\d+\.\d+$/.test(value))
    return formatNumber(Number(value), { maximumFractionDigits: 4 });
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** One line per field that changed: "Weight: 1 → 2". */
export function changeLines(before: Record<string, unknown>, after: Record<string, unknown>): HTMLElement {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (!names.length) return h("span", { class: "muted" }, "—");
  return h(
    "ul",
    { class: "plain-list", "data-testid": "change-lines" },
    names.map((name) =>
      h(
        "li",
        { "data-testid": `change-${name}` },
        h("span", { class: "strong" }, `${fieldLabel(name)}: `),
        name in before ? h("span", { "data-testid": "before" }, valueText(before[name])) : null,
        name in before && name in after ? h("span", { "aria-label": t("changes.becomes") }, " → ") : null,
        name in after ? h("span", { "data-testid": "after" }, valueText(after[name])) : null,
      ),
    ),
  );
}
