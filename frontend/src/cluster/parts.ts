// Small pieces the Cluster and Changes pages share: labelled fields with their error line, tables that stack on a
// phone, and showing an API error next to the fields it names.

import { ApiError } from "../api";
import { h, type Child } from "../dom";
import type { components } from "../openapi";
import { errorText } from "../ui";

type Schemas = components["schemas"];
export type MemberAdmin = Schemas["MemberAdmin"];
export type FairShareEntry = Schemas["FairShareEntry"];
export type DeactivationPreview = Schemas["DeactivationPreview"];
export type ClusterUser = Schemas["ClusterUser"];
export type ManagerUser = Schemas["ManagerUser"];
export type Quota = Schemas["Quota"];
export type StandaloneRate = Schemas["StandaloneRate"];
export type Change = Schemas["Change"];
export type AssetGroup = Schemas["AssetGroup"];

export interface Field {
  wrap: HTMLElement;
  control: HTMLInputElement | HTMLSelectElement;
  error: HTMLElement;
}

/** A labelled control with a hidden error line the control names in aria-describedby. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement,
  hint: HTMLElement | null = null,
): Field {
  const error = h("p", {
    class: "field__error",
    id: `${control.id}-error`,
    hidden: true,
    "data-testid": `${control.id}-error`,
  });
  const described = [hint?.id, error.id].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", described);
  const wrap = h(
    "div",
    { class: "field" },
    h("label", { class: "field__label", for: control.id }, label),
    control,
    hint,
    error,
  );
  return { wrap, control, error };
}

export function input(id: string, attrs: Record<string, string | boolean | null> = {}): HTMLInputElement {
  return h("input", { id, name: id, class: "input", "data-testid": id, ...attrs });
}

export function select(id: string, options: [string, string][], value = ""): HTMLSelectElement {
  return h(
    "select",
    { id, name: id, class: "input", "data-testid": id },
    options.map(([key, label]) => h("option", { value: key, selected: key === value }, label)),
  );
}

/** Put each field's messages under it; whatever names no field goes to `general`. Returns true when shown. */
export function showErrors(fields: Record<string, Field>, general: HTMLElement, error: unknown): void {
  for (const item of Object.values(fields)) {
    item.error.hidden = true;
    item.error.textContent = "";
    item.control.removeAttribute("aria-invalid");
  }
  general.hidden = true;
  general.textContent = "";
  let placed = false;
  if (error instanceof ApiError) {
    const named = { ...error.fieldErrors };
    const single = (error.body as { field?: string } | null)?.field;
    if (single && !named[single]) named[single] = [error.message];
    for (const [name, messages] of Object.entries(named)) {
      const target = fields[name];
      if (!target) continue;
      target.error.textContent = messages.join(" ");
      target.error.hidden = false;
      target.control.setAttribute("aria-invalid", "true");
      placed = true;
    }
  }
  if (!placed) {
    general.textContent = errorText(error);
    general.hidden = false;
  }
}

export function clearErrors(fields: Record<string, Field>, general: HTMLElement): void {
  showErrors(fields, general, null);
  general.hidden = true;
}

export function generalError(testid: string): HTMLElement {
  return h("div", { class: "alert alert--error", role: "alert", hidden: true, "data-testid": testid });
}

/** A table that becomes labelled rows on a phone (.table--stack reads data-label). */
export function stackTable(testid: string, headers: string[], rows: Child[][], rowTestid = "row"): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "table table--stack", "data-testid": testid },
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          headers.map((label) => h("th", { scope: "col" }, label)),
        ),
      ),
      h(
        "tbody",
        null,
        rows.map((cells) =>
          h(
            "tr",
            { "data-testid": rowTestid },
            cells.map((cell, i) => h("td", { "data-label": headers[i] }, cell)),
          ),
        ),
      ),
    ),
  );
}

/** A card with a heading that the page's section links point at. */
export function section(id: string, title: string, ...children: Child[]): HTMLElement {
  return h(
    "section",
    { class: "card stack", id, "aria-labelledby": `${id}-title`, "data-testid": id },
    h("h2", { class: "card__title", id: `${id}-title` }, title),
    children,
  );
}

/** An error line next to one control of a table row: the field's messages, else the whole error. */
export function showInline(control: HTMLElement, line: HTMLElement, error: unknown, name: string): void {
  const messages = error instanceof ApiError && error.field(name).length ? error.field(name) : [errorText(error)];
  line.textContent = messages.join(" ");
  line.hidden = false;
  control.setAttribute("aria-invalid", "true");
}
