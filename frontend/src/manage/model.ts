// Shapes and small helpers of the Manage page: the asset's rules as the API gives them, and field errors.

import { h } from "../dom";
import { locale } from "../format";
import type { components } from "../openapi";

type Schemas = components["schemas"];
export type ManagedAsset = Schemas["Asset"];
export type AssetPatch = Schemas["PatchedAssetRequest"];
export type PriceRule = Schemas["PriceRule"];
export type PriceRuleInput = Schemas["PriceRuleRequest"];
export type Affected = Schemas["AffectedBooking"];
export type Change = Schemas["Change"];
export type ChangePage = Schemas["PaginatedChangeList"];
export type Tier = Schemas["TierEnum"];
export type Currency = Schemas["CurrencyEnum"];

export const TIERS: readonly Tier[] = ["full", "associate", "external"];
export const CURRENCIES: readonly Currency[] = ["EUR", "USD", "MXN", "COP", "PEN", "CAD", "CLP", "JPY", "KWD", "BHD"];
export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

/** Monday…Sunday (0 = Monday, as the API counts) in the user's language. */
export function weekdayName(weekday: number, style: "long" | "short" = "long"): string {
  const monday = new Date(Date.UTC(2024, 0, 1 + weekday)); // 2024-01-01 was a Monday
  return new Intl.DateTimeFormat(locale(), { weekday: style, timeZone: "UTC" }).format(monday);
}

/** "08:00:00" → "08:00". */
export function hhmm(time: string): string {
  return time.slice(0, 5);
}

/** Error lines registered by a name ("min_duration", "opening_hours.3", "price_rules.1.hourly_rate"). */
export class FieldErrors {
  private nodes = new Map<string, HTMLElement>();
  private inputs = new Map<string, HTMLElement>();
  private counter = 0;

  /** An error line for `name`, tied to `input` (aria-describedby, aria-invalid when shown). */
  node(name: string, input?: HTMLElement | null): HTMLElement {
    const id = `manage-error-${++this.counter}`;
    const line = h("p", { class: "field__error", id, hidden: true, "data-testid": `error-${name}` });
    this.nodes.set(name, line);
    if (input) {
      this.inputs.set(name, input);
      const described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", described ? `${described} ${id}` : id);
    }
    return line;
  }

  forget(prefix: string): void {
    for (const name of [...this.nodes.keys()])
      if (name.startsWith(prefix)) {
        this.nodes.delete(name);
        this.inputs.delete(name);
      }
  }

  clear(): void {
    for (const [name, line] of this.nodes) {
      line.textContent = "";
      line.hidden = true;
      this.inputs.get(name)?.removeAttribute("aria-invalid");
    }
  }

  /** Show `messages` under `name`; false when no line has that name. */
  show(name: string, messages: string[]): boolean {
    const line = this.nodes.get(name);
    if (!line) return false;
    line.textContent = messages.join(" ");
    line.hidden = false;
    this.inputs.get(name)?.setAttribute("aria-invalid", "true");
    return true;
  }

  /** Spread a DRF error body over the lines: `{field: [..]}`, and `{list: [{}, {field: [..]}]}` for rows. */
  showBody(body: unknown, rows: Record<string, string[]> = {}): string[] {
    const unplaced: string[] = [];
    if (!body || typeof body !== "object" || Array.isArray(body)) return unplaced;
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (key === "code" || key === "detail" || key === "field") continue;
      if (Array.isArray(value) && value.some((item) => item && typeof item === "object")) {
        value.forEach((row, index) => {
          if (!row || typeof row !== "object") return;
          const rowName = rows[key]?.[index] ?? `${key}.${index}`;
          for (const [field, messages] of Object.entries(row as Record<string, unknown>)) {
            const text = ([] as unknown[]).concat(messages).map(String);
            if (!this.show(`${rowName}.${field}`, text) && !this.show(rowName, text)) unplaced.push(...text);
          }
        });
        continue;
      }
      const text = ([] as unknown[]).concat(value).map(String);
      if (!this.show(key, text)) unplaced.push(...text);
    }
    return unplaced;
  }
}
