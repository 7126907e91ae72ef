// The Book page's consumables and add-ons: a quantity per active item of the chosen asset, with the estimated
// price of the items (before VAT); sent as `items` with the booking. Hidden when the asset has none.

import { apiGet } from "../api";
import { h } from "../dom";
import { formatMoney } from "../format";
import { t } from "../i18n";
import type { Item } from "../types";
import "../messages/items"; // this area's strings

export interface ItemsFieldset {
  element: HTMLElement;
  /** Show the items of `assetId` (none: hidden). */
  setAsset: (assetId: number | null) => void;
  /** Items are for single bookings: hidden while the booking repeats. */
  setRepeating: (on: boolean) => void;
  /** `[{item, quantity}]` of the quantities above 0, or undefined without any. */
  payload: () => { item: number; quantity: number }[] | undefined;
}

/** `minor` minor units of `like`'s currency, as Money (the exponent read from `like`'s amount). */
export function moneyOf(
  minor: number,
  like: { amount: string; currency: string },
): { amount: string; currency: string } {
  const decimals = like.amount.split(".")[1]?.length ?? 0;
  return { amount: (minor / 10 ** decimals).toFixed(decimals), currency: like.currency };
}

export function unitPriceText(item: Item): string {
  const price = formatMoney(item.unit_price);
  return item.unit ? t("items.unitPrice", { price, unit: item.unit }) : t("items.unitPriceNoUnit", { price });
}

export function itemsFieldset(): ItemsFieldset {
  let rows: { item: Item; input: HTMLInputElement }[] = [];
  let asked = 0;
  let repeating = false;
  const list = h("ul", { class: "share-list" });
  const estimate = h("p", { class: "muted small", "aria-live": "polite", "data-testid": "book-items-estimate" });
  const element = h(
    "fieldset",
    { class: "fieldset stack", "data-testid": "book-items", hidden: true },
    h("legend", null, t("items.title")),
    h("p", { class: "field__hint muted" }, t("items.bookHint")),
    list,
    estimate,
  );

  const quantity = (input: HTMLInputElement) => {
    const value = Number(input.value);
    return Number.isInteger(value) && value > 0 ? value : 0;
  };

  const showEstimate = () => {
    const chosen = rows.filter((row) => quantity(row.input) > 0);
    if (!chosen.length) {
      estimate.textContent = "";
      return;
    }
    const minor = chosen.reduce((sum, row) => sum + row.item.unit_price_minor * quantity(row.input), 0);
    estimate.textContent = t("items.estimate", { amount: formatMoney(moneyOf(minor, chosen[0].item.unit_price)) });
  };

  const show = (items: Item[]) => {
    rows = items.map((item) => ({
      item,
      input: h("input", {
        type: "number",
        min: "0",
        step: "1",
        value: "0",
        inputmode: "numeric",
        class: "input input--narrow",
        "aria-label": t("items.quantityFor", { name: item.name }),
        "data-testid": `book-item-${item.id}`,
        onInput: showEstimate,
      }),
    }));
    list.replaceChildren(
      ...rows.map(({ item, input }) =>
        h(
          "li",
          { class: "share-list__item" },
          h("span", null, h("strong", null, item.name), " ", h("span", { class: "muted small" }, unitPriceText(item))),
          input,
        ),
      ),
    );
    element.hidden = !rows.length || repeating;
    showEstimate();
  };

  return {
    element,
    setAsset(assetId) {
      const ask = ++asked;
      show([]);
      if (!assetId) return;
      void apiGet<Item[]>(`/assets/${assetId}/items/`)
        .then((items) => {
          if (ask === asked) show(items.filter((item) => item.active));
        })
        .catch(() => undefined); // the booking works without items
    },
    setRepeating(on) {
      repeating = on;
      element.hidden = !rows.length || on;
    },
    payload() {
      const chosen = rows
        .filter((row) => quantity(row.input) > 0)
        .map((row) => ({ item: row.item.id, quantity: quantity(row.input) }));
      return chosen.length ? chosen : undefined;
    },
  };
}
