// Cancelling a booking: what it costs now (the fee stated before confirming), an optional reason, and,
// for an occurrence of a series, "this and the following".

import { apiGet, apiPost } from "../api";
import { h } from "../dom";
import { formatMoney } from "../format";
import { t } from "../i18n";
import { busyButton, errorText, fill } from "../ui";
import type { CancellationFee, Reservation } from "../types";

export interface CancelPanelOptions {
  reservation: Reservation;
  /** After a cancellation (of this one, or of this and the following). */
  done: (updated: Reservation | null) => void;
  close: () => void;
}

export function cancelPanel({ reservation: r, done, close }: CancelPanelOptions): HTMLElement {
  const fee = h("div", { class: "fee", "data-testid": "cancel-fee" });
  const reason = h("input", {
    class: "input",
    id: `cancel-reason-${r.id}`,
    maxlength: "500",
    "data-testid": "cancel-reason",
    placeholder: t("mine.reasonPlaceholder"),
  });
  const error = h("div", { class: "field__error", role: "alert", hidden: true, "data-testid": "cancel-error" });
  void fill(
    fee,
    () => apiGet<CancellationFee>(`/reservations/${r.id}/cancellation-fee/`),
    (info) =>
      h(
        "p",
        null,
        info.fee && Number(info.fee.amount) > 0
          ? t("mine.feeCharged", { fee: formatMoney(info.fee) })
          : t("mine.feeFree"),
        info.policy ? h("span", { class: "muted" }, ` ${info.policy}`) : null,
      ),
    (err) => h("p", { class: "field__error" }, errorText(err)),
  );
  const run = (action: () => Promise<Reservation | null>) => async () => {
    error.hidden = true;
    try {
      done(await action());
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    }
  };
  return h(
    "div",
    { class: "cancel-panel", "data-testid": "cancel-panel" },
    h("h3", { class: "card__subtitle" }, t("mine.cancelTitle")),
    fee,
    h("div", { class: "field" }, h("label", { class: "field__label", for: reason.id }, t("mine.reason")), reason),
    error,
    h(
      "div",
      { class: "actions" },
      busyButton(
        t("mine.confirmCancel"),
        { class: "btn btn--danger", "data-testid": "confirm-cancel" },
        run(() => apiPost<Reservation>(`/reservations/${r.id}/cancel/`, { reason: reason.value })),
      ),
      r.series
        ? busyButton(
            t("mine.cancelFollowing"),
            { class: "btn btn--danger-ghost", "data-testid": "cancel-following" },
            run(async () => {
              await apiPost(`/series/${r.series}/cancel/`, { from: r.start, reason: reason.value });
              return null;
            }),
          )
        : null,
      h("button", { type: "button", class: "btn btn--ghost", onClick: close }, t("mine.keep")),
    ),
  );
}
