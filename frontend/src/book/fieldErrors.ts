import { BOOKING_FIELDS, type BookingField, type FieldErrors } from "../booking";
import { h } from "../dom";

export type FieldErrorNodes = Record<BookingField, HTMLElement>;

/** One hidden error line per booking field, with the ids the fields name in aria-errormessage. */
export function fieldErrorNodes(): FieldErrorNodes {
  const nodes = {} as FieldErrorNodes;
  for (const field of BOOKING_FIELDS)
    nodes[field] = h("p", {
      class: "field__error",
      id: `book-${field}-error`,
      "data-testid": `book-${field}-error`,
      hidden: true,
    });
  return nodes;
}

/** Show each field's message (and hide the lines of fields without one). */
export function showFieldErrors(nodes: FieldErrorNodes, messages: FieldErrors): void {
  for (const name of BOOKING_FIELDS) {
    nodes[name].textContent = messages[name] ?? "";
    nodes[name].hidden = !messages[name];
  }
}
