// The booking page of a bundle's part: the bundle's status, its other assets, its total and payers, and moving
// or cancelling the whole bundle (a part alone is neither moved nor cancelled).

import { apiPatch, apiPost } from "../api";
import { partList, type Bundle } from "../book/bundle";
import type { Catalog } from "../catalog";
import { h } from "../dom";
import { formatMoney } from "../format";
import { t } from "../i18n";
import { busyButton, errorText, statusBadge } from "../ui";
import "../messages/bundles"; // this area's strings

/** `mayChange`: the caller may move and cancel the booking (its holder, or a manager). */
export function bundleCard(bundle: Bundle, catalog: Catalog, mayChange: boolean, reload: () => void): HTMLElement {
  const error = h("div", { class: "alert alert--error", role: "alert", hidden: true, "data-testid": "bundle-error" });
  const act = (action: () => Promise<unknown>) => async () => {
    error.hidden = true;
    try {
      await action();
      reload();
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
    }
  };
  const live = bundle.status === "pending" || bundle.status === "approved";
  const shift = h("input", {
    id: `bundle-shift-${bundle.id}`,
    type: "number",
    step: "15",
    value: "60",
    class: "input input--narrow",
    "data-testid": "bundle-shift",
  });
  const controls =
    mayChange && live
      ? h(
          "div",
          { class: "stack" },
          h("p", { class: "muted small" }, t("bundle.partsHelp")),
          h("div", { class: "field" }, h("label", { class: "field__label", for: shift.id }, t("bundle.moveBy")), shift),
          h(
            "div",
            { class: "actions" },
            busyButton(
              t("bundle.moveSubmit"),
              { class: "btn btn--ghost", "data-testid": "bundle-move" },
              act(() => apiPatch(`/bundles/${bundle.id}/`, { shift_minutes: Number(shift.value) })),
            ),
            busyButton(
              t("bundle.cancelAll"),
              { class: "btn btn--danger-ghost", "data-testid": "bundle-cancel" },
              act(async () => {
                if (window.confirm(t("bundle.cancelConfirm"))) await apiPost(`/bundles/${bundle.id}/cancel/`, {});
              }),
            ),
          ),
        )
      : null;
  return h(
    "section",
    { class: "card stack", "aria-labelledby": "bundle-title", "data-testid": "bundle-card" },
    h("h2", { class: "card__title", id: "bundle-title" }, t("bundle.title")),
    h("p", null, h("strong", null, bundle.title), " ", statusBadge(bundle.status)),
    h("h3", { class: "card__subtitle" }, t("bundle.parts")),
    partList(bundle, catalog),
    bundle.total ? h("p", null, `${t("bundle.total")}: `, h("strong", null, formatMoney(bundle.total))) : null,
    bundle.payers.length
      ? h(
          "ul",
          { class: "plain-list", "aria-label": t("bundle.payers") },
          bundle.payers.map((payer) =>
            h("li", null, `${payer.member.name}: ${formatMoney(payer.amount)} `, statusBadge(payer.state)),
          ),
        )
      : null,
    error,
    controls,
  );
}
