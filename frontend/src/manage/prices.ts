// Prices per member tier: hourly and peak hourly rate, fixed fee, VAT and currency; a tier may have none.

import { h } from "../dom";
import { t, type MessageKey } from "../i18n";
import { fieldId } from "./fields";
import {
  CURRENCIES,
  TIERS,
  type Currency,
  type FieldErrors,
  type PriceRule,
  type PriceRuleInput,
  type Tier,
} from "./model";
import "../messages/manage"; // this area's strings

export interface PricesEditor {
  element: HTMLElement;
  /** The rules to send, with the error-line name of each row. */
  rules: () => { rule: PriceRuleInput; name: string }[];
}

interface TierInputs {
  currency: HTMLSelectElement;
  hourly: HTMLInputElement;
  peak: HTMLInputElement;
  fixed: HTMLInputElement;
  vat: HTMLInputElement;
}

function moneyInput(
  errors: FieldErrors,
  name: string,
  label: string,
  value: string,
  hint?: string,
): [HTMLElement, HTMLInputElement] {
  const id = fieldId(name);
  const input = h("input", {
    class: "input",
    id,
    type: "text",
    inputmode: "decimal",
    value,
    autocomplete: "off",
    "data-testid": `field-${name}`,
  });
  const hintNode = hint ? h("p", { class: "field__hint muted", id: `${id}-hint` }, hint) : null;
  if (hintNode) input.setAttribute("aria-describedby", hintNode.id);
  const field = h("div", { class: "field" }, h("label", { class: "field__label", for: id }, label), input, hintNode);
  field.append(errors.node(name, input));
  return [field, input];
}

export function pricesEditor(errors: FieldErrors, initial: PriceRule[]): PricesEditor {
  const inputs = new Map<Tier, TierInputs>();
  const element = h("div", { class: "price-tiers" });

  const renderTier = (slot: HTMLElement, tier: Tier, rule: PriceRule | null) => {
    errors.forget(`price_rules.${tier}`);
    inputs.delete(tier);
    const title = h("h3", { class: "card__subtitle" }, t(`manage.tier.${tier}` as MessageKey));
    if (!rule) {
      slot.replaceChildren(
        title,
        h("p", { class: "muted" }, t("manage.prices.none")),
        h(
          "button",
          {
            type: "button",
            class: "btn btn--ghost btn--small",
            "data-testid": `price-${tier}-add`,
            onClick: () => {
              const currency = (inputs.values().next().value?.currency.value as Currency | undefined) ?? "EUR";
              const zero = { amount: "0", currency };
              renderTier(slot, tier, {
                tier,
                currency,
                hourly_rate: zero,
                peak_hourly_rate: null,
                fixed_fee: zero,
                vat_rate: "21",
              });
            },
          },
          `+ ${t("manage.prices.add")}`,
        ),
      );
      return;
    }
    const name = `price_rules.${tier}`;
    const currencyId = fieldId(`${name}-currency`);
    const currency = h(
      "select",
      { class: "input", id: currencyId, "data-testid": `field-${name}.currency` },
      CURRENCIES.map((code) => h("option", { value: code, selected: code === rule.currency }, code)),
    );
    const [hourlyField, hourly] = moneyInput(
      errors,
      `${name}.hourly_rate`,
      t("manage.prices.hourly"),
      rule.hourly_rate.amount,
    );
    const [peakField, peak] = moneyInput(
      errors,
      `${name}.peak_hourly_rate`,
      t("manage.prices.peak"),
      rule.peak_hourly_rate?.amount ?? "",
      t("manage.prices.peakHint"),
    );
    const [fixedField, fixed] = moneyInput(
      errors,
      `${name}.fixed_fee`,
      t("manage.prices.fixed"),
      rule.fixed_fee?.amount ?? "0",
    );
    const [vatField, vat] = moneyInput(
      errors,
      `${name}.vat_rate`,
      t("manage.prices.vat"),
      String(Number(rule.vat_rate)),
    );
    const currencyField = h(
      "div",
      { class: "field" },
      h("label", { class: "field__label", for: currencyId }, t("manage.prices.currency")),
      currency,
    );
    currencyField.append(errors.node(`${name}.currency`, currency));
    inputs.set(tier, { currency, hourly, peak, fixed, vat });
    slot.replaceChildren(
      title,
      h("div", { class: "manage-grid" }, currencyField, hourlyField, peakField, fixedField, vatField),
      errors.node(name),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "btn btn--danger-ghost btn--small",
            "data-testid": `price-${tier}-remove`,
            onClick: () => renderTier(slot, tier, null),
          },
          t("manage.prices.remove"),
        ),
      ),
    );
  };

  for (const tier of TIERS) {
    const slot = h("div", { class: "price-tier stack", "data-testid": `price-${tier}` });
    element.append(slot);
    renderTier(slot, tier, initial.find((rule) => (rule.tier ?? "full") === tier) ?? null);
  }

  return {
    element,
    rules: () =>
      TIERS.filter((tier) => inputs.has(tier)).map((tier) => {
        const tierInputs = inputs.get(tier)!;
        const currency = tierInputs.currency.value as Currency;
        const money = (input: HTMLInputElement) => ({ amount: input.value.trim().replace(",", "."), currency });
        return {
          name: `price_rules.${tier}`,
          rule: {
            tier,
            currency,
            hourly_rate: money(tierInputs.hourly),
            peak_hourly_rate: tierInputs.peak.value.trim() ? money(tierInputs.peak) : null,
            fixed_fee: { amount: tierInputs.fixed.value.trim().replace(",", ".") || "0", currency },
            vat_rate: tierInputs.vat.value.trim().replace(",", ".") || "0",
          },
        };
      }),
  };
}
