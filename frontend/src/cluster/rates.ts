// Standalone rates section of the Cluster page: what renting a comparable asset outside the cluster costs per
// hour, which Insights compares members' spend against.

import { apiPut } from "../api";
import { getAll } from "../catalog";
import { h } from "../dom";
import { t } from "../i18n";
import type { Asset } from "../types";
import { busyButton, fill } from "../ui";
import { input, section, select, showInline, stackTable, type StandaloneRate } from "./parts";
import "../messages/cluster"; // this area's strings

const CURRENCIES = ["EUR", "USD", "PEN", "COP", "MXN", "CAD", "CLP", "JPY", "KWD", "BHD"];
const DIGITS: Record<string, number> = { JPY: 0, CLP: 0, KWD: 3, BHD: 3 };

/** "250.00" in EUR → 25000 minor units; "" → null (no rate); NaN when it is not an amount. */
export function toMinor(amount: string, currency: string): number | null {
  const text = amount.trim().replace(",", ".");
  if (!text) return null;
  if (!/^\d+(\.\d+)?$/.test(text)) return NaN;
  return Math.round(Number(text) * 10 ** (DIGITS[currency] ?? 2));
}

export function fromMinor(minor: number | null | undefined, currency: string): string {
  if (minor == null) return "";
  const digits = DIGITS[currency] ?? 2;
  return (minor / 10 ** digits).toFixed(digits);
}

export function ratesSection(): HTMLElement {
  const body = h("div", { class: "stack" });
  const reload = (): Promise<void> =>
    fill(
      body,
      () => Promise.all([getAll<Asset>("/assets/"), getAll<StandaloneRate>("/insights/standalone-rates/")]),
      ([assets, rates]) =>
        stackTable(
          "rates-table",
          [t("cluster.assets.asset"), t("cluster.rates.rate"), t("cluster.rates.currency"), t("cluster.actions")],
          assets.map((asset) => {
            const rate = rates.find((r) => r.asset === asset.id);
            const currency = select(
              `rate-currency-${asset.id}`,
              CURRENCIES.map((c): [string, string] => [c, c]),
              rate?.currency ?? "EUR",
            );
            currency.setAttribute("aria-label", t("cluster.rates.currencyOf", { name: asset.name }));
            const amount = input(`rate-amount-${asset.id}`, {
              inputmode: "decimal",
              class: "input input--narrow",
              value: fromMinor(rate?.hourly_rate_minor, rate?.currency ?? "EUR"),
              "aria-label": t("cluster.rates.rateOf", { name: asset.name }),
            });
            const error = h("p", {
              class: "field__error",
              hidden: true,
              id: `rate-${asset.id}-error`,
              "data-testid": "rate-error",
            });
            amount.setAttribute("aria-describedby", error.id);
            return [
              h("span", { class: "strong" }, asset.name),
              amount,
              currency,
              h(
                "div",
                { class: "actions" },
                busyButton(
                  t("cluster.save"),
                  { class: "btn btn--small btn--ghost", "data-testid": `save-rate-${asset.id}` },
                  async () => {
                    const minor = toMinor(amount.value, currency.value);
                    if (Number.isNaN(minor)) {
                      error.textContent = t("cluster.rates.invalid");
                      error.hidden = false;
                      amount.setAttribute("aria-invalid", "true");
                      return;
                    }
                    try {
                      await apiPut(`/assets/${asset.id}/standalone-rate/`, {
                        hourly_rate_minor: minor,
                        currency: currency.value,
                      });
                      await reload();
                    } catch (e) {
                      showInline(amount, error, e, "hourly_rate_minor");
                    }
                  },
                ),
                error,
              ),
            ];
          }),
          "rate-row",
        ),
    );
  void reload();
  return section(
    "cluster-rates",
    t("cluster.rates.title"),
    h("p", { class: "muted small" }, t("cluster.rates.help")),
    body,
  );
}
