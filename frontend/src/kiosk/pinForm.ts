// Check-in with the six-digit PIN e-mailed to the booker, at an asset's kiosk where nobody (or somebody else) is
// signed in: POST /kiosk/assets/{id}/check-in/. Wrong PINs say how many tries are left; the fifth locks the PIN.

import { ApiError, apiGet, apiPost } from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import type { components } from "../openapi";
import { busyButton, errorText, showFieldError } from "../ui";
import "../messages/dayuse"; // this area's strings

export type KioskInfo = components["schemas"]["Kiosk"];
export type CheckedIn = components["schemas"]["KioskCheckedIn"];

export const getKiosk = (asset: number) => apiGet<KioskInfo>(`/kiosk/assets/${asset}/`);
const checkInWithPin = (asset: number, pin: string) => apiPost<CheckedIn>(`/kiosk/assets/${asset}/check-in/`, { pin });

/** The PIN form; `onDone` gets the check-in (the page says so and reloads what it shows). */
export function pinForm(asset: number, onDone: (checked: CheckedIn) => void): HTMLElement {
  const pin = h("input", {
    id: "kiosk-pin",
    class: "input input--pin",
    inputmode: "numeric",
    autocomplete: "one-time-code",
    pattern: "[0-9]{6}",
    maxlength: "6",
    "aria-describedby": "kiosk-pin-help",
    "data-testid": "kiosk-pin",
  });
  const problem = h("p", { class: "field__error", id: "kiosk-pin-error", role: "alert", hidden: true });
  const submit = busyButton(
    t("dayuse.pinSubmit"),
    { class: "btn btn--primary", "data-testid": "kiosk-pin-submit" },
    async () => {
      const value = pin.value.replace(/\s+/g, "");
      if (!/^\d{6}$/.test(value)) {
        void showFieldError(pin, problem, [t("dayuse.pinShape")]);
        pin.focus();
        return;
      }
      try {
        const checked = await checkInWithPin(asset, value);
        void showFieldError(pin, problem, []);
        pin.value = "";
        onDone(checked);
      } catch (error) {
        const message =
          error instanceof ApiError && error.code === "not_found" ? t("dayuse.kioskNotFound") : errorText(error);
        void showFieldError(pin, problem, [message]);
        pin.focus();
      }
    },
  );
  return h(
    "form",
    {
      class: "stack",
      novalidate: true,
      "data-testid": "kiosk-pin-form",
      onSubmit: (event: Event) => {
        event.preventDefault();
        submit.click();
      },
    },
    h(
      "div",
      { class: "field" },
      h("label", { class: "field__label", for: pin.id }, t("dayuse.pinLabel")),
      pin,
      h("p", { class: "field__hint muted", id: "kiosk-pin-help" }, t("dayuse.pinHelp")),
      problem,
    ),
    h("div", { class: "actions" }, submit),
  );
}
