// Labelled inputs of the Manage page, each with its error line.

import { h } from "../dom";
import type { FieldErrors } from "./model";

let sequence = 0;

export function fieldId(name: string): string {
  return `manage-${name.replace(/[^a-z0-9]+/gi, "-")}-${++sequence}`;
}

export interface NumberField {
  element: HTMLElement;
  input: HTMLInputElement;
  /** The whole number typed, or null (blank or not a whole number). */
  value: () => number | null;
}

/** A whole-number field; `scale` turns the shown unit into the API's minutes (60 for hours). */
export function numberField(
  errors: FieldErrors,
  name: string,
  label: string,
  value: number | undefined,
  options: { min?: number; max?: number; step?: number; hint?: string } = {},
): NumberField {
  const id = fieldId(name);
  const input = h("input", {
    class: "input",
    id,
    name,
    type: "number",
    inputmode: "numeric",
    min: options.min ?? 0,
    max: options.max ?? null,
    step: options.step ?? 1,
    value: value ?? "",
    "data-testid": `field-${name}`,
  });
  const hint = options.hint ? h("p", { class: "field__hint muted", id: `${id}-hint` }, options.hint) : null;
  if (hint) input.setAttribute("aria-describedby", hint.id);
  const element = h("div", { class: "field" }, h("label", { class: "field__label", for: id }, label), input, hint);
  element.append(errors.node(name, input));
  return {
    element,
    input,
    value: () => (/^-?\d+$/.test(input.value.trim()) ? Number(input.value.trim()) : null),
  };
}

export function checkField(
  name: string,
  label: string,
  checked: boolean,
): { element: HTMLElement; input: HTMLInputElement } {
  const input = h("input", { type: "checkbox", name, checked, "data-testid": `field-${name}` });
  return { element: h("label", { class: "check" }, input, h("span", null, label)), input };
}

/** A titled card of the page: an <section> with its heading, for the section links. */
export function section(id: string, title: string, ...children: (Node | null)[]): HTMLElement {
  const headingId = `${id}-title`;
  return h(
    "section",
    { class: "card stack", id, "aria-labelledby": headingId, "data-testid": id },
    h("h2", { class: "card__title", id: headingId }, title),
    children,
  );
}
