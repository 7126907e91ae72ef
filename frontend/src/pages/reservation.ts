import { h } from "../dom";
import type { PageContext } from "../pageContext";

export function renderReservationPage({ id }: PageContext): HTMLElement {
  return h("div", null, String(id));
}
