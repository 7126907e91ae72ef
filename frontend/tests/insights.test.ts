import { describe, expect, it } from "vitest";

import { amountIn, currenciesOf, defaultPeriod, deltaText, heatColor, insightsPath, moneyText } from "../src/insightsData";

describe("insights helpers", () => {
  it("builds API paths with optional group and CSV format", () => {
    expect(insightsPath("members", { from: "2025-03-01", to: "2025-03-31" })).toBe("/insights/members/?from=2025-03-01&to=2025-03-31");
    expect(insightsPath("utilisation", { from: "2025-03-01", to: "2025-03-31", group: "2" }, "csv")).toBe(
      "/insights/utilisation/?from=2025-03-01&to=2025-03-31&group=2&format=csv",
    );
  });

  it("defaults to last month and this month", () => {
    expect(defaultPeriod(new Date(2025, 0, 15))).toEqual({ from: "2024-12-01", to: "2025-01-31" });
  });

  it("colours closed cells grey and scales occupancy", () => {
    expect(heatColor(null)).toBe("#f1f3f5");
    expect(heatColor(0)).toBe("rgb(255, 255, 255)");
    expect(heatColor(100)).toBe("rgb(13, 110, 110)");
  });

  it("keeps currencies apart", () => {
    const rows = [{ savings: [{ amount: "10.00", currency: "PEN" }] }, { savings: [{ amount: "5.00", currency: "EUR" }] }];
    expect(currenciesOf(rows)).toEqual(["EUR", "PEN"]);
    expect(amountIn(rows[0].savings, "EUR")).toBe(0);
    expect(amountIn(rows[0].savings, "PEN")).toBe(10);
    expect(moneyText([])).toBe("—");
  });
});

describe("withheld figures", () => {
  it("shows a dash for a withheld over/under and signs the others", () => {
    expect(deltaText(null)).toBe("—");
    expect(deltaText(5.55)).toBe("+5.5");
    expect(deltaText(-3)).toBe("-3.0");
  });
});
