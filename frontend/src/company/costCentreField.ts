// The Book page's cost-centre select: the chosen company's active cost centres, shown only when it has any.

import { h } from "../dom";
import { t } from "../i18n";
import { getCostCentres, type CostCentre } from "./data";
import "../messages/company"; // this area's strings

export interface CostCentreField {
  element: HTMLElement;
  /** The chosen cost centre's id, or null for none. */
  value: () => number | null;
  /** Load the cost centres of `member` (the select hides when it has no active one). */
  load: (member: number | null) => Promise<void>;
  /** A series is filed without a cost centre: the select is disabled with the reason. */
  setRepeating: (repeating: boolean) => void;
  error: HTMLElement;
}

export function costCentreField(): CostCentreField {
  const select = h("select", {
    id: "book-cost-centre",
    name: "cost_centre",
    class: "input",
    "data-testid": "book-cost-centre",
  });
  const hint = h("p", { class: "field__hint muted", id: "book-cost-centre-hint" }, t("company.costCentreHelp"));
  const error = h("p", { class: "field__error", id: "book-cost-centre-error", role: "alert", hidden: true });
  select.setAttribute("aria-describedby", hint.id);
  const element = h(
    "div",
    { class: "field", hidden: true, "data-testid": "book-cost-centre-field" },
    h("label", { class: "field__label", for: select.id }, t("company.costCentre")),
    select,
    hint,
    error,
  );
  let loaded = 0;

  async function load(member: number | null): Promise<void> {
    const ticket = ++loaded;
    let centres: CostCentre[] = [];
    if (member) centres = await getCostCentres(member).catch(() => []);
    if (ticket !== loaded) return;
    const active = centres.filter((c) => c.active);
    const kept = select.value;
    select.replaceChildren(
      h("option", { value: "" }, t("company.costCentreNone")),
      ...active.map((c) =>
        h("option", { value: c.id, selected: String(c.id) === kept }, c.name ? `${c.code} · ${c.name}` : c.code),
      ),
    );
    element.hidden = active.length === 0;
  }

  return {
    element,
    error,
    value: () => (element.hidden || select.disabled || !select.value ? null : Number(select.value)),
    load,
    setRepeating: (repeating) => {
      select.disabled = repeating;
      hint.textContent = repeating ? t("company.costCentreSeries") : t("company.costCentreHelp");
    },
  };
}
