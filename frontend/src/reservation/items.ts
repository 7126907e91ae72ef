// The booking page's consumables and add-ons: each item's estimated and actual quantity and its price. The booker's
// company changes the estimates before the start and confirms the actual quantities after check-out or completion.

import { apiPost } from "../api";
import { h } from "../dom";
import { formatMoney } from "../format";
import { t } from "../i18n";
import { busyButton, errorText } from "../ui";
import type { ReservationDetail } from "../types";
import "../messages/items"; // this area's strings

type Stage = "estimated" | "actual" | null;

/** What may change now: the estimates before the start, the actual quantities after use, else nothing. */
export function itemsStage(
  reservation: Pick<ReservationDetail, "status" | "start" | "checked_in_at" | "checked_out_at">,
  now: Date = new Date(),
): Stage {
  const live = reservation.status === "pending" || reservation.status === "approved";
  if (live && !reservation.checked_in_at && now < new Date(reservation.start)) return "estimated";
  if (reservation.status === "completed" || (reservation.status === "approved" && reservation.checked_out_at))
    return "actual";
  return null;
}

/** The items card; null when the booking has none. `mayChange`: the caller may set its quantities. */
export function itemsCard(reservation: ReservationDetail, mayChange: boolean, done: () => void): HTMLElement | null {
  const items = reservation.items;
  if (!items?.lines.length) return null;
  const stage = mayChange ? itemsStage(reservation) : null;
  const inputs = new Map<number, HTMLInputElement>();
  const quantityInput = (item: number, name: string, value: number) => {
    const input = h("input", {
      type: "number",
      min: "0",
      step: "1",
      inputmode: "numeric",
      value: String(value),
      class: "input input--narrow",
      "aria-label": t(stage === "actual" ? "items.actualFor" : "items.estimatedFor", { name }),
      "data-testid": `booking-item-${item}`,
    });
    inputs.set(item, input);
    return input;
  };
  const rows = items.lines.map((line) =>
    h(
      "tr",
      { "data-testid": "booking-item" },
      h("td", { "data-label": t("items.item") }, line.unit ? `${line.name} (${line.unit})` : line.name),
      h(
        "td",
        { class: "num", "data-label": t("items.estimated") },
        stage === "estimated"
          ? quantityInput(line.item, line.name, line.quantity_estimated)
          : String(line.quantity_estimated),
      ),
      h(
        "td",
        { class: "num", "data-label": t("items.actual") },
        stage === "actual"
          ? quantityInput(line.item, line.name, line.quantity_actual ?? line.quantity_estimated)
          : line.quantity_actual === null
            ? h("span", { class: "muted" }, t("items.notConfirmed"))
            : String(line.quantity_actual),
      ),
      h("td", { class: "num", "data-label": t("items.lineTotal") }, formatMoney(line.total)),
    ),
  );
  const status = h("p", { class: "muted small", role: "status", "data-testid": "booking-items-status" });
  const error = h("p", { class: "field__error", role: "alert", hidden: true, "data-testid": "booking-items-error" });
  const save = busyButton(
    t("items.save"),
    { class: "btn btn--primary", "data-testid": "booking-items-save" },
    async () => {
      error.hidden = true;
      const wanted = items.lines
        .map((line) => ({ item: line.item, quantity: Number(inputs.get(line.item)?.value) }))
        .filter((entry) => Number.isInteger(entry.quantity) && entry.quantity >= 0);
      try {
        await apiPost(`/reservations/${reservation.id}/items/`, { items: wanted });
        status.textContent = t("items.saved");
        done();
      } catch (err) {
        error.textContent = errorText(err);
        error.hidden = false;
      }
    },
  );
  return h(
    "section",
    { class: "card stack", "aria-labelledby": "items-title", "data-testid": "booking-items" },
    h("h2", { class: "card__title", id: "items-title" }, t("items.title")),
    stage ? h("p", { class: "muted small" }, t(stage === "actual" ? "items.confirmHint" : "items.changeHint")) : null,
    h(
      "table",
      { class: "table table--stack" },
      h("caption", { class: "visually-hidden" }, t("items.title")),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, t("items.item")),
          h("th", { scope: "col", class: "num" }, t("items.estimated")),
          h("th", { scope: "col", class: "num" }, t("items.actual")),
          h("th", { scope: "col", class: "num" }, t("items.lineTotal")),
        ),
      ),
      h("tbody", null, rows),
    ),
    h("p", { "data-testid": "booking-items-total" }, t("items.total", { amount: formatMoney(items.total) })),
    stage ? h("div", { class: "actions" }, save) : null,
    error,
    status,
  );
}
