// The Book page's operator choice: on an asset that requires an operator, a note that a technician is booked with
// it; on one that offers one, a checkbox to ask for one. The booking's answer names the technician booked.

import { h } from "../dom";
import { t } from "../i18n";
import type { Asset, ReservationDetail } from "../types";
import "../messages/operators"; // this area's strings

export interface OperatorChoice {
  element: HTMLElement;
  /** Show the choice the asset offers (none: hidden). */
  setAsset: (asset: Asset | undefined) => void;
  /** What the booking request adds: `operator: true` when asked for on an asset that offers one. */
  payload: () => { operator?: boolean };
}

export function operatorChoice(): OperatorChoice {
  const input = h("input", { type: "checkbox", name: "operator", id: "book-operator", "data-testid": "book-operator" });
  const hint = h("p", { class: "field__hint muted", id: "book-operator-hint" }, t("operators.askHint"));
  input.setAttribute("aria-describedby", hint.id);
  const element = h("div", { class: "stack", "data-testid": "book-operator-choice", hidden: true });
  let mode: Asset["operator"] = "none";
  return {
    element,
    setAsset: (asset) => {
      mode = asset?.operator ?? "none";
      element.hidden = mode === "none";
      if (mode === "required")
        element.replaceChildren(
          h("p", { class: "small", "data-testid": "book-operator-included" }, t("operators.included")),
        );
      else if (mode === "optional")
        element.replaceChildren(
          h("label", { class: "check", for: input.id }, input, h("span", null, t("operators.ask"))),
          hint,
        );
      else element.replaceChildren();
    },
    payload: () => (mode === "optional" && input.checked ? { operator: true } : {}),
  };
}

/** The technician a booking came with, for its outcome card; null without one. */
export function operatorBooked(reservation: ReservationDetail): HTMLElement | null {
  const booked = reservation.operator_booking;
  return booked
    ? h("p", { "data-testid": "book-operator-booked" }, t("operators.booked", { name: booked.asset.name }))
    : null;
}
