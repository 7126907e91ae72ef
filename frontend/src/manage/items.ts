// Manage: the consumables and add-ons of the asset picked (name, unit, unit price, stock, offered), each saved on
// its own, and a form to add one. Bookings keep the unit price they were made at.

import { apiGet, apiPatch, apiPost } from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import { busyButton, errorText, fill } from "../ui";
import type { Item } from "../types";
import { section } from "./fields";
import "../messages/items"; // this area's strings

interface ItemInputs {
  name: HTMLInputElement;
  unit: HTMLInputElement;
  price: HTMLInputElement;
  stock: HTMLInputElement;
  active: HTMLInputElement;
}

/** "0.37" or "0,37" in minor units with `decimals`; null when it is not such an amount. */
export function parseMinor(text: string, decimals: number): number | null {
  const cleaned = text.trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(cleaned) || (cleaned.split(".")[1]?.length ?? 0) > decimals) return null;
  return Math.round(Number(cleaned) * 10 ** decimals);
}

function itemForm(key: string, item: Item | null, decimals: number, save: (body: object) => Promise<void>) {
  const id = (name: string) => `item-${key}-${name}`;
  const input = (name: keyof ItemInputs, attrs: Record<string, string>) =>
    h("input", { id: id(name), class: "input", "data-testid": `item-${key}-${name}`, ...attrs });
  const inputs: ItemInputs = {
    name: input("name", { maxlength: "100", value: item?.name ?? "", autocomplete: "off" }),
    unit: input("unit", { maxlength: "30", value: item?.unit ?? "", autocomplete: "off" }),
    price: input("price", { inputmode: "decimal", value: item?.unit_price.amount ?? "", autocomplete: "off" }),
    stock: input("stock", { type: "number", min: "0", step: "1", value: item?.stock?.toString() ?? "" }),
    active: h("input", {
      id: id("active"),
      type: "checkbox",
      checked: item?.active ?? true,
      "data-testid": `item-${key}-active`,
    }),
  };
  const field = (name: keyof ItemInputs, label: string) =>
    h("div", { class: "field" }, h("label", { class: "field__label", for: id(name) }, label), inputs[name]);
  const error = h("p", { class: "field__error", role: "alert", hidden: true, "data-testid": `item-${key}-error` });
  const button = busyButton(
    item ? t("items.edit") : t("items.add"),
    { class: item ? "btn btn--ghost" : "btn btn--primary", "data-testid": `item-${key}-save` },
    async () => {
      error.hidden = true;
      const price = parseMinor(inputs.price.value, decimals);
      const stock = inputs.stock.value.trim() === "" ? null : Number(inputs.stock.value);
      const problem =
        price === null
          ? t("items.invalidPrice")
          : stock !== null && !(Number.isInteger(stock) && stock >= 0)
            ? t("items.invalidStock")
            : null;
      if (problem) {
        error.textContent = problem;
        error.hidden = false;
        return;
      }
      const body = {
        name: inputs.name.value.trim(),
        unit: inputs.unit.value.trim(),
        unit_price_minor: price,
        stock,
        active: inputs.active.checked,
      };
      try {
        await save(body);
      } catch (err) {
        error.textContent = errorText(err);
        error.hidden = false;
      }
    },
  );
  return h(
    "div",
    { class: "stack item-form", "data-testid": `item-${key}` },
    h("div", { class: "manage-grid" }, field("name", t("items.name")), field("unit", t("items.unit"))),
    h("div", { class: "manage-grid" }, field("price", t("items.price")), field("stock", t("items.stock"))),
    h("label", { class: "check", for: id("active") }, inputs.active, h("span", null, t("items.active"))),
    h("div", { class: "actions" }, button),
    error,
  );
}

export function itemsPanel(assetId: number): HTMLElement {
  const body = h("div", { class: "stack", "data-testid": "items-list" });
  const load = () =>
    fill(
      body,
      () => apiGet<Item[]>(`/assets/${assetId}/items/`),
      (items) => {
        const decimals = items[0]?.unit_price.amount.split(".")[1]?.length ?? 2;
        return h(
          "div",
          { class: "stack" },
          items.length
            ? h(
                "ul",
                { class: "stack plain-list" },
                items.map((item) =>
                  h(
                    "li",
                    null,
                    itemForm(String(item.id), item, decimals, async (patch) => {
                      await apiPatch(`/items/${item.id}/`, patch);
                      void load();
                    }),
                  ),
                ),
              )
            : h("p", { class: "muted", "data-testid": "items-none" }, t("items.none")),
          h("h3", null, t("items.add")),
          itemForm("new", null, decimals, async (created) => {
            await apiPost(`/assets/${assetId}/items/`, created);
            void load();
          }),
        );
      },
    );
  void load();
  return section(
    "manage-items",
    t("items.manageTitle"),
    h("p", { class: "muted small" }, t("items.manageIntro")),
    body,
  );
}
